"""The dashboard: an area's figures from the daily snapshot, with their definitions, its sub-areas
side by side, its months, and the way down to the children behind a figure for those whose scope
reaches them (an official above the county reads aggregates only: no child, no list of children).

Access: the area comes from board.access_area (core.scope.statistics_code); outside it is 404. Links
to children go to the registry's own scoped pages (the follow-up page, the roster), which check the
user's scope again: a link is shown only when core.scope.in_scope says the user reaches the area.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from audit.actions import do_log
from audit.models import AuditEvent
from core import indicators as registry
from core.scope import in_scope, scope_code
from core.sheets import safe_row
from geo.access import areas_for

from . import board
from .board_charts import bar_chart, line_chart

ROWS_PER_PAGE = 50  # areas per page of the comparison: a county's townships fit on one
FOLLOWUP_GROUPS = {"visits", "protection", "caseplans"}  # their children are listed on the follow-up page


def _link(request, **changes) -> str:
    """This page's address with some parameters changed (None removes one)."""
    query = {key: request.GET.get(key) for key in request.GET}
    query.update(changes)
    return "?" + urlencode({k: v for k, v in query.items() if v is not None})


def children_url(user, code: str, group: str, allowed: set[str]) -> str | None:
    """The registry page listing the children behind an area's figures, or None when the user's
    scope does not reach them (always None for an official above the county)."""
    if not in_scope(user, code):
        return None
    level = board.level_of(code)
    if group in FOLLOWUP_GROUPS and 1 <= level < board.VILLAGE:
        return reverse("followup_overdue") + "?" + urlencode({"area": code})
    # The roster filters by the areas one level below the user's own: the nearest one holding this area.
    narrowed = code
    while narrowed and narrowed not in allowed:
        narrowed = board.parent_code(narrowed)
    return reverse("roster") + ("?" + urlencode({"area": narrowed}) if narrowed else "")


class Board:
    """Everything one dashboard page (or its export) shows, read once."""

    def __init__(self, request, *, paged: bool = True):
        user = request.user
        self.area = board.access_area(user, request.GET.get("area"))
        all_groups = board.groups()
        keys = [key for key, _i in all_groups]
        self.group = request.GET.get("group") or (keys[0] if keys else "")
        if keys and self.group not in keys:
            raise Http404
        self.indicators = dict(all_groups).get(self.group, [])
        self.groups = [(key, board.group_label(key), _link(request, group=key, sort=None, page=None)) for key in keys]
        self.day = board.latest_day(self.area)
        # A prefecture's sub-areas are its counties already: the choice is for a province and the country.
        self.by_county = request.GET.get("by") == "county" and self.area.level < board.COUNTY - 1
        self.cols = board.columns(self.indicators)
        self.sort = request.GET.get("sort", "")
        self.descending = request.GET.get("dir", "desc") != "asc"
        self.crumbs = board.breadcrumbs(user, self.area)
        codes = [i.code for i in self.indicators]
        self.values = board.area_values(self.area, self.day, codes) if self.day else {}
        self.simulated = self.values.get(board.SIMULATED, 0)
        self.figures = [
            {
                "indicator": i,
                "value": self.values.get(i.code, 0),
                "share": board.share(self.values, i),
                "of": _label(i.of),
            }
            for i in self.indicators
            if not board.BAND.match(i.code)
        ]
        self.distributions = []
        for stem, stem_bands in board.bands(codes).items():
            median = board.median_band(stem_bands, self.values)
            self.distributions.append(
                {
                    "label": board.stem_label(stem),
                    "bands": [(b.label, self.values.get(b.code, 0)) for b in stem_bands],
                    "median": median.label if median else "",
                    "indicators": [registry.get(b.code) for b in stem_bands],
                }
            )
        areas = (
            board.ordered_areas(
                self.area,
                self.day,
                self.indicators,
                by_county=self.by_county,
                sort=self.sort,
                descending=self.descending,
            )
            if self.day
            else []
        )
        self.page = Paginator(areas, ROWS_PER_PAGE).get_page(request.GET.get("page")) if paged else None
        shown = [board.Row(code, name, {}) for code, name in (self.page if paged else areas)]
        if self.day:
            board.fill(shown, self.day, self.indicators)
        if paged:
            self.page.object_list = shown
        self.rows = shown
        # Only a user whose registry scope reaches children gets links to lists of them.
        self.can_list = scope_code(user) is not None
        allowed = {d.code for d in areas_for(user)} if self.can_list else set()
        for row in shown:
            row.children_url = children_url(user, row.code, self.group, allowed)
            row.url = _link(request, area=row.code, page=None, by=None)
        self.area_children_url = children_url(user, self.area.code, self.group, allowed) if self.area.code else None
        self.trend_choices = [i for i in self.indicators if not board.BAND.match(i.code)]
        chosen = request.GET.get("trend")
        self.trend_indicator = next(
            (i for i in self.trend_choices if i.code == chosen), self.trend_choices[0] if self.trend_choices else None
        )
        self.trend = board.trend(self.area, self.day, [*codes, board.SIMULATED]) if self.day else []

    # -------------------------------------------------------- what the page draws

    def header_links(self, request):
        links = []
        for col in self.cols:
            descending = not (self.sort == col.key and self.descending)
            links.append(
                {
                    "col": col,
                    "url": _link(request, sort=col.key, dir="desc" if descending else "asc", page=None),
                    "sorted": ("descending" if self.descending else "ascending") if self.sort == col.key else "",
                }
            )
        return links

    def bars(self):
        col = next((c for c in self.cols if c.key == self.sort and c.kind != "median"), None)
        col = col or next((c for c in self.cols if c.kind == "value"), None)
        if col is None or self.page is None:
            return None, None
        items = []
        for row in self.page:
            value = col.of(row.values)
            text = "" if value is None else f"{value}%" if col.kind == "share" else str(value)
            items.append((row.name, value, text))
        return col, bar_chart(items)

    def trend_table(self):
        cols = [c for c in self.cols if c.kind != "median"]
        return cols, [
            (day, [c.of(values) for c in cols], [board.text(c.of(values), c.kind == "share") for c in cols])
            for day, values in self.trend
        ]

    def trend_chart(self):
        i = self.trend_indicator
        if i is None or not self.trend:
            return None
        labels = [day.strftime("%Y-%m") for day, _v in self.trend]
        if i.of:
            values = [board.share(v, i) for _d, v in self.trend]
            return line_chart(labels, [(str(i.label), values)], unit="%")
        return line_chart(labels, [(str(i.label), [v.get(i.code, 0) for _d, v in self.trend])])


