"""Server-rendered SVG charts for the dashboard: no script, nothing inline for the CSP to refuse
(presentation attributes and classes only), readable without any download on a slow line.

Each chart is described by plain numbers here and drawn by templates/dashboards/_board_*.svg.html;
every chart on a page has its table next to it, which screen readers read instead (the SVG is
`aria-hidden`).
"""

from dataclasses import dataclass, field

BAR_WIDTH = 720
BAR_LABEL = 170  # room for an area's name left of its bar
BAR_ROW = 26
LINE_WIDTH = 720
LINE_HEIGHT = 260
LINE_MARGIN = {"left": 64, "right": 36, "top": 14, "bottom": 40}
SERIES = 6  # colours in the stylesheet (.series-0 … .series-5)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^n at or above the value (an axis top a reader can read)."""
    if value <= 0:
        return 1
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    while magnitude > value:
        magnitude /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            top = step * magnitude
            return int(top) if top >= 1 and float(top).is_integer() else top
    return 10 * magnitude


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


@dataclass
class Bar:
    label: str
    value: float
    text: str
    y: int
    width: float
    highlight: bool = False
    value_x: float = 0


@dataclass
class BarChart:
    bars: list[Bar]
    width: int = BAR_WIDTH
    height: int = 0
    label_width: int = BAR_LABEL
    plot_width: int = 0


def bar_chart(items: list[tuple[str, float | None, str]], *, highlight: str = "") -> BarChart:
    """Horizontal bars, one per (label, value, shown text), in the order given; None draws no bar."""
    plot = BAR_WIDTH - BAR_LABEL - 70
    top = max((v for _, v, _t in items if v is not None), default=0) or 1
    bars = []
    for index, (label, value, text) in enumerate(items):
        width = 0 if value is None else round(plot * value / top, 1)
        bars.append(Bar(label, value or 0, text, index * BAR_ROW, width, label == highlight, BAR_LABEL + width + 6))
    return BarChart(bars, height=len(items) * BAR_ROW + 4, plot_width=plot)


@dataclass
class Tick:
    text: str
    x: float = 0
    y: float = 0


@dataclass
class Series:
    label: str
    points: str  # "x,y x,y …" for <polyline>
    dots: list[tuple[float, float, str]]
    css: str


@dataclass
class LineChart:
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = LINE_WIDTH
    height: int = LINE_HEIGHT
    left: int = LINE_MARGIN["left"]
    right: int = LINE_WIDTH - LINE_MARGIN["right"]
    top: int = LINE_MARGIN["top"]
    bottom: int = LINE_HEIGHT - LINE_MARGIN["bottom"]
    unit: str = ""
    legend: list = field(default_factory=list)


def line_chart(x_labels: list[str], series: list[tuple[str, list[float | None]]], *, unit: str = "") -> LineChart:
    """Lines over the months: x_labels along the bottom, each series' values (None: no snapshot)."""
    m = LINE_MARGIN
    plot_w = LINE_WIDTH - m["left"] - m["right"]
    plot_h = LINE_HEIGHT - m["top"] - m["bottom"]
    top = nice_ceiling(max((v for _, vs in series for v in vs if v is not None), default=0))
    n = max(len(x_labels) - 1, 1)

    def x(i: int) -> float:
        return round(m["left"] + plot_w * i / n, 1)

    def y(v: float) -> float:
        return round(m["top"] + plot_h * (1 - v / top), 1)

    drawn = []
    for index, (label, values) in enumerate(series):
        pts = [(x(i), y(v), f"{_fmt(v)}{unit}") for i, v in enumerate(values) if v is not None]
        drawn.append(Series(label, " ".join(f"{px},{py}" for px, py, _t in pts), pts, f"series-{index % SERIES}"))
    every = max(1, (len(x_labels) + 7) // 8)  # at most about 8 month names along the axis
    x_ticks = [Tick(text, x(i), LINE_HEIGHT - m["bottom"] + 18) for i, text in enumerate(x_labels) if i % every == 0]
    y_ticks = [Tick(f"{_fmt(top * k / 4)}{unit}", m["left"] - 6, y(top * k / 4)) for k in range(5)]
    return LineChart(drawn, x_ticks, y_ticks, unit=unit)
