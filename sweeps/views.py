"""Pages of sweeps: start, a village's list, the progress, closing and the report.

Every sweep and item comes from sweeps.access; every write from sweeps.actions (a file's own
edits, closing and registration go through the registry's pages and actions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from accounts.models import User
from audit.reads import note_read, note_search
from children import actions as child_actions
from children.access import can_register, children_for
from children.queries import search
from core.errors import ActionError
from core.scope import code_range, scope_division
from core.sheets import safe_row
from geo.access import access_division
from geo.models import Division

from . import access, actions, queries, texts
from .forms import CloseFileForm, ListFilterForm, StartForm
from .models import SweepItem

OUT = SweepItem.Outcome
K = SweepItem.Kind
LIST_PAGE = 20  # a village's list on a phone: about four screens
PROGRESS_PAGE = 100
REPORT_PAGE = 50
CLOSING_REFRESH = 3  # seconds between two looks at a closing job


def _next(request, default: str) -> str:
    nxt = request.POST.get("next", "")
    return nxt if url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()) else default


@login_required
def sweep_list(request):
    user = request.user
    if not access.can_see_list(user):
        raise Http404
    sweeps = access.sweeps_for(user).select_related("area")
    page = Paginator(sweeps, PROGRESS_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "can_start": access.can_start(user), "is_cwd": user.role == User.Role.CWD}
    return render(request, "sweeps/sweep_list.html", context)


@login_required
def sweep_start(request):
    user = request.user
    if not access.can_start(user):
        raise Http404
    today = timezone.localdate()
    form = StartForm(
        request.POST or None,
        initial={"name": _("%(year)s sweep of children's files") % {"year": today.year}, "reference_date": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sweep = actions.do_start_sweep(user, **form.cleaned_data, request=request)
        except ActionError:
            messages.error(request, _("A sweep is already running in this county. Close it before starting another."))
        else:
            messages.success(
                request,
                _("The sweep has started: %(count)s files are on the villages' lists.")
                % {"count": sweep.files_at_start},
            )
            return redirect("sweep_detail", sweep_uuid=sweep.uuid)
    return render(request, "sweeps/sweep_start.html", {"form": form, "area": user.division})


@login_required
def sweep_detail(request, sweep_uuid):
    """The progress per township (county) or per village (a township), least progress first."""
    user = request.user
    sweep = access.access_sweep(user, sweep_uuid)
    scope = scope_division(user)
    if user.role == User.Role.CWD and scope is not None:
        return redirect("sweep_village", sweep_uuid=sweep.uuid, village=scope.code)
    if not access.can_see_progress(user):
        raise Http404
    area = scope if scope is not None and scope.level > Division.Level.COUNTY else sweep.area
    if request.GET.get("area"):
        area = access_division(user, request.GET["area"])
        if not area.code.startswith(sweep.area_id) or area.level != Division.Level.TOWNSHIP:
            raise Http404
    level = Division.Level.TOWNSHIP if area.level <= Division.Level.COUNTY else Division.Level.VILLAGE
    items = access.items_for(user, sweep).filter(village_id__range=code_range(area.code))
    rows, total = queries.progress(items, sweep, level)
    sort = request.GET.get("sort") if request.GET.get("sort") in ("progress", "name") else "progress"
    page = Paginator(queries.sort_rows(rows, sort), PROGRESS_PAGE).get_page(request.GET.get("page"))
    context = {
        "sweep": sweep,
        "area": area,
        "by_township": level == Division.Level.TOWNSHIP,
        "page": page,
        "total": total,
        "sort": sort,
        "can_close": access.can_close(user, sweep),
        "closing_refresh": CLOSING_REFRESH,
        "overdue": sweep.is_running and sweep.deadline < timezone.localdate(),
    }
    return render(request, "sweeps/sweep_detail.html", context)


@login_required
def sweep_village(request, sweep_uuid, village):
    """A village's list: each child to confirm, correct or close, and children found to add."""
    user = request.user
    sweep = access.access_sweep(user, sweep_uuid)
    division = access.access_village(user, sweep, village)
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    show = data.get("show") or "todo"
    q = (data.get("q") or "").strip()
    items = access.items_for(user, sweep).filter(village_id=division.code)
    counts = queries.village_progress(items, sweep).get(division.code) or queries.Progress(division.code)
    listed = queries.with_state(items, sweep)
    if show == "todo":
        listed = listed.filter(state=OUT.PENDING)
    elif show == "done":
        listed = listed.filter(state__in=queries.CHECKED)
    elif show == "found":
        listed = listed.filter(kind=K.FOUND)
    if q:
        listed = listed.filter(child__in=search(children_for(user).filter(village=division), q).values("pk"))
    listed = listed.select_related("child").order_by("child__name_pinyin", "pk")
    page = Paginator(listed, LIST_PAGE).get_page(request.GET.get("page"))
    note_read(request, [item.child_id for item in page.object_list], what="sweep_list")
    note_search(request, q, what="sweep_list", count=page.paginator.count)
    context = {
        "sweep": sweep,
        "village": division,
        "page": page,
        "form": form,
        "show": show,
        "q": q,
        "counts": counts,
        "can_work": access.can_work(user, sweep),
        "can_register": access.can_work(user, sweep) and can_register(user),
        "is_cwd": user.role == User.Role.CWD,
        "tabs": [(key, label) for key, label in ListFilterForm.SHOW],
        "here": request.get_full_path(),
        "overdue": sweep.is_running and sweep.deadline < timezone.localdate(),
    }
    return render(request, "sweeps/sweep_village.html", context)


