"""Generated files at rest (core.generated): what encrypting a county's export costs.

    .venv/bin/python bench/bench_generated_files.py [--megabytes 70] [--runs 3]

A file the size of the county's full export (70 MB at 200,000 children, docs/performance.md) of
incompressible bytes (an .xlsx is a zip) is stored and read back three ways, each beside the
same file copied and read plain in the same run (the baseline): store() (encrypt in 1 MiB
chunks, mode 0600), chunks() (decrypt, as the download streams it), and the whole round trip.
Peak Python memory (tracemalloc) shows that neither side holds the file.

Target (issue 13): encryption adds seconds, not minutes, to an export that takes 2.5-4.5 min to
make, and memory stays flat.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=70)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from cryptography.fernet import Fernet
    from django.conf import settings

    media = Path(tempfile.mkdtemp(prefix="bench-generated-"))
    settings.configure(SHOUHU_FIELD_KEYS=[Fernet.generate_key().decode()], MEDIA_ROOT=str(media))
    from core import generated

    plain = media / "plain.xlsx"
    with plain.open("wb") as out:
        for _ in range(args.megabytes):
            out.write(os.urandom(1 << 20))
    size = plain.stat().st_size
    rows = {"copy plain (baseline)": [], "store encrypted": [], "read plain (baseline)": [], "read decrypted": []}
    peaks = {"store encrypted": 0, "read decrypted": 0}
    for run in range(args.runs):
        t0 = time.perf_counter()
        shutil.copyfile(plain, media / f"copy{run}.xlsx")
        rows["copy plain (baseline)"].append(time.perf_counter() - t0)

        tracemalloc.start()
        t0 = time.perf_counter()
        with plain.open("rb") as source:
            generated.store(source, "bench", f"f{run}.bin")
        rows["store encrypted"].append(time.perf_counter() - t0)
        peaks["store encrypted"] = max(peaks["store encrypted"], tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()

        t0 = time.perf_counter()
        with (media / f"copy{run}.xlsx").open("rb") as handle:
            while handle.read(1 << 20):
                pass
        rows["read plain (baseline)"].append(time.perf_counter() - t0)

        tracemalloc.start()
        t0 = time.perf_counter()
        total = sum(len(chunk) for chunk in generated.chunks("bench", f"f{run}.bin"))
        rows["read decrypted"].append(time.perf_counter() - t0)
        peaks["read decrypted"] = max(peaks["read decrypted"], tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert total == size
    stored = (media / "bench" / "f0.bin").stat().st_size
    print(f"file {size / 1e6:.1f} MB plain, {stored / 1e6:.1f} MB stored; {args.runs} runs")
    print(f"{'step':<24} {'median s':>9} {'MB/s':>8} {'peak Python memory':>20}")
    for label, times in rows.items():
        median = statistics.median(times)
        peak = f"{peaks[label] / 1e6:.1f} MB" if label in peaks else "—"
        print(f"{label:<24} {median:>9.2f} {size / 1e6 / median:>8.0f} {peak:>20}")
    shutil.rmtree(media)
    return 0


if __name__ == "__main__":
    sys.exit(main())
