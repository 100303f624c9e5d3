"""The dashboard's figures, read from the daily snapshot (dashboards.Figure) and never counted live.

Which figures exist and what they mean comes from the indicator registry (core.indicators), grouped
by `group`; which area a user may see comes from core.scope.statistics_code. A page reads a handful
of indexed queries whatever the area's size: the area's own row per indicator on one day, its
sub-areas' rows on that day, and its rows on the month-end days of the trend. Shares are computed
from the denominator named by `of`; a median is read from counts in time bands (`*_days_<lo>_<hi>`,
`*_days_<lo>_plus`).
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, ExpressionWrapper, F, FloatField, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core import indicators
from core.scope import code_range, statistics_code
from geo.models import Division

from .models import Figure

# The level of an area by the length of its code ("" is the country).
LEVEL_OF_LENGTH = {0: 0, 2: 1, 4: 2, 6: 3, 9: 4, 12: 5}
CODE_LENGTH = {0: 0, 1: 2, 2: 4, 3: 6, 4: 9, 5: 12}
COUNTY = 3
VILLAGE = 5
# Written by dashboards.simulate for each generated county (1) and summed upwards like any count:
# how many of an area's counties carry generated, not counted, figures. Not an indicator.
SIMULATED = "simulated_counties"
TREND_MONTHS = 24
BAND = re.compile(r"^(?P<stem>.+)_days_(?P<lo>\d+)_(?P<hi>\d+|plus)$")

GROUP_LABELS = {
    "registry": _("Registry"),
    "visits": _("Visits"),
    "protection": _("Reports and referrals"),
    "caseplans": _("Case plans"),
    "schools": _("School"),
    "growth": _("Growth"),
    "benefits": _("Allowances"),
    "workforce": _("Workforce"),
}


def level_of(code: str) -> int:
    return LEVEL_OF_LENGTH[len(code)]


def parent_code(code: str) -> str:
    level = level_of(code)
    return code[: CODE_LENGTH[level - 1]] if level > 0 else ""


def group_label(group: str):
    return GROUP_LABELS.get(group, group.replace("_", " ").capitalize())


# ---------------------------------------------------------------- the area a user may see


@dataclass
class Area:
    code: str
    name: str
    level: int

    @property
    def child_level(self) -> int | None:
        return self.level + 1 if self.level < VILLAGE else None


def country_name():
    return _("The whole country")


def access_area(user, code: str | None) -> Area:
    """The area asked for, if it lies within the user's statistics area, else 404 (missing and
    forbidden alike); without a code, the user's own area."""
    prefix = statistics_code(user)
    if prefix is None:
        raise Http404
    code = prefix if code is None else code.strip()
    if len(code) not in LEVEL_OF_LENGTH or (code and not code.isdigit()) or not code.startswith(prefix):
        raise Http404
    if code == "":
        return Area("", str(country_name()), 0)
    division = Division.objects.filter(code=code).only("code", "name", "level").first()
    if division is None:
        raise Http404
    return Area(division.code, division.name, division.level)


