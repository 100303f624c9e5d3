"""The printed file (dossier): seconds per child and per page, and a 100-child batch in one PDF.

Runs against its own scratch PostgreSQL database (a demo county from `seed_demo`, filled once;
later runs reuse it). Times `dossier.pdf.child_pdf` for a sample of children (the work of the
"print file" link, without the HTTP round trip), then `dossier.pdf.batch_pdf` for 100 open files
written to a file (the work of the batch job), with the process's peak memory.

    (cd bench && ../.venv/bin/python bench_dossier.py [--children 3000] [--sample 20] [--batch 100] [--png DIR])

`--png DIR` also renders the first sampled child's pages to DIR/page-N.png (pypdfium2), to look
at the layout.
"""

import argparse
import io
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench_registry import COUNTY, ensure_database
from common import setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench_dossier"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=3000, help="children in the demo county")
    parser.add_argument("--sample", type=int, default=20, help="children printed one by one")
    parser.add_argument("--batch", type=int, default=100, help="children in the batch")
    parser.add_argument("--language", default="zh-hans")
    parser.add_argument("--png", type=Path, help="render the first sampled child's pages to PNG here")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db.models import Count
    from django.utils import timezone, translation
    from pypdf import PdfReader

    from children.access import children_for_jobs
    from children.choices import Status
    from dossier.pdf import Printing, batch_pdf, child_pdf

    call_command("migrate", verbosity=0)
    if not children_for_jobs().exists():
        call_command("load_divisions", verbosity=0)
        call_command("seed_demo", county=COUNTY, children=args.children, verbosity=0)
    open_files = (
        children_for_jobs()
        .exclude(status=Status.CLOSED)
        .select_related("village", "household", "registered_by", "confirmed_by")
    )
    # The children with the most visits first: the longest files are the ones to time.
    sample = list(open_files.annotate(n=Count("visits")).order_by("-n", "pk")[: args.sample])
    printing = Printing(by="李红", at=timezone.now())
    print(f"{children_for_jobs().count()} children in the county; language {args.language}")

    with translation.override(args.language):
        child_pdf(sample[0], printing)  # warm-up: fonts found and loaded once per process
        seconds, pages = [], []
        for child in sample:
            t0 = time.perf_counter()
            pdf = child_pdf(child, printing)
            seconds.append(time.perf_counter() - t0)
            pages.append(len(PdfReader(io.BytesIO(pdf)).pages))
        per_page = sum(seconds) / sum(pages)
        print(
            f"one child: median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s, "
            f"{statistics.mean(pages):.1f} pages on average ({min(pages)}–{max(pages)}); {per_page:.2f} s per page"
        )
        if args.png:
            _png(child_pdf(sample[0], printing), args.png)

        # A batch as the job prints it: the first `batch` open files of the county in roster order
        # (a demo village has about 40, so the batch spans a few villages; the work is the same).
        batch = list(open_files.order_by("village_id", "name_pinyin", "pk")[: args.batch])
        before = peak_mb()
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "batch.pdf"
            t0 = time.perf_counter()
            with target.open("wb") as out:
                total_pages = batch_pdf(batch, printing, out)
            took = time.perf_counter() - t0
            size = target.stat().st_size
        print(
            f"batch of {len(batch)} children: {took:.1f} s, {total_pages} pages ({took / total_pages:.2f} s per page), "
            f"{size / 1e6:.1f} MB; peak memory {peak_mb():.0f} MB (before the batch {before:.0f} MB)"
        )


def _png(pdf: bytes, directory: Path) -> None:
    import pypdfium2  # a development dependency, only for --png

    directory.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    pages = len(document)
    for i in range(pages):
        document[i].render(scale=1.4).to_pil().save(directory / f"page-{i + 1}.png")
    document.close()
    print(f"{pages} pages rendered to {directory}")


if __name__ == "__main__":
    main()
