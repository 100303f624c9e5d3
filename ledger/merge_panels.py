"""The merge's parts of the child's profile: the "merge with another file" button, and a notice with
the undo button on a file just merged (the confirmation leads to the profile with ?merge=<uuid>)
and on a file closed as merged. Any other profile pays no query for it; every merge, with its undo,
is in the list of merged files. Registered by ledger/panels.py, which imports this module."""

from uuid import UUID

from audit.reads import note_read
from children.choices import ClosureReason
from core import panels

from . import merge_access


@panels.register("child_actions", order=75)
def merge_action(request, child) -> str:
    if not merge_access.can_merge_into(request.user, child):
        return ""
    return panels.render_template("ledger/merge_action.html", {"child": child}, request)


def _wanted(request) -> UUID | None:
    try:
        return UUID(request.GET.get("merge", ""))
    except ValueError:
        return None


@panels.register("child_profile", order=5)
def merge_notice(request, child) -> str:
    wanted = _wanted(request)
    closed_as_merged = child.is_closed and child.closure_reason == ClosureReason.MERGED
    if not (wanted or closed_as_merged) or not merge_access.may_merge(request.user):
        return ""
    merges = merge_access.standing_merges_of(request.user, child)
    merges = merges.filter(dropped=child) if closed_as_merged else merges.filter(uuid=wanted)
    shown = [(m, merge_access.can_undo(request.user, m)) for m in merges[:1]]
    if not shown:
        return ""
    others = [m.dropped_id if m.child_id == child.pk else m.child_id for m, _ in shown]
    note_read(request, [pk for pk in others if pk], what="profile")
    return panels.render_template("ledger/merge_notice.html", {"child": child, "merges": shown}, request)
