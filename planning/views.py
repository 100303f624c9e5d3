"""Coverage planning pages: the plan of a county or township with a what-if form, the table of
counties for officials and administrators, the assumptions page, and the .xlsx download.

Nothing here shows a child: every figure is a count per village, township or county."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.scope import statistics_code
from core.sheets import safe_row
from core.versioning import conflict, merge_choices, save_merging

from . import access, actions, queries, texts
from .calc import Assumptions
from .estimates import assumptions_for
from .forms import AssumptionsForm, WhatIfForm
from .models import FIELDS

VILLAGES_PER_PAGE = 25
TOWNSHIPS_PER_PAGE = 50
COUNTIES_PER_PAGE = 50


@login_required
def planning_home(request):
    code = access.home_area(request.user)
    if code:
        return redirect("planning_area", code=code)
    counties = access.counties_for_statistics(request.user)
    if counties is None:
        raise Http404
    rows = queries.county_plans(statistics_code(request.user), counties)
    page = Paginator(rows, COUNTIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_open": access.can_plan(request.user),
        "can_edit_defaults": access.can_edit_assumptions(request.user, ""),
    }
    return render(request, "planning/counties.html", context)


def _whatif(request, saved: Assumptions) -> tuple[WhatIfForm, Assumptions, list[str]]:
    """The what-if form (bound when sent, else showing the saved numbers), the assumptions to
    calculate with, and the names of the numbers that differ from the saved ones."""
    if "whatif" not in request.GET:
        return WhatIfForm(initial={name: getattr(saved, name) for name, *_ in FIELDS}), saved, []
    form = WhatIfForm(request.GET)
    if not form.is_valid():
        return form, saved, []
    numbers = form.numbers()
    changed = [name for name, value in numbers.items() if getattr(saved, name) != value]
    return form, saved.with_values(**numbers), changed


def _calculation(request, code) -> dict:
    county, area = access.access_plan_area(request.user, code)
    form, used, changed = _whatif(request, assumptions_for(county.code))
    plan = queries.plan_for(area.code, county.code, used)
    return {"county": county, "area": area, "form": form, "used": used, "changed": changed, "plan": plan}


@login_required
def planning_area(request, code):
    c = _calculation(request, code)
    county, area, form, used, changed, plan = c["county"], c["area"], c["form"], c["used"], c["changed"], c["plan"]
    villages = Paginator(plan.villages_by_gap(), VILLAGES_PER_PAGE).get_page(request.GET.get("page"))
    townships = Paginator(plan.townships_by_gap(), TOWNSHIPS_PER_PAGE).get_page(request.GET.get("tpage"))
    context = {
        "county": county,
        "area": area,
        "is_county": area.pk == county.pk,
        "plan": plan,
        "form": form,
        "changed": changed,
        "assumptions": texts.assumption_rows(used, changed),
        "intervals": texts.interval_rows(plan.intervals),
        "villages": villages,
        "townships": townships,
        "overrides": len(used.travel_overrides),
        "can_edit": access.can_edit_assumptions(request.user, county.code),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "planning/plan.html", context)


@login_required
def planning_xlsx(request, code):
    c = _calculation(request, code)
    area, changed, plan = c["area"], c["changed"], c["plan"]
    wb = Workbook(write_only=True)
    for title, rows in texts.sheets(area, plan, changed):
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(safe_row(row))
    actions.do_log_export(request.user, area.code, what_if=bool(changed), request=request)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="shouhu-plan-{area.code}-{stamp}.xlsx"'
    wb.save(response)
    return response


def _assumptions_form(row, villages, data=None) -> AssumptionsForm:
    initial = {name: getattr(row, name) for name, *_ in FIELDS}
    initial |= {f"travel_{code}": minutes for code, minutes in (row.travel_overrides or {}).items()}
    initial |= {"note": row.note, "lock_version": row.lock_version}
    return AssumptionsForm(data, initial=initial, villages=villages)


@login_required
def assumptions_edit(request, area):
    county = access.access_assumptions_area(request.user, area)
    code = county.code if county else ""
    villages = texts.village_choices(code) if code else []
    back = reverse("planning_area", kwargs={"code": code}) if code else reverse("planning")
    if request.method == "POST":

        def save(data):
            form = _assumptions_form(actions.assumptions_row(code), villages, data)
            if not form.is_valid():
                return _assumptions_page(request, county, form, back)
            actions.do_set_assumptions(
                request.user,
                code,
                values=form.numbers(),
                overrides=form.overrides(),
                note=form.cleaned_data["note"],
                seen_version=form.seen_version,
                request=request,
            )
            messages.success(request, _("The assumptions are saved."))
            return redirect(back)

        def merge(data):
            fresh = _assumptions_form(actions.assumptions_row(code), villages, data)
            if not fresh.is_valid():
                return _assumptions_page(request, county, fresh, back)
            return conflict(request, data, [(fresh, "", True)], title=_("Planning assumptions"), cancel_url=back)

        return save_merging(request, merge_choices(request.POST), save, merge)
    return _assumptions_page(request, county, _assumptions_form(actions.assumptions_row(code), villages), back)


def _assumptions_page(request, county, form, back):
    context = {"county": county, "form": form, "back": back, "sources": texts.default_sources()}
    return render(request, "planning/assumptions.html", context)
