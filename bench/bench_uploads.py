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
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench runs as a plain script from the repository root
    sys.path.insert(0, str(ROOT))

from core.tests.test_sheets import bomb_xlsx, wide_xlsx  # noqa: E402

CASES = {
    # name: (caller, builder)
    "school sheet, deflate bomb (2.5 GB of rows in 2.5 MB)": ("school", lambda: bomb_xlsx(2500)),
    "school sheet, rows declared 16,384 columns wide": ("school", lambda: wide_xlsx(6000)),
    "growth sheet, deflate bomb (3.3 GB of rows in 3.3 MB)": ("growth", lambda: bomb_xlsx(3300)),
    "growth sheet, rows declared 16,384 columns wide": ("growth", lambda: wide_xlsx(21000)),
}


def run_case(name: str) -> dict:
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
    tracemalloc.start()
    t0 = time.perf_counter()
    outcome = "read"
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
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "size_mb": round(len(content) / 2**20, 2),
        "seconds": round(seconds, 3),
        "peak_mb": round(peak / 2**20, 1),
        "rss_growth_mb": round((rss - base) / 1024, 1),
        "outcome": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    print(f"{'upload':<56} {'file MB':>8} {'s':>7} {'peak MB':>8} {'RSS+ MB':>8}  outcome")
    for name in CASES:
        out = subprocess.run(  # noqa: S603 (our own script)
            [sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True, cwd=ROOT
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{name:<56} {r['size_mb']:>8} {r['seconds']:>7} {r['peak_mb']:>8} {r['rss_growth_mb']:>8}  {r['outcome']}"
        )


if __name__ == "__main__":
    main()
