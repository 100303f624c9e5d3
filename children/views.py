"""Pages of the child registry. Every child comes from children.access; every write from actions.

Other apps show their part of the profile through panels (core.panels), never through this module."""

import csv
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.forms.formsets import all_valid
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from accounts.models import User
from audit.models import AuditEvent
from audit.reads import describe_reasons, note_read, note_search, page_label, reads_of
from children.duplicates import duplicate_candidates
from core.scope import scope_division
from core.sheets import safe_row
from core.versioning import conflict, forget_uploads, merge_choices, restore_uploads, save_merging
from geo.access import access_division, areas_for, villages_for

from . import access, actions, queries
from .assess import assess
from .audit_actions import REVEAL_ID
from .choices import ParentRole, Status
from .forms import (
    ChildForm,
    CloseForm,
    DuplicateAckForm,
    DuplicateQueryForm,
    HouseholdForm,
    MemberFormSet,
    ParentForm,
    ReadsFilterForm,
    ReopenForm,
    ReturnForm,
    RosterFilterForm,
    TransferForm,
    error_summary,
)
from .identity import mask_id_number
from .models import Parent

Role = User.Role
# What the "who looked" page lists: pages and API answers shown, exports, full ID numbers shown.
READ_ACTIONS = [AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT, REVEAL_ID]
# The session key naming the registration draft that the next profile page tells the browser to forget.
CLEAR_DRAFT = "children.clear_draft"


def draft_key(user, sibling=None) -> str:
    """The localStorage key of the registration page's draft (static/js/form-draft.js): one per user
    and form (a new child, or a sibling of a given child)."""
    return f"shouhu:draft:{user.pk}:register:{sibling.uuid if sibling else 'new'}"


def _roster_queryset(request, form):
    qs = access.children_for(request.user)
    data = form.cleaned_data if form.is_valid() else {}
    area = data.get("area") or ""
    if area:
        # The area filter may only narrow the scope: look the code up through access.
        access_division(request.user, area)
    return queries.filter_roster(
        qs, q=data.get("q", ""), category=data.get("category", ""), status=data.get("status", ""), area=area
    ), data


@login_required
def roster(request):
    areas = list(areas_for(request.user).order_by("code"))
    form = RosterFilterForm(request.GET or None, areas=areas)
    qs, data = _roster_queryset(request, form)
    qs = queries.ordered(qs.select_related("village"))
    page = Paginator(qs, settings.ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_division(request.user)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "scope": scope,
        "show_village": scope_division(request.user) is None or scope.level < 5,
        "can_register": access.can_register(request.user),
        "can_export": access.can_export(request.user),
        "export_needs_two_factor": access.export_needs_two_factor(request.user),
        "query_string": params.urlencode(),
    }
    note_read(request, page.object_list, what="roster")
    note_search(request, data.get("q", ""), what="roster", count=page.paginator.count)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "roster-results":
        response = render(request, "children/_roster_results.html", context)
    else:
        response = render(request, "children/roster.html", context)
    # The fragment and the full page share a URL (hx-push-url): a browser must not serve the
    # cached fragment when the user comes Back to the page.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    patch_cache_control(response, no_store=True)
    return response


def _export_rows(children, full_ids: bool = False):
    header = [
        _("Name"),
        _("Sex"),
        _("Date of birth"),
        _("Resident ID number"),
        _("Village"),
        _("Hukou type"),
        _("Schooling"),
        _("School"),
        _("Grade"),
        _("Categories"),
        _("Status"),
        _("Registered at"),
    ]
    yield header
    for ch in children:
        # A name such as =HYPERLINK(...) must arrive as text, not run as a formula.
        yield safe_row(
            [
                ch.name,
                ch.get_sex_display(),
                ch.date_of_birth.isoformat(),
                ch.id_number if full_ids else mask_id_number(ch.id_number),
                ch.village.name,
                ch.get_hukou_type_display(),
                ch.get_schooling_status_display(),
                ch.school,
                ch.grade,
                "、".join(str(cat.label) for cat in ch.categories),
                ch.get_status_display(),
                timezone.localtime(ch.registered_at).strftime("%Y-%m-%d"),
            ]
        )


class _Echo:
    def write(self, value):
        return value


