"""The merge pages: from a child's profile, pick the other file, compare side by side, confirm;
the county's list of merges, with undo. Every child comes from children.access (through
ledger.merge_access), every write from ledger.merge."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.reads import note_read, note_search
from children.access import children_for
from children.duplicates import duplicate_candidates
from children.identity import mask_id_number
from children.queries import search
from core.errors import ActionError
from core.versioning import StaleEdit
from geo.access import villages_for

from . import merge_access
from .catalogue import BY_CODE
from .merge import (
    DROP,
    HOUSEHOLD_CHOICE,
    KEEP,
    MergeRefused,
    describe_code,
    do_merge_children,
    do_undo_merge,
    is_blank,
    merge_versions,
    mergeable_columns,
    parents_of,
    plan_merge,
    value_of,
)
from .merge_audit import COMPARE, HISTORY, PICK
from .merge_forms import FindForm, MergeForm

PAGE_SIZE = 20


@dataclass
class Row:
    code: str
    label: str
    keep: str  # the kept file's value, as shown
    drop: str  # the other file's value, as shown
    default: str  # KEEP or DROP

    @property
    def name(self) -> str:
        return self.code.replace(".", "__")


def _choice_labels(column) -> dict:
    choices = column.choices
    pairs = choices.choices if hasattr(choices, "choices") else (choices or ())
    return {str(value): str(label) for value, label in pairs}


def shown_value(code: str, value, villages: dict[str, str] | None = None) -> str:
    """A value as the comparison shows it: labels for choices, ID numbers masked, "—" for nothing."""
    if is_blank(value):
        return "—"
    column = BY_CODE[code]
    if column.kind == "id_number":
        return mask_id_number(value)
    if column.kind == "village":
        return (villages or {}).get(value, value)
    if column.kind == "bool":
        return _("yes") if value else _("no")
    if column.kind in ("choice", "multi"):
        labels = _choice_labels(column)
        values = value if isinstance(value, list) else [value]
        return "、".join(labels.get(str(v), str(v)) for v in values) or "—"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def compare(user, keep, drop) -> tuple[list[Row], list[tuple[str, str]]]:
    """The fields that differ (a choice each) and those the two files share (label, value)."""
    keep_parents, drop_parents = parents_of(keep.household), parents_of(drop.household)
    villages = {v.pk: v.full_name or v.name for v in (keep.village, drop.village)}
    rows, same = [], []
    if keep.household_id != drop.household_id:
        family = children_for(user).filter(household_id__in=[keep.household_id, drop.household_id])
        counts = {hid: family.filter(household_id=hid).count() for hid in (keep.household_id, drop.household_id)}
        rows.append(
            Row(
                HOUSEHOLD_CHOICE,
                describe_code(HOUSEHOLD_CHOICE),
                _("This file's family (%(n)s children on file)") % {"n": counts[keep.household_id]},
                _("The other file's family (%(n)s children on file)") % {"n": counts[drop.household_id]},
                KEEP,
            )
        )
    for column in mergeable_columns():
        code = column.code
        mine = value_of(keep, code, parents=keep_parents)
        theirs = value_of(drop, code, parents=drop_parents)
        if (is_blank(mine) and is_blank(theirs)) or _same(mine, theirs):
            if not is_blank(mine):
                same.append((describe_code(code), shown_value(code, mine, villages)))
            continue
        default = DROP if is_blank(mine) and not is_blank(theirs) else KEEP
        rows.append(
            Row(
                code,
                describe_code(code),
                shown_value(code, mine, villages),
                shown_value(code, theirs, villages),
                default,
            )
        )
    return rows, same


def _same(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return set(a) == set(b)
    return a == b


@login_required
def merge_pick(request, child_uuid):
    """Step 1: the other file, found by name, pinyin or ID number within the user's scope; the
    registration's duplicate check proposes the likely ones first."""
    child = merge_access.access_mergeable(request.user, child_uuid)
    if not merge_access.can_merge_into(request.user, child):
        raise Http404
    form = FindForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    candidates = [
        d.child
        for d in duplicate_candidates(
            request.user,
            name=child.name,
            date_of_birth=child.date_of_birth,
            id_number=child.id_number,
            village=child.village,
            exclude_pk=child.pk,
        )
        if d.child is not None and merge_access.can_merge(request.user, child, d.child)
    ]
    page = None
    if q:
        found = search(merge_access.mergeable_children(request.user).exclude(pk=child.pk), q)
        found = found.select_related("village").order_by(
            *(["relevance"] if "relevance" in found.query.annotations else []), "name_pinyin", "pk"
        )
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        note_read(request, page.object_list, what=PICK)
        note_search(request, q, what=PICK, count=page.paginator.count)
    note_read(request, [child, *candidates], what=PICK)
    return render(
        request,
        "ledger/merge_pick.html",
        {"child": child, "form": form, "candidates": candidates, "page": page, "q": q},
    )


