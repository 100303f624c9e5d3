"""Crafted spreadsheet uploads (zip bombs, wide rows): time and memory until Shouhu refuses or reads them.

Run from the repository root::

    .venv/bin/python bench/bench_uploads.py

Each case runs in a fresh process through the caller's own reader (the school absence sheet,
the growth sheet) and reports wall time, the tracemalloc peak (Python allocations) and the
process's peak resident memory above what it had before reading.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench runs as a plain script from the repository root
    sys.path.insert(0, str(ROOT))

from core.tests.test_sheets import bomb_xlsx, wide_xlsx  # noqa: E402

CASES = {
    # name: (caller, builder)
    "school sheet, deflate bomb (330 MB of rows)": ("school", lambda: bomb_xlsx(330)),
    "school sheet, 5,000 rows, each 16,384 columns wide": ("school", lambda: wide_xlsx(4990)),
    "growth sheet, deflate bomb (550 MB of rows)": ("growth", lambda: bomb_xlsx(550)),
    "growth sheet, 20,000 rows, each 16,384 columns wide": ("growth", lambda: wide_xlsx(19990)),
}


def run_case(name: str, trace: bool) -> dict:
    caller, build = CASES[name]
    content = build()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from measurements.sheet import SheetError as GrowthSheetError
    from measurements.sheet import score_sheet
    from schools.sheet import SheetError as SchoolSheetError
    from schools.sheet import read_cells

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:  # tracemalloc slows allocation-heavy code several times: time in a run without it
        tracemalloc.start()
    t0, cpu0 = time.perf_counter(), time.process_time()
    outcome = "read"
    from django.utils import translation

    translation.activate("en")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            if caller == "school":
                read_cells("bomb.xlsx", content)
            else:
                source = Path(tmp) / "in.xlsx"
                source.write_bytes(content)
                score_sheet(source, Path(tmp) / "out.xlsx", lang="en")
        except (SchoolSheetError, GrowthSheetError) as exc:
            outcome = f"refused: {exc}"
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "size_mb": round(len(content) / 2**20, 2),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "peak_mb": round(peak / 2**20, 1),
        "rss_growth_mb": round((rss - base) / 1024, 1),
        "outcome": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.trace)))
        return
    print(f"{'upload':<52} {'file MB':>7} {'wall s':>7} {'CPU s':>7} {'peak MB':>7} {'RSS+ MB':>7}  outcome")
    for name in CASES:
        r = _run(name)
        r["peak_mb"] = _run(name, "--trace")["peak_mb"]
        print(
            f"{name:<52} {r['size_mb']:>7} {r['seconds']:>7} {r['cpu_seconds']:>7} {r['peak_mb']:>7} "
            f"{r['rss_growth_mb']:>7}  {r['outcome']}"
        )


def _run(name: str, *flags: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--case", name, *flags], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
