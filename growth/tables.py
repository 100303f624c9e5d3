"""WHO LMS tables, read from ``data/who_lms.npz`` once, on first use."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DATA_FILE = Path(__file__).with_name("data") / "who_lms.npz"
SCALE = 100_000  # see data/build_tables.py: L, M, S are stored as integers x 10**5
# sha256 of DATA_FILE, as recorded in data/SOURCES.md: a changed or damaged file is refused.
DATA_SHA256 = "7f4c3fe60fdad3865d1a2b98893dac398ca73310d501e3541abe70f57e3a690a"

# Positions this close outside a table still count as inside, so that float
# noise such as 45.7 - 0.7 = 44.99999999999999 does not lose a boundary row.
_EDGE = 1e-9


@dataclass(frozen=True, eq=False)
class LmsTable:
    """One WHO table for both sexes: row ``i`` holds L, M, S at ``start + i * step``.

    The arrays are flat, male rows first, then female rows, so that a row is
    found with one ``np.take`` on ``sex0 * rows + i`` (``sex0``: 0 male, 1 female).
    """

    name: str
    start: float
    step: float
    rows: int
    interpolate: bool
    l: np.ndarray  # noqa: E741 (L is the WHO name of the Box-Cox power)
    m: np.ndarray
    s: np.ndarray
    l_is_one: bool

    @property
    def end(self) -> float:
        return self.start + self.step * (self.rows - 1)

    def locate(self, x: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """Positions of the ``wanted`` values of ``x`` that fall inside the table.

        Returns ``(sel, pos)``: ``sel`` indexes those values (None when it is all
        of them, which saves a gather) and ``pos`` is their fractional row.
        """
        pos = (x - self.start) / self.step
        ok = wanted & (pos >= -_EDGE) & (pos <= self.rows - 1 + _EDGE)
        sel = None if ok.all() else np.flatnonzero(ok)
        if sel is not None:
            pos = pos[sel]
        return sel, np.clip(pos, 0, self.rows - 1, out=pos)

    def position(self, x: np.ndarray) -> np.ndarray:
        """Fractional row position of ``x``; NaN where ``x`` is outside the table."""
        x = np.asarray(x, dtype=float)
        sel, pos = self.locate(x, np.ones(x.shape, dtype=bool))
        out = np.full(x.shape, np.nan)
        out[slice(None) if sel is None else sel] = pos
        return out

    def at(self, sex0: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """L, M, S for finite positions from :meth:`position`.

        Day tables are looked up at the nearest whole day. The 0.1 cm
        weight-for-length/height tables (WHO anthro) and the monthly 2007
        reference (WHO anthroplus) interpolate L, M and S linearly between rows.
        """
        base = sex0 * self.rows
        if not self.interpolate:
            i = base + np.rint(pos).astype(np.intp)
            return self.l.take(i), self.m.take(i), self.s.take(i)
        lo = np.floor(pos)
        frac = pos - lo
        i0 = base + lo.astype(np.intp)
        # At the last row frac is 0, so reading the same row again is harmless.
        i1 = base + np.minimum(lo + 1, self.rows - 1).astype(np.intp)
        out = []
        for col in (self.l, self.m, self.s):
            v0 = col.take(i0)
            out.append(v0 + frac * (col.take(i1) - v0))
        return out[0], out[1], out[2]


# name: interpolate between rows?
_TABLES = {
    "lhfa": False,
    "wfa": False,
    "bfa": False,
    "acfa": False,
    # WHO 2006 expanded tables: head circumference (days 0-1856), triceps and
    # subscapular skinfold (days 91-1856), day-indexed like the others.
    "hcfa": False,
    "tsfa": False,
    "ssfa": False,
    "wfl": True,
    "wfh": True,
    "hfa_2007": True,
    "wfa_2007": True,
    "bfa_2007": True,
}


class TableChecksumError(ValueError):
    """The table file is not the one recorded in data/SOURCES.md."""


def _verified_bytes(path: Path, expected: str) -> bytes:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected:
        raise TableChecksumError(f"{path.name}: sha256 {digest}, expected {expected} (see data/SOURCES.md)")
    return data


@cache
def tables() -> dict[str, LmsTable]:
    """All tables by name, loaded on first call (about 1.5 MB in memory), checksum verified."""
    out = {}
    with np.load(io.BytesIO(_verified_bytes(DATA_FILE, DATA_SHA256))) as npz:
        for name, interpolate in _TABLES.items():
            lms = npz[f"{name}_lms"].astype(float) / SCALE
            start, step = npz[f"{name}_axis"]
            # No WHO L value is 0 and the interpolated tables never change sign
            # between rows, so the L = 0 (log) form of the LMS formula is not needed.
            if np.any(lms[:, :, 0] == 0):
                raise ValueError(f"{name}: L = 0 is not supported")
            rows = lms.shape[1]
            out[name] = LmsTable(
                name=name,
                start=float(start),
                step=float(step),
                rows=rows,
                interpolate=interpolate,
                l=np.ascontiguousarray(lms[:, :, 0].ravel()),
                m=np.ascontiguousarray(lms[:, :, 1].ravel()),
                s=np.ascontiguousarray(lms[:, :, 2].ravel()),
                l_is_one=bool(np.all(lms[:, :, 0] == 1)),
            )
    return out
