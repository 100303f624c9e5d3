"""A child's growth chart as a self-contained SVG string.

Curves are WHO's -3, -2, 0, +2 and +3 SD lines, ``M * (1 + L*S*z) ** (1/L)``
from the same LMS tables the scores use. Styling uses presentation attributes
only (no <style>, scripts or external fonts), so the SVG can be inlined under a
strict Content-Security-Policy; the viewBox lets it scale to a 360 px phone.
The caller passes every text (``labels``, keyed by :data:`LABEL_KEYS`), so the
package needs no language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import numpy as np

from growth.engine import DAYS_PER_MONTH, LENGTH_AGE_LIMIT_DAYS, REFERENCE_FROM_MONTHS, score_batch
from growth.lms import value_at_z
from growth.tables import tables

if TYPE_CHECKING:
    from collections.abc import Mapping

    from numpy.typing import ArrayLike

WIDTH, HEIGHT = 360, 300
LEFT, RIGHT, TOP, BOTTOM = 40, 26, 44, 36  # plot margins
SD_LINES = (-3, -2, 0, 2, 3)
SD_COLOURS = {0: "#2e7d32", 2: "#c62828", 3: "#333333"}  # WHO chart colours by |z|
POINT_COLOUR = "#1565c0"
FONT = "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
SAMPLES = 160  # points per curve segment
# Where the scores switch from the 2006 standard to the 2007 reference (60.0 months, as WHO
# anthro and anthroplus): the curves switch there too, so a point lies on the curve it is scored by.
SWITCH_DAY = REFERENCE_FROM_MONTHS * DAYS_PER_MONTH
LABEL_GAP = 10  # px between SD labels


@dataclass(frozen=True)
class _Spec:
    tables: tuple[str, ...]  # 2006 day table, then 2007 month table if any
    y_label: str  # key in LABEL_KEYS
    y_field: str  # BatchResult attribute plotted


_SPECS = {
    "haz": _Spec(("lhfa", "hfa_2007"), "length_cm", "height_cm"),
    "waz": _Spec(("wfa", "wfa_2007"), "weight_kg", "weight_kg"),
    "baz": _Spec(("bfa", "bfa_2007"), "bmi", "bmi"),
    "muacz": _Spec(("acfa",), "muac_cm", "muac_mm"),
    "wfl": _Spec(("wfl",), "weight_kg", "weight_kg"),
    "wfh": _Spec(("wfh",), "weight_kg", "weight_kg"),
}
# The 2006 standard's age tables (by day), scored and drawn under 60 months only.
_AGE_TABLES_2006 = {"lhfa", "wfa", "bfa", "acfa"}


# The labels render_chart may ask for: the charted indicators' names (whz is drawn as wfl or wfh),
# the sex, the axis labels and the two WHO sources.
LABEL_KEYS = frozenset(_SPECS) | {
    "boys",
    "girls",
    "age_months",
    "age_years",
    "length_cm",
    "weight_kg",
    "bmi",
    "muac_cm",
    "source_2006",
    "source_2007",
}

MONTH_STEPS = (1, 2, 3, 6, 12, 24)
YEAR_STEPS = (1, 2, 5)


def _ticks(lo: float, hi: float, steps: tuple[float, ...] | None = None, most: int = 8) -> list[float]:
    """Evenly spaced round tick values in [lo, hi], at most ``most`` of them."""
    if steps is None:
        mag = 10 ** math.floor(math.log10((hi - lo) / most))
        steps = tuple(k * mag for k in (1, 2, 2.5, 5, 10))
    step = next((s for s in steps if (hi - lo) / s <= most), steps[-1])
    first = math.ceil(lo / step - 1e-9) * step
    return [round(first + i * step, 10) for i in range(int((hi - first) / step + 1e-9) + 1)]


def _curve(name: str, sex0: int, x_days_or_cm: np.ndarray) -> tuple[dict[int, np.ndarray], np.ndarray]:
    """SD curve values at the given ages (days) or lengths (cm), and where defined."""
    table = tables()[name]
    x = x_days_or_cm / DAYS_PER_MONTH if name.endswith("_2007") else x_days_or_cm
    pos = table.position(x)
    ok = ~np.isnan(pos)
    if name in _AGE_TABLES_2006:
        ok &= x_days_or_cm < SWITCH_DAY
    elif name.endswith("_2007"):
        ok &= x_days_or_cm >= SWITCH_DAY
    lms = table.at(np.full(ok.sum(), sex0, dtype=np.intp), pos[ok])
    return {z: value_at_z(*lms, z) for z in SD_LINES}, ok


def render_chart(
    indicator: str,
    sex: int,
    age_days: ArrayLike | None,
    weight_kg: ArrayLike | None = None,
    length_cm: ArrayLike | None = None,
    measured_lying: ArrayLike | None = None,
    muac_mm: ArrayLike | None = None,
    *,
    labels: Mapping[str, str],
    name: str | None = None,
) -> str:
    """SVG growth chart of one child's measurements (one entry per visit).

    ``indicator``: 'haz', 'waz', 'baz', 'muacz', or 'whz' (weight-for-length
    before 731 days, weight-for-height after, chosen by the latest visit; visits
    scored on the other table are not drawn). Inputs are as for ``score_batch``;
    lengths are drawn after WHO's 0.7 cm lying/standing correction. ``labels``
    maps each of :data:`LABEL_KEYS` to its text in the reader's language.
    """
    n = len(np.atleast_1d(age_days if age_days is not None else length_cm))
    res = score_batch(np.full(n, sex), age_days, weight_kg, length_cm, measured_lying, muac_mm)
    sex0 = 1 if sex == 2 else 0
    ages = res.age_days
    if indicator == "whz":
        latest = np.nanmax(ages) if np.any(~np.isnan(ages)) else math.nan
        indicator = "wfl" if not latest >= LENGTH_AGE_LIMIT_DAYS else "wfh"
        same_table = np.where(np.isnan(ages), True, res.whz_by_length == (indicator == "wfl"))
        xs, ys = np.where(same_table, res.height_cm, np.nan), res.weight_kg
    elif indicator in _SPECS:
        xs, ys = ages, getattr(res, _SPECS[indicator].y_field)
    else:
        raise ValueError(f"unknown indicator {indicator!r}")
    spec = _SPECS[indicator]
    if spec.y_field == "muac_mm":
        ys = ys / 10

    by_length = indicator in ("wfl", "wfh")
    if by_length:
        t = tables()[indicator]
        lo, hi = t.start, t.end
    else:
        seen = xs[~np.isnan(xs) & ~np.isnan(ys)]
        top = seen.max() if seen.size else 0
        lo, hi = 0.0, 24 * DAYS_PER_MONTH  # 0-2 years, as WHO's own charts
        if top >= SWITCH_DAY and len(spec.tables) > 1:
            lo = 0.0 if seen.min() < SWITCH_DAY else SWITCH_DAY
            hi = tables()[spec.tables[1]].end * DAYS_PER_MONTH
        elif top > hi:
            hi = SWITCH_DAY

    curves: list[tuple[np.ndarray, dict[int, np.ndarray]]] = []
    for tname in spec.tables:
        grid = np.linspace(lo, hi, SAMPLES * (2 if hi - lo > 3000 else 1))
        values, ok = _curve(tname, sex0, grid)
        if ok.sum() > 1:  # a line needs two points (the 2007 curve may touch the window's end only)
            curves.append((grid[ok], values))

    pts = np.flatnonzero(~np.isnan(xs) & ~np.isnan(ys) & (xs >= lo) & (xs <= hi))
    # Keep only points inside a curve's range (e.g. no weight-for-age after 10 years).
    pts = np.array([i for i in pts if any(g[0] <= xs[i] <= g[-1] for g, _ in curves)], dtype=int)

    y_all = [v for _, c in curves for v in (c[-3], c[3])] + [ys[pts]]
    y_lo = min(float(np.min(v)) for v in y_all if len(v))
    y_hi = max(float(np.max(v)) for v in y_all if len(v))
    pad = (y_hi - y_lo) * 0.04
    y_lo, y_hi = y_lo - pad, y_hi + pad

    # Age axis: months up to 5 years, years beyond.
    in_years = not by_length and hi > SWITCH_DAY
    unit = 1.0 if by_length else (365.25 if in_years else DAYS_PER_MONTH)
    x_label = "length_cm" if by_length else ("age_years" if in_years else "age_months")

    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + (x - lo) / (hi - lo) * pw

    def py(y: float) -> float:
        return TOP + (y_hi - y) / (y_hi - y_lo) * ph

    def poly(x: np.ndarray, y: np.ndarray) -> str:
        return " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(x, y, strict=True))

    title = f"{labels[indicator]} · {labels['girls' if sex0 else 'boys']}"
    if name:
        title = f"{name} · {title}"
    sources = [labels["source_2006"]]
    if any(t.endswith("_2007") for t in spec.tables) and hi > SWITCH_DAY:
        sources.append(labels["source_2007"])

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" font-family="{FONT}" font-size="10">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{WIDTH / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold" '
        f'fill="#222222">{escape(title)}</text>',
        f'<text x="{WIDTH / 2}" y="31" text-anchor="middle" font-size="9" fill="#666666">'
        f"{escape(' / '.join(sources))}</text>",
    ]
    x_steps = None if by_length else (YEAR_STEPS if in_years else MONTH_STEPS)
    for tick in _ticks(lo / unit, hi / unit, x_steps, most=10):
        x = px(tick * unit)
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + ph}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP + ph + 12}" text-anchor="middle" fill="#444444">{tick:g}</text>')
    for tick in _ticks(y_lo, y_hi):
        y = py(tick)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + pw}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end" fill="#444444">{tick:g}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#999999"/>')
    for grid, values in curves:
        for z in SD_LINES:
            colour = SD_COLOURS[abs(z)]
            dash = ' stroke-dasharray="4 3"' if abs(z) == 3 else ""
            out.append(
                f'<polyline points="{poly(grid, values[z])}" fill="none" stroke="{colour}" stroke-width="1.2"{dash}/>'
            )
    if curves:
        _, values = curves[-1]
        # Label the curves at their right ends, pushed apart so they never overlap.
        label_y = [py(values[z][-1]) + 3 for z in SD_LINES]  # bottom (-3) to top (+3)
        for i in range(1, len(label_y)):
            label_y[i] = min(label_y[i], label_y[i - 1] - LABEL_GAP)
        for z, y in zip(SD_LINES, label_y, strict=True):
            label = f"{z:+d}".replace("-", "−") if z else "0"
            out.append(f'<text x="{LEFT + pw + 3}" y="{y:.1f}" fill="{SD_COLOURS[abs(z)]}">{label}</text>')
    if pts.size:
        order = pts[np.argsort(xs[pts], kind="stable")]
        if order.size > 1:
            out.append(
                f'<polyline points="{poly(xs[order], ys[order])}" fill="none" '
                f'stroke="{POINT_COLOUR}" stroke-width="1.5"/>'
            )
        for i in order:
            out.append(f'<circle cx="{px(xs[i]):.1f}" cy="{py(ys[i]):.1f}" r="3" fill="{POINT_COLOUR}"/>')
    out.append(
        f'<text x="{LEFT + pw / 2}" y="{HEIGHT - 6}" text-anchor="middle" fill="#222222">'
        f"{escape(labels[x_label])}</text>"
    )
    out.append(
        f'<text transform="translate(11 {TOP + ph / 2}) rotate(-90)" text-anchor="middle" '
        f'fill="#222222">{escape(labels[spec.y_label])}</text>'
    )
    out.append("</svg>")
    return "\n".join(out)