@login_required
def export(request, fmt):
    if not access.can_export(request.user) or fmt not in ("csv", "xlsx"):
        raise Http404
    form = RosterFilterForm(request.GET or None, areas=list(areas_for(request.user).order_by("code")))
    qs, data = _roster_queryset(request, form)
    children = list(qs.select_related("village").order_by("village_id", "name_pinyin", "pk"))
    # ID numbers are masked unless the exporter asks for them in full; the audit says which.
    full_ids = request.GET.get("full_ids") == "1"
    actions.do_log_export(
        request.user, children, {k: v for k, v in data.items() if v}, fmt, full_ids=full_ids, request=request
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        writer = csv.writer(_Echo())
        # A byte-order mark so that Excel opens the Chinese text as UTF-8.
        rows = (writer.writerow(row) for row in _export_rows(children, full_ids))
        response = StreamingHttpResponse(_with_bom(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="shouhu-children-{stamp}.csv"'
        return response
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Children"))
    for row in _export_rows(children, full_ids):
        ws.append(row)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="shouhu-children-{stamp}.xlsx"'
    wb.save(response)
    return response


def _with_bom(rows):
    yield "\ufeff"
    yield from rows


@login_required
def child_detail(request, child_uuid):
    child = access.access_child(request.user, child_uuid)
    note_read(request, child, what="profile")
    return _render_detail(request, child, clear_draft=request.session.pop(CLEAR_DRAFT, ""))


@login_required
@require_POST
def child_reveal_id(request, child_uuid):
    """The profile again, with the full ID number: on demand, for those who may edit, audited."""
    child = access.access_child(request.user, child_uuid)
    if not child.id_number or not access.can_edit(request.user, child):
        raise Http404
    # The reveal event stands for this view of the file too: one audit row per request.
    full = actions.do_reveal_id(request.user, child, "profile", request=request)
    return _render_detail(request, child, full_id=full)


def edit_reveals_id(view):
    """Wrap the edit view: its form shows the full ID number to the editor, so each form shown is
    an audited reveal (a 409 conflict page shows the form too). Applied in children/urls.py."""

    @wraps(view)
    def wrapped(request, child_uuid, *args, **kwargs):
        response = view(request, child_uuid, *args, **kwargs)
        if response.status_code < 300 or response.status_code == 409:
            child = access.access_child(request.user, child_uuid)
            if child.id_number:
                actions.do_reveal_id(request.user, child, "edit", request=request)
            else:
                note_read(request, child, what="edit")
        return response

    return wrapped


def _render_detail(request, child, full_id: str = "", clear_draft: str = ""):
    user = request.user
    household = child.household
    prefetch_related_objects([household], "parents", "members")
    assessments, rules_source = assess(child)
    siblings = access.children_for(user).filter(household=household).exclude(pk=child.pk)
    context = {
        "child": child,
        "clear_draft": clear_draft,
        "id_number": full_id or mask_id_number(child.id_number),
        "id_revealed": bool(full_id),
        "can_reveal_id": bool(child.id_number) and not full_id and access.can_edit(user, child),
        "household": household,
        "father": household.parent(ParentRole.FATHER),
        "mother": household.parent(ParentRole.MOTHER),
        "assessments": assessments,
        "rules_source": rules_source,
        "siblings": siblings,
        "transfers": child.transfers.select_related("from_village", "to_village", "by"),
        "can_confirm": access.can_confirm(user, child),
        "can_activate": access.can_activate(user, child),
        "can_close": access.can_close(user, child),
        "can_reopen": access.can_reopen(user, child),
        "can_transfer": access.can_transfer(user, child),
        "close_form": CloseForm(initial={"closed_on": timezone.localdate()}),
        "return_form": ReturnForm(),
        "reopen_form": ReopenForm(),
        "transfer_form": TransferForm(
            villages=villages_for(user).exclude(pk=child.village_id), initial={"transferred_on": timezone.localdate()}
        )
        if access.can_transfer(user, child)
        else None,
    }
    return render(request, "children/child_detail.html", context)


@login_required
def child_photo(request, child_uuid):
    child = access.access_child(request.user, child_uuid)
    if not child.photo:
        raise Http404
    note_read(request, child, what="photo")
    return FileResponse(child.photo.open("rb"))


def _parent_forms(request, household=None):
    forms = {}
    for role in (ParentRole.FATHER, ParentRole.MOTHER):
        instance = household.parent(role) if household else None
        forms[role] = ParentForm(request.POST or None, instance=instance or Parent(role=role), prefix=role)
    return forms


@login_required
def child_register(request):
    user = request.user
    if not access.can_register(user):
        raise Http404
    villages = villages_for(user).order_by("code")
    if not villages.exists():
        raise Http404
    # Registering a sibling: the new child joins the household of a child the user can see.
    sibling = None
    if request.GET.get("sibling"):
        sibling = access.access_child(user, request.GET["sibling"])
        note_read(request, sibling, what="sibling")
    data = request.POST or None
    files = request.FILES or None
    initial = (
        {"village": sibling.village_id, "address": sibling.address, "hukou_type": sibling.hukou_type} if sibling else {}
    )
    form = ChildForm(data, files, villages=villages, initial=initial)
    ack = DuplicateAckForm(data)
    if sibling:
        household_form, parent_forms, member_formset = None, {}, None
    else:
        household_form = HouseholdForm(data, prefix="household")
        parent_forms = _parent_forms(request)
        member_formset = MemberFormSet(data, prefix="members")
    candidates = []
    if request.method == "POST":
        subforms = [household_form, *parent_forms.values(), member_formset] if not sibling else []
        # all_valid validates every form, so every error shows at once.
        forms_valid = all_valid([form, ack, *subforms])
        # The duplicate check needs only the name and date of birth, or the ID number: it runs
        # even while other fields still have errors, so both are corrected in one go.
        candidates = _duplicates(request, form.cleaned_data)
        if forms_valid and not (candidates and not ack.cleaned_data["not_duplicate"]):
            child = form.save(commit=False)
            if sibling:
                household, parents, members = sibling.household, {}, []
            else:
                household = household_form.save(commit=False)
                parents = {role: f.save(commit=False) for role, f in parent_forms.items()}
                members = [
                    f.save(commit=False)
                    for f in member_formset.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ]
            actions.do_register_child(user, child, household, parents, members, request=request)
            request.session[CLEAR_DRAFT] = draft_key(user, sibling)
            messages.success(
                request,
                _("%(name)s has been registered and sent to the township for confirmation.") % {"name": child.name},
            )
            return redirect("child_detail", child_uuid=child.uuid)
        if not forms_valid:
            messages.error(request, _("Please correct the fields marked below. Nothing has been saved yet."))
    # In the order of the page: the child, the parents, the household, its members.
    errors = error_summary(form, *([*parent_forms.values(), household_form, member_formset] if not sibling else []))
    if candidates and not ack.cleaned_data.get("not_duplicate"):
        errors.append(
            ("id_not_duplicate", _("Possible duplicate: check the list and tick the box if it is a different child."))
        )
    return render(
        request,
        "children/child_form.html",
        {
            "form": form,
            "household_form": household_form,
            "parent_forms": parent_forms,
            "member_formset": member_formset,
            "candidates": candidates,
            "ack": ack,
            "sibling": sibling,
            "is_new": True,
            "errors": errors,
            "draft_key": draft_key(user, sibling),
        },
    )


def _duplicates(request, data):
    """Files that may be this child: same ID number anywhere, or same name and date of birth in the
    county (children.duplicates). Looking beyond the user's scope is a read: it is audited."""
    if not data.get("village") or not (data.get("id_number") or (data.get("name") and data.get("date_of_birth"))):
        return []
    candidates = duplicate_candidates(
        request.user,
        name=data.get("name") or "",
        date_of_birth=data.get("date_of_birth"),
        id_number=data.get("id_number") or "",
        village=data["village"],
    )
    note_read(request, [c.child_id for c in candidates], what="duplicate", why="duplicate")
    return candidates


@login_required
def child_duplicates(request):
    """The registration page's duplicate check as the name and date of birth (or the ID number) are
    typed: the same masked list the page shows after sending, as a fragment to put under the fields."""
    user = request.user
    if not access.can_register(user):
        raise Http404
    villages = villages_for(user).order_by("code")
    form = DuplicateQueryForm(request.GET, villages=villages)
    data = form.cleaned_data if form.is_valid() else {}
    if data and not data.get("village") and villages.count() == 1:
        data["village"] = villages.first()
    candidates = _duplicates(request, data)
    response = render(
        request, "children/_duplicates.html", {"candidates": candidates, "ack": DuplicateAckForm(), "live": True}
    )
    patch_cache_control(response, no_store=True)
    return response


@login_required
def child_edit(request, child_uuid):
    user = request.user
    child = access.access_child(user, child_uuid)
    if not access.can_edit(user, child):
        raise Http404
    if request.method != "POST":
        return _child_form_page(request, child, *_edit_forms(child, None, None))
    # A photo chosen before a conflict page was kept aside (core.versioning): it comes back here.
    files = restore_uploads(request) or None

    def save(data):
        # Each try reads the file as saved now: after a merge, the forms are on the newer versions.
        return _save_child_edit(request, access.access_child(user, child_uuid), data, files)

    def merge(data):
        return _child_conflict(request, access.access_child(user, child_uuid), data, files)

    # On a conflict page's answer, each field the user picked as "now saved" takes that value.
    return save_merging(request, merge_choices(request.POST), save, merge)


def _save_child_edit(request, child, data, files):
    """One try at saving the edit page's input; StaleEdit if a record was saved meanwhile."""
    user = request.user
    household = child.household
    before = actions.child_snapshot(child)
    household_before = actions.household_snapshot(household)
    form, household_form, parent_forms, member_formset = _edit_forms(child, data, files)
    parents_before = {p.role: actions.parent_snapshot(p) for p in household.parents.all()}
    subforms = [form, household_form, *parent_forms.values(), member_formset]
    if not all_valid(subforms):
        messages.error(request, _("Please correct the fields marked below. Nothing has been saved yet."))
        return _child_form_page(request, child, form, household_form, parent_forms, member_formset)
    child = form.save(commit=False)
    members = member_formset.save(commit=False)
    changes = actions.do_update_child(
        user,
        child,
        before,
        household_form.save(commit=False),
        household_before,
        {role: (parents_before.get(role, {}), f.save(commit=False)) for role, f in parent_forms.items()},
        members,
        list(member_formset.deleted_objects),
        seen={
            "child": form.seen_version,
            "household": household_form.seen_version,
            **{role: f.seen_version for role, f in parent_forms.items()},
        },
        request=request,
    )
    forget_uploads(request)
    if changes:
        messages.success(request, _("Changes saved."))
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect("child_detail", child_uuid=child.uuid)


def _edit_forms(child, data, files):
    """The edit page's forms on the file as saved now, bound to `data` when given."""
    household = child.household
    prefetch_related_objects([household], "parents", "members")
    parent_forms = {
        role: ParentForm(data, instance=household.parent(role) or Parent(role=role), prefix=role)
        for role in (ParentRole.FATHER, ParentRole.MOTHER)
    }
    return (
        ChildForm(data, files, instance=child, villages=None),
        HouseholdForm(data, instance=household, prefix="household"),
        parent_forms,
        MemberFormSet(data, instance=household, prefix="members"),
    )


def _child_form_page(request, child, form, household_form, parent_forms, member_formset):
    context = {
        "form": form,
        "household_form": household_form,
        "parent_forms": parent_forms,
        "member_formset": member_formset,
        "child": child,
        "is_new": False,
        "errors": error_summary(form, *parent_forms.values(), household_form, member_formset),
    }
    return render(request, "children/child_form.html", context)


def _child_conflict(request, child, data, files):
    """Someone saved the file after this form was opened: the three-way merge of the user's input
    with each record saved meanwhile (core.versioning)."""
    form, household_form, parent_forms, member_formset = _edit_forms(child, data, files)
    if not all_valid([form, household_form, *parent_forms.values(), member_formset]):
        # What the user typed no longer fits the file (a member removed meanwhile): show the errors.
        messages.error(request, _("Please correct the fields marked below. Nothing has been saved yet."))
        return _child_form_page(request, child, form, household_form, parent_forms, member_formset)
    household_stale = household_form.is_stale
    groups = [
        (form, "", form.is_stale),
        (household_form, _("Household and entrusted caregiver"), household_stale),
        *((f, ParentRole(role).label, f.is_stale) for role, f in parent_forms.items()),
        *((f, _("Other household members"), household_stale) for f in member_formset.forms),
    ]
    return conflict(
        request,
        data,
        groups,
        title=_("Edit") + ": " + child.name,
        cancel_url=reverse("child_detail", args=[child.uuid]),
        context={"child": child},
    )


@login_required
@require_POST
def child_confirm(request, child_uuid):
    child = access.access_child(request.user, child_uuid)
    actions.do_confirm_child(request.user, child, request=request)
    messages.success(request, _("%(name)s's file is confirmed.") % {"name": child.name})
    return redirect(_safe_next(request) or reverse("child_detail", args=[child.uuid]))


@login_required
@require_POST
def child_activate(request, child_uuid):
    child = access.access_child(request.user, child_uuid)
    actions.do_activate_child(request.user, child, request=request)
    messages.success(request, _("%(name)s's file is active.") % {"name": child.name})
    return redirect(_safe_next(request) or reverse("child_detail", args=[child.uuid]))


def _safe_next(request):
    nxt = request.POST.get("next", "")
    return nxt if url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()) else ""


def _post_form(request, child_uuid, form_class, run, success, form_kwargs=None):
    child = access.access_child(request.user, child_uuid)
    form = form_class(request.POST, **(form_kwargs(child) if form_kwargs else {}))
    if form.is_valid():
        run(child, form.cleaned_data)
        messages.success(request, success % {"name": child.name})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect(_safe_next(request) or reverse("child_detail", args=[child.uuid]))


@login_required
@require_POST
def child_return(request, child_uuid):
    return _post_form(
        request,
        child_uuid,
        ReturnForm,
        lambda child, d: actions.do_return_child(request.user, child, d["note"], request=request),
        _("%(name)s's file was sent back to the village for correction."),
    )


@login_required
@require_POST
def child_close(request, child_uuid):
    return _post_form(
        request,
        child_uuid,
        CloseForm,
        lambda child, d: actions.do_close_child(
            request.user, child, d["reason"], d["closed_on"], d["note"], request=request
        ),
        _("%(name)s's file is closed and archived."),
    )


@login_required
@require_POST
def child_reopen(request, child_uuid):
    return _post_form(
        request,
        child_uuid,
        ReopenForm,
        lambda child, d: actions.do_reopen_child(request.user, child, d["note"], request=request),
        _("%(name)s's file is reopened and awaits confirmation."),
    )


@login_required
@require_POST
def child_transfer(request, child_uuid):
    return _post_form(
        request,
        child_uuid,
        TransferForm,
        lambda child, d: actions.do_transfer_child(
            request.user, child, d["to_village"], d["transferred_on"], d["reason"], request=request
        ),
        _("%(name)s's file was transferred."),
        form_kwargs=lambda child: {"villages": villages_for(request.user).exclude(pk=child.village_id)},
    )


@login_required
def child_history(request, child_uuid):
    child = access.access_child(request.user, child_uuid)
    if not access.can_read_history(request.user, child):
        raise Http404
    events = Paginator(child.audit_events.all().select_related("actor").order_by("-created_at", "-id"), 100).get_page(
        request.GET.get("page")
    )
    note_read(request, child, what="history")
    return render(request, "children/child_history.html", {"child": child, "events": events})


@login_required
def child_reads(request, child_uuid):
    """For the county: who looked at this child's file, when, on which page and why they could."""
    child = access.access_child(request.user, child_uuid)
    if not access.can_read_history(request.user, child):
        raise Http404
    form = ReadsFilterForm(request.GET or None)
    events = reads_of(child, actions=READ_ACTIONS, **(form.cleaned_data if form.is_valid() else {}))
    page = Paginator(events.select_related("actor__organisation", "actor__division"), 100).get_page(
        request.GET.get("page")
    )
    reasons = describe_reasons(e.details.get("via", "") for e in page.object_list)
    rows = [
        (e, page_label(e.details.get("what", "") or e.action), reasons[e.details.get("via", "")])
        for e in page.object_list
    ]
    note_read(request, child, what="reads")
    params = request.GET.copy()
    params.pop("page", None)
    context = {"child": child, "page": page, "rows": rows, "form": form, "query_string": params.urlencode()}
    return render(request, "children/child_reads.html", context)


# 20 files keep a page of the queue within four screens on a phone (issue 11); "select all"
# still processes every file waiting, on every page.
QUEUE_PAGE_SIZE = 20


@login_required
def queue(request):
    """The township confirmation queue, or the county's activation queue."""
    user = request.user
    if user.role == Role.SUPERVISOR:
        status = Status.REGISTERED
    elif user.role in (Role.COUNTY_OFFICER, Role.ADMIN):
        status = (
            Status(request.GET.get("status"))
            if request.GET.get("status") in (Status.REGISTERED, Status.CONFIRMED)
            else Status.CONFIRMED
        )
    else:
        raise Http404
    waiting = access.children_for(user).filter(status=status)
    if request.method == "POST":
        # "all": every file waiting, on every page (the officer ticked "select all N"); else the
        # files ticked on this page (at most a page's worth).
        chosen = waiting if request.POST.get("all") else waiting.filter(uuid__in=request.POST.getlist("child")[:500])
        done, skipped = actions.do_process_queue(user, chosen, status, request=request)
        messages.success(request, _("%(count)s files processed.") % {"count": done})
        if skipped:
            messages.warning(
                request, _("%(count)s files were not processed: they changed meanwhile.") % {"count": skipped}
            )
        return redirect(request.get_full_path())
    qs = waiting.select_related("village", "registered_by")
    page = Paginator(qs.order_by("registered_at", "pk"), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    note_read(request, page.object_list, what="queue")
    return render(request, "children/queue.html", {"page": page, "status": status})