def breadcrumbs(user, area: Area) -> list[Area]:
    """The areas above this one, down from the user's own (never above it)."""
    prefix = statistics_code(user) or ""
    codes = []
    code = area.code
    while code != prefix and code:
        code = parent_code(code)
        codes.append(code)
    names = dict(Division.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name"))
    crumbs = [Area(c, names.get(c, c) if c else str(country_name()), level_of(c)) for c in reversed(codes)]
    return crumbs


# ---------------------------------------------------------------- days


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def trend_days(latest: date, months: int = TREND_MONTHS) -> list[date]:
    """The last day of each of the `months` months before the latest day's month, then the latest day."""
    days = []
    first = latest.replace(day=1)
    for _i in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
        days.append(month_end(first))
    return [*sorted(days), latest]


def latest_day(area: Area) -> date | None:
    """The newest day with figures for the area."""
    codes = [i.code for i in indicators.indicators()] or [SIMULATED]
    return (
        Figure.objects.filter(indicator__in=codes, level=area.level, area=area.code)
        .aggregate(latest=Max("day"))
        .get("latest")
    )


# ---------------------------------------------------------------- indicators


@dataclass
class Band:
    lo: int
    hi: int | None  # None: "and more"
    code: str

    @property
    def label(self) -> str:
        return f"{self.lo}+" if self.hi is None else f"{self.lo}–{self.hi}"


def groups() -> list[tuple[str, list]]:
    """The registry's indicators by group, in the registry's order."""
    found: dict[str, list] = {}
    for indicator in indicators.indicators():
        found.setdefault(indicator.group, []).append(indicator)
    return list(found.items())


def bands(codes) -> dict[str, list[Band]]:
    """Time-band indicators by stem ("reports" -> its 0–3, 4–7 … days bands), in order."""
    found: dict[str, list[Band]] = {}
    for code in codes:
        m = BAND.match(code)
        if m:
            hi = None if m["hi"] == "plus" else int(m["hi"])
            found.setdefault(m["stem"], []).append(Band(int(m["lo"]), hi, code))
    for stem_bands in found.values():
        stem_bands.sort(key=lambda b: b.lo)
    return found


def median_band(stem_bands: list[Band], values: dict[str, int]) -> Band | None:
    """The band holding the middle case (the lower middle when the count is even); None if no case."""
    total = sum(values.get(b.code, 0) for b in stem_bands)
    if total == 0:
        return None
    middle = (total + 1) // 2
    running = 0
    for b in stem_bands:
        running += values.get(b.code, 0)
        if running >= middle:
            return b
    return stem_bands[-1]


def share(values: dict[str, int], indicator) -> float | None:
    """The indicator as a percentage of its denominator (`of`), None without one or when it is 0."""
    if not indicator.of:
        return None
    whole = values.get(indicator.of, 0)
    return round(100 * values.get(indicator.code, 0) / whole, 1) if whole else None


@dataclass
class Column:
    """A column of the comparison table: an indicator's count, its share, or a band set's median."""

    key: str
    label: str
    indicator: object = None
    kind: str = "value"  # "value", "share", "median"
    stem_bands: list = field(default_factory=list)

    def of(self, values: dict[str, int]):
        if self.kind == "value":
            return values.get(self.indicator.code, 0)
        if self.kind == "share":
            return share(values, self.indicator)
        band = median_band(self.stem_bands, values)
        return band.label if band else None

    def codes(self) -> list[str]:
        """The figures this column is computed from."""
        if self.kind == "median":
            return [b.code for b in self.stem_bands]
        if self.kind == "share":
            return [self.indicator.code, self.indicator.of]
        return [self.indicator.code]

    def sort_value(self, values: dict[str, int]):
        if self.kind == "median":
            band = median_band(self.stem_bands, values)
            return -1 if band is None else band.lo
        value = self.of(values)
        return -1 if value is None else value


def columns(group_indicators) -> list[Column]:
    """One column per count, one more per share, one per band set's median (the bands themselves
    are shown in the area's distribution, not in every row)."""
    band_sets = bands(i.code for i in group_indicators)
    band_codes = {b.code for bs in band_sets.values() for b in bs}
    cols = []
    for indicator in group_indicators:
        if indicator.code in band_codes:
            continue
        cols.append(Column(indicator.code, str(indicator.label), indicator))
        if indicator.of:
            cols.append(Column(f"{indicator.code}.share", str(_("Share")), indicator, "share"))
    for stem, stem_bands in band_sets.items():
        cols.append(Column(f"{stem}.median", str(median_label(stem)), kind="median", stem_bands=stem_bands))
    return cols


def median_label(stem: str):
    return _("Median days (%(what)s)") % {"what": stem_label(stem)}


def stem_label(stem: str) -> str:
    """What a band set measures, named by its "answered" indicator if the registry has one."""
    for code in (f"{stem}_answered_30d", f"{stem}_opened_30d", stem):
        try:
            return str(indicators.get(code).label)
        except KeyError:
            continue
    return stem


# ---------------------------------------------------------------- reads


def area_values(area: Area, day: date, codes) -> dict[str, int]:
    rows = Figure.objects.filter(day=day, area=area.code, indicator__in=[*codes, SIMULATED])
    return dict(rows.values_list("indicator", "value"))


def sub_areas(area: Area) -> dict[str, str]:
    """The areas one level down, code -> name (every division, with or without figures)."""
    if area.child_level is None:
        return {}
    qs = Division.objects.filter(level=area.child_level)
    if area.code:
        qs = qs.filter(code__range=code_range(area.code))
    return dict(qs.order_by("code").values_list("code", "name"))


def counties(area: Area) -> dict[str, str]:
    """Every county of a province, prefecture or the country, code -> name."""
    qs = Division.objects.filter(level=COUNTY)
    if area.code:
        qs = qs.filter(code__range=code_range(area.code))
    return dict(qs.order_by("code").values_list("code", "name"))


def values_by_area(area: Area, level: int, day: date, codes) -> dict[str, dict[str, int]]:
    """Each area at `level` within `area`: its figures on the day."""
    qs = Figure.objects.filter(day=day, level=level, indicator__in=[*codes, SIMULATED])
    if area.code:
        qs = qs.filter(area__range=code_range(area.code))
    found: dict[str, dict[str, int]] = {}
    for code, indicator, value in qs.values_list("area", "indicator", "value"):
        found.setdefault(code, {})[indicator] = value
    return found


def trend(area: Area, latest: date, codes, months: int = TREND_MONTHS) -> list[tuple[date, dict[str, int]]]:
    """The area's figures on each month's last day (and the latest day), oldest first; days
    without a snapshot are left out."""
    days = trend_days(latest, months)
    found: dict[date, dict[str, int]] = {}
    rows = Figure.objects.filter(day__in=days, area=area.code, indicator__in=list(codes))
    for day, indicator, value in rows.values_list("day", "indicator", "value"):
        found.setdefault(day, {})[indicator] = value
    return sorted(found.items())


@dataclass
class Row:
    code: str
    name: str
    values: dict[str, int]
    cells: list = field(default_factory=list)  # each column's value (the export's cells)
    texts: list = field(default_factory=list)  # the same as shown (formatted once, not per template lookup)
    children_url: str | None = None
    url: str = ""

    @property
    def simulated(self) -> bool:
        return self.values.get(SIMULATED, 0) > 0


def ordered_areas(
    area: Area, day: date, group_indicators, *, by_county: bool = False, sort: str = "", descending: bool = True
):
    """(code, name) of every sub-area (or, for a province or the country, every county), in the order
    asked. Sorting by a count or a share is left to the database, each area's figure found through
    the (day, area, indicator) index, so that a page of the country's ~3,000 counties reads 50 rows;
    a median (rarely sorted by) is sorted here."""
    level = COUNTY if by_county else area.child_level
    if level is None:
        return []
    qs = Division.objects.filter(level=level)
    if area.code:
        qs = qs.filter(code__range=code_range(area.code))
    col = next((c for c in columns(group_indicators) if c.key == sort), None)
    if col is None:
        return qs.order_by("code").values_list("code", "name")
    sign = -1 if descending else 1
    if col.kind == "median":
        values = values_by_area(area, level, day, col.codes())
        rows = list(qs.values_list("code", "name"))
        return sorted(rows, key=lambda r: (sign * _num(col.sort_value(values.get(r[0], {}))), r[0]))

    def figure(code: str):
        found = Figure.objects.filter(day=day, area=OuterRef("code"), indicator=code).values("value")[:1]
        return Coalesce(Subquery(found), 0)

    qs = qs.annotate(part=figure(col.indicator.code))
    key = "part"
    if col.kind == "share":
        qs = qs.annotate(whole=figure(col.indicator.of)).annotate(
            ratio=Case(
                When(whole=0, then=Value(None)),
                default=ExpressionWrapper(F("part") * 1.0 / F("whole"), output_field=FloatField()),
                output_field=FloatField(),
            )
        )
        key = "ratio"
    # An area without a share (nothing to divide by) sorts as the smallest, as in the median's case.
    order = F(key).desc(nulls_last=True) if descending else F(key).asc(nulls_first=True)
    return qs.order_by(order, "code").values_list("code", "name")


def fill(rows, day: date, group_indicators) -> None:
    """Read every figure of the group for these rows and compute their cells."""
    codes = [*(i.code for i in group_indicators), SIMULATED]
    found: dict[str, dict[str, int]] = {}
    qs = Figure.objects.filter(day=day, area__in=[r.code for r in rows], indicator__in=codes)
    for code, indicator, value in qs.values_list("area", "indicator", "value"):
        found.setdefault(code, {})[indicator] = value
    cols = columns(group_indicators)
    for row in rows:
        row.values = found.get(row.code, {})
        row.cells = [c.of(row.values) for c in cols]
        row.texts = [text(v, c.kind == "share") for v, c in zip(row.cells, cols, strict=True)]


def text(value, is_share: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value}%" if is_share else str(value)


def _num(value) -> float:
    return value if isinstance(value, int | float) else -1