def _item(request, sweep_uuid, item_id):
    sweep = access.access_sweep(request.user, sweep_uuid)
    item = access.access_item(request.user, sweep, item_id)
    item.sweep = sweep
    return sweep, item


def _village_url(item: SweepItem) -> str:
    return reverse("sweep_village", args=[item.sweep.uuid, item.village_id])


@login_required
@require_POST
def item_confirm(request, sweep_uuid, item_id):
    _sweep, item = _item(request, sweep_uuid, item_id)
    actions.do_confirm_item(request.user, item, request=request)
    messages.success(request, _("%(name)s: still here, nothing changed. Saved.") % {"name": item.child.name})
    return redirect(_next(request, _village_url(item)))


@login_required
@require_POST
def item_undo(request, sweep_uuid, item_id):
    _sweep, item = _item(request, sweep_uuid, item_id)
    actions.do_undo_confirm(request.user, item, request=request)
    messages.info(request, _("%(name)s is back on the list to check.") % {"name": item.child.name})
    return redirect(_next(request, _village_url(item)))


@login_required
def item_close(request, sweep_uuid, item_id):
    """ "No longer here": close the file with a reason (the registry's close action)."""
    sweep, item = _item(request, sweep_uuid, item_id)
    if not access.can_work(request.user, sweep) or item.kind != K.LISTED or item.child.is_closed:
        raise Http404
    form = CloseFileForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.do_close_file(request.user, item, d["reason"], d["closed_on"], d["note"], request=request)
        messages.success(request, _("%(name)s's file is closed and archived.") % {"name": item.child.name})
        return redirect(_next(request, _village_url(item)))
    note_read(request, item.child, what="sweep_item")
    context = {"sweep": sweep, "item": item, "child": item.child, "form": form, "back": _village_url(item)}
    return render(request, "sweeps/item_close.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def sweep_close(request, sweep_uuid):
    sweep = access.access_sweep(request.user, sweep_uuid)
    if not access.can_close(request.user, sweep):
        raise Http404
    actions.do_request_close(request.user, sweep, request=request)
    return redirect("sweep_detail", sweep_uuid=sweep.uuid)


@login_required
def sweep_closing(request, sweep_uuid):
    """Where the closing job stands (htmx asks every few seconds while it runs): closing, the
    link to the report once closed, or the failure in plain words."""
    sweep = access.access_sweep(request.user, sweep_uuid)
    if not access.can_see_progress(request.user):
        raise Http404
    response = render(request, "sweeps/_closing.html", {"sweep": sweep, "refresh": CLOSING_REFRESH})
    patch_cache_control(response, no_store=True)
    return response


def _report_lists(items):
    """The report's lists of children, each its own queryset (paged on the page, whole in the file)."""
    base = items.select_related("child", "child__village").order_by("village_id", "child__name_pinyin", "pk")
    return {
        "found": base.filter(kind=K.FOUND),
        "closed": base.filter(outcome=OUT.CLOSED),
        "categories": queries.category_changes(base),
        "eligibility": base.exclude(eligibility_differs={}),
        "pending": base.filter(outcome=OUT.PENDING),
    }


def _report_items(request, sweep_uuid):
    sweep = access.access_sweep(request.user, sweep_uuid)
    if not sweep.is_closed:  # running, or its closing job has not stored the outcomes yet
        raise Http404
    return sweep, access.items_for(request.user, sweep)


@login_required
def sweep_report(request, sweep_uuid):
    sweep, items = _report_items(request, sweep_uuid)
    summary = queries.report(items)
    lists = {}
    for key, qs in _report_lists(items).items():
        page = Paginator(qs, REPORT_PAGE).get_page(request.GET.get(f"{key}_page"))
        lists[key] = page
        note_read(request, [item.child_id for item in page.object_list], what="sweep_report")
    context = {
        "sweep": sweep,
        "r": summary,
        "lists": lists,
        "closed_reasons": [(texts.closure_reason(code), n) for code, n in summary.closed_by_reason.most_common()],
        "category_rows": texts.category_rows(summary),
        "field_rows": [(texts.field_label(name), n) for name, n in summary.changed_fields.most_common()],
        "can_export": access.can_see_progress(request.user),
    }
    return render(request, "sweeps/sweep_report.html", context)


@login_required
def sweep_report_xlsx(request, sweep_uuid):
    sweep, items = _report_items(request, sweep_uuid)
    if not access.can_see_progress(request.user):
        raise Http404
    summary = queries.report(items)
    lists = _report_lists(items)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Summary"))
    for row in texts.summary_rows(sweep, summary):
        ws.append(safe_row(row))
    exported = {}
    for key, title in texts.REPORT_SHEETS:
        ws = wb.create_sheet(str(title))
        ws.append(safe_row(texts.item_header(key)))
        for item in lists[key]:
            exported[item.child_id] = item.child
            ws.append(safe_row(texts.item_row(key, item)))
    child_actions.do_log_export(
        request.user, list(exported.values()), {"sweep": str(sweep.uuid)}, "xlsx", request=request
    )
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="shouhu-sweep-{stamp}.xlsx"'
    wb.save(response)
    return response
