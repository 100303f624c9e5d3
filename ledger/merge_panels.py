"""The merge's parts of the child's profile: the "merge with another file" button, and a notice on
a merged file with its undo button. Registered by ledger/panels.py, which imports this module."""

from audit.reads import note_read
from core import panels

from . import merge_access

SHOWN = 3  # the latest merges of a file; the merge list holds them all


@panels.register("child_actions", order=75)
def merge_action(request, child) -> str:
    if not merge_access.can_merge_into(request.user, child):
        return ""
    return panels.render_template("ledger/merge_action.html", {"child": child}, request)


@panels.register("child_profile", order=5)
def merge_notice(request, child) -> str:
    if not merge_access.may_merge(request.user):
        return ""
    merges = merge_access.standing_merges_of(request.user, child)
    total = merges.count()
    if not total:
        return ""
    shown = [(m, merge_access.can_undo(request.user, m)) for m in merges[:SHOWN]]
    others = [m.dropped_id if m.child_id == child.pk else m.child_id for m, _ in shown]
    note_read(request, [pk for pk in others if pk], what="profile")
    return panels.render_template(
        "ledger/merge_notice.html", {"child": child, "merges": shown, "total": total, "more": total > SHOWN}, request
    )
