"""The allowance dashboard of the county officer and the township supervisor (benefits.figures),
and each of its tables as a formula-safe, audited .xlsx. Amounts only for those who pay
(access.can_see_amounts); the supervisor sees how many children were paid instead."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from audit.actions import do_log, do_log_many
from audit.reads import default_why, note_read
from core.sheets import safe_row
from geo.models import Division

from . import access, figures, queries
from .audit_actions import EXPORT
from .models import Category

PAGE = 50
TABLES = ("areas", "waiting", "spending")


def _days(value) -> str:
    return "—" if value is None else f"{value:g}"


def _context(request) -> dict:
    user = request.user
    today = timezone.localdate()
    area = figures.area_for(user, request.GET.get("area"))
    areas = figures.beneficiaries_by_area(user, area)
    waiting = figures.waiting_applications(user)
    amounts = access.can_see_amounts(user)
    spending = figures.spending_by_month(user, amounts=amounts, until=today)
    return {
        "today": today,
        "area": area,
        "area_division": Division.objects.filter(code=area).first() if area else None,
        "own_area": figures.area_for(user, None),
        "areas": areas,
        "waiting": waiting,
        "amounts": amounts,
        "spending": spending,
        "categories": Category.choices,
    }


@login_required
def dashboard(request):
    user = request.user
    if not access.can_see_dashboard(user):
        raise Http404
    ctx = _context(request)
    today = ctx["today"]
    areas_page = Paginator(ctx["areas"], PAGE).get_page(request.GET.get("areas_page"))
    waiting_page = Paginator(ctx["waiting"], PAGE).get_page(request.GET.get("waiting_page"))
    for a in waiting_page:
        a.days = (today - timezone.localtime(a.since).date()).days
    note_read(request, [a.child_id for a in waiting_page], what="benefit_dashboard")
    steps = figures.waits_by_step(user, today)
    return render(
        request,
        "benefits/dashboard.html",
        ctx
        | {
            "areas_page": areas_page,
            "areas_total": sum(r.total for r in ctx["areas"]),
            "area_totals": [sum(r.counts.get(v, 0) for r in ctx["areas"]) for v, _l in Category.choices],
            "waiting_page": waiting_page,
            "steps": steps,
            "spending_total": sum((m.total for m in ctx["spending"]), ctx["spending"][0].total * 0),
            "gap_count": queries.eligible_not_receiving(user).count(),
        },
    )


def _sheet(title: str, header: list, rows: list[list]) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.append(safe_row(header))
    for row in rows:
        ws.append(safe_row(row))
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    wb.save(response)
    return response


@login_required
def dashboard_xlsx(request, table: str):
    """One table of the dashboard, whole (not only the page shown), as .xlsx: every cell
    formula-safe (core.sheets.safe_row); the export is audited, and for the waiting applications
    (which name children) on each child's history too."""
    user = request.user
    if not access.can_see_dashboard(user) or table not in TABLES:
        raise Http404
    ctx = _context(request)
    labels = [str(label) for _v, label in Category.choices]
    if table == "areas":
        header = [_("Area"), *labels, _("Total")]
        rows = [[r.name, *[r.counts.get(v, 0) for v, _l in Category.choices], r.total] for r in ctx["areas"]]
        rows.append(
            [
                _("Total"),
                *[sum(r.counts.get(v, 0) for r in ctx["areas"]) for v, _l in Category.choices],
                sum(r.total for r in ctx["areas"]),
            ]
        )
        title = _("Beneficiaries by area")
    elif table == "waiting":
        today = ctx["today"]
        apps = list(ctx["waiting"])
        header = [_("Name"), _("Village"), _("Kind"), _("Allowance"), _("Step"), _("Since"), _("Days waiting")]
        rows = [
            [
                a.child.name,
                a.child.village.name,
                a.get_kind_display(),
                a.get_category_display(),
                a.get_status_display(),
                timezone.localtime(a.since).date().isoformat(),
                (today - timezone.localtime(a.since).date()).days,
            ]
            for a in apps
        ]
        rows.append([_("Total"), len(apps), "", "", "", "", ""])
        title = _("Applications waiting")
        via = default_why(user)
        do_log_many(
            user,
            EXPORT,
            [(a.child, {"table": table, "export": "xlsx", "via": via}) for a in {a.child_id: a for a in apps}.values()],
            request=request,
        )
    else:
        unit = _("Yuan") if ctx["amounts"] else _("Children paid")
        header = [_("Month"), *labels, _("Total")]
        rows = [
            [m.month.strftime("%Y-%m"), *[m.by_category[v] for v, _l in Category.choices], m.total]
            for m in ctx["spending"]
        ]
        rows.append([_("Total"), *["" for _c in labels], sum((m.total for m in ctx["spending"]), 0)])
        title = f"{_('Spending by month')} ({unit})"
    do_log(user, EXPORT, request=request, details={"table": table, "area": ctx["area"], "rows": len(rows) - 1})
    response = _sheet(title, header, rows)
    response["Content-Disposition"] = f'attachment; filename="shouhu-allowances-{table}-{ctx["today"]:%Y-%m-%d}.xlsx"'
    return response