def _pair(request, keep_uuid, drop_uuid):
    keep = merge_access.access_mergeable(request.user, keep_uuid)
    drop = merge_access.access_mergeable(request.user, drop_uuid)
    if not merge_access.can_merge(request.user, keep, drop):
        raise Http404
    return keep, drop


@login_required
def merge_compare(request, keep_uuid, drop_uuid):
    """Step 2: both files side by side, a choice per field that differs, what will move; the POST
    merges, unless one of the files changed since the page was opened (then the page again, 409)."""
    keep, drop = _pair(request, keep_uuid, drop_uuid)
    rows, same = compare(request.user, keep, drop)
    status, stale = 200, False
    form = MergeForm(request.POST or None, rows=rows, versions=merge_versions(keep, drop))
    if request.method == "POST" and form.is_valid():
        try:
            merge = do_merge_children(
                request.user, keep, drop, fields=form.choices(), seen=form.cleaned_data["versions"], request=request
            )
        except StaleEdit:
            stale, status = True, 409
            keep, drop = _pair(request, keep_uuid, drop_uuid)
            rows, same = compare(request.user, keep, drop)
            posted = request.POST.copy()
            posted.pop("versions", None)
            form = MergeForm(posted, rows=rows, versions=merge_versions(keep, drop))
        except MergeRefused as refused:
            messages.error(request, refused.message)
            return redirect("child_detail", keep.uuid)
        else:
            messages.success(
                request,
                _(
                    "The two files are merged: this file now holds everything that was recorded in the other "
                    "one, which is closed as merged. You can undo the merge below."
                ),
            )
            # The profile shows this merge with its undo button (ledger.merge_panels).
            return redirect(reverse("child_detail", args=[keep.uuid]) + f"?merge={merge.uuid}#merge-{merge.uuid}")
    plan = plan_merge(keep, drop)
    note_read(request, [keep, drop], what=COMPARE)
    context = {
        "keep": keep,
        "drop": drop,
        "rows": [(row, form.chosen(row)) for row in rows],
        "same": same,
        "form": form,
        "counts": plan.counts(),
        "stale": stale,
        "keep_siblings": children_for(request.user).filter(household_id=keep.household_id).exclude(pk=keep.pk).count(),
        "can_move_village": villages_for(request.user).filter(pk=drop.village_id).exists(),
    }
    return render(request, "ledger/merge_compare.html", context, status=status)


@login_required
@require_POST
def merge_undo(request, merge_uuid):
    merge = merge_access.access_merge(request.user, merge_uuid)
    if not merge_access.can_undo(request.user, merge):
        raise Http404
    try:
        do_undo_merge(request.user, merge, request=request)
    except MergeRefused as refused:
        messages.error(request, refused.message)
    except ActionError:
        raise Http404 from None
    else:
        messages.success(request, _("The merge is undone: both files are as they were before it."))
    back = request.POST.get("next", "")
    if back == "history":
        return redirect("merge_history")
    return redirect("child_detail", merge.child.uuid)


@login_required
def merge_history(request):
    """The merges of the user's township or county, newest first, with undo."""
    if not merge_access.may_merge(request.user):
        raise Http404
    merges = merge_access.merges_for(request.user).select_related(
        "child__village", "dropped__village", "actor", "undone_by"
    )
    page = Paginator(merges, settings.ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(m, merge_access.can_undo(request.user, m)) for m in page.object_list]
    shown = [m.child_id for m in page.object_list] + [m.dropped_id for m in page.object_list if m.dropped_id]
    note_read(request, shown, what=HISTORY)
    return render(request, "ledger/merge_history.html", {"page": page, "rows": rows})
