"""School attendance on the child's profile: absences reported by schools, and a dropout."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import panels
from core.scope import in_scope

from . import actions
from .access import is_school_staff

RECENT_SHOWN = 5


def child_context(user, child) -> dict:
    """What the child's profile shows of school attendance (templates/schools/_child_school.html):
    nothing for a user outside the child's scope (school staff see no child's file)."""
    if not in_scope(user, child.village_id):
        return {}
    today = timezone.localdate()
    since = today - timedelta(days=actions.WINDOW_DAYS - 1)
    counts = child.school_absences.aggregate(
        total=Count("id"), unexcused_30d=Count("id", filter=Q(excused=False, date__range=(since, today)))
    )
    if not counts["total"]:
        recent = []
    else:
        recent = list(child.school_absences.select_related("school").order_by("-date")[:RECENT_SHOWN])
    dropout = child.school_dropouts.select_related("school", "referral").first()
    return {
        "school_absences": {**counts, "recent": recent, "threshold": actions.truancy_threshold()},
        "school_dropout": dropout,
    }


@panels.register("child_profile", order=40)
def attendance(request, child) -> str:
    context = child_context(request.user, child)
    if not (context and (context["school_absences"]["total"] or context["school_dropout"])):
        return ""
    return panels.render_template("schools/_child_school.html", {**context, "child": child}, request)


@panels.register("nav", order=5)
def nav_school(request) -> str:
    if not is_school_staff(request.user):
        return ""
    return panels.nav_link("school_home", _("School"))