def _label(code: str) -> str:
    if not code:
        return ""
    try:
        return str(registry.get(code).label)
    except KeyError:
        return code


@login_required
def board_page(request):
    """An area's dashboard: the group's figures with their definitions, the sub-areas compared
    (sortable, paged), the months, and an .xlsx of the same."""
    b = Board(request)
    bar_col, bars = b.bars()
    trend_cols, trend_rows = b.trend_table()
    return render(
        request,
        "dashboards/board.html",
        {
            "b": b,
            "headers": b.header_links(request),
            "bar_col": bar_col,
            "bars": bars,
            "trend_cols": trend_cols,
            "trend_rows": trend_rows,
            "trend_chart": b.trend_chart(),
            "trend_links": [(i, _link(request, trend=i.code)) for i in b.trend_choices],
            "by_county_url": _link(request, by="county", page=None) if b.area.level < board.COUNTY - 1 else "",
            "by_area_url": _link(request, by=None, page=None),
            "export_url": reverse("board_xlsx") + _link(request, page=None),
            "area_level_label": _sub_area_label(b),
        },
    )


def _sub_area_label(b: Board) -> str:
    if b.by_county or b.area.child_level == board.COUNTY:
        return _("County")
    return {
        1: _("Province"),
        2: _("Prefecture"),
        4: _("Township"),
        5: _("Village"),
    }.get(b.area.child_level, "")


@login_required
def board_xlsx(request):
    """The page's three tables (figures with their definitions, every sub-area, the months) as a
    workbook: formula-safe cells, one audited summary event (aggregates only, no child)."""
    b = Board(request, paged=False)
    wb = Workbook(write_only=True)
    day = b.day.isoformat() if b.day else ""
    ws = wb.create_sheet(_("Figures"))
    ws.append(safe_row([b.area.name, str(board.group_label(b.group)), day]))
    if b.simulated:
        ws.append(safe_row([_("Simulated figures for the demonstration")]))
    ws.append(safe_row([_("Figure"), _("Value"), _("Share"), _("Of"), _("What is counted"), _("Period"), _("Source")]))
    for f in b.figures:
        i = f["indicator"]
        ws.append(
            safe_row([str(i.label), f["value"], f["share"], f["of"], str(i.counts), str(i.period), str(i.source)])
        )
    for d in b.distributions:
        for label, value in d["bands"]:
            ws.append(safe_row([f"{d['label']}: {label}", value, "", "", "", "", ""]))
        ws.append(safe_row([f"{d['label']}: {_('median')}", d["median"], "", "", "", "", ""]))
    ws = wb.create_sheet(_("Areas"))
    ws.append(safe_row([_("Code"), _("Area"), *[c.label for c in b.cols], _("Simulated")]))
    for row in b.rows:
        ws.append(safe_row([row.code, row.name, *row.cells, _("yes") if row.simulated else ""]))
    trend_cols, trend_rows = b.trend_table()
    ws = wb.create_sheet(_("Months"))
    ws.append(safe_row([_("Day"), *[c.label for c in trend_cols]]))
    for when, cells, _texts in trend_rows:
        ws.append(safe_row([when.isoformat(), *cells]))
    do_log(
        request.user,
        AuditEvent.Action.EXPORT,
        details={
            "export": "xlsx",
            "what": "dashboard",
            "area": b.area.code,
            "group": b.group,
            "day": day,
            "count": len(b.rows),
        },
        request=request,
    )
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = b.area.code or "national"
    response["Content-Disposition"] = f'attachment; filename="shouhu-dashboard-{name}-{b.group}-{day}.xlsx"'
    wb.save(response)
    return response
