"""Alerts raised by case plans (registered with alerts.kinds). They lead to the plan, which
partner staff may not see (it is part of the child's file)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import child_file_link, child_name, register

CASE_PLAN_SUBMITTED = "case_plan_submitted"
CASE_PLAN_APPROVED = "case_plan_approved"
CASE_PLAN_RETURNED = "case_plan_returned"
CASE_ACTION_OVERDUE = "case_action_overdue"
CASE_REVIEW_DUE = "case_review_due"


def _plan_link(alert, user) -> str:
    if alert.params.get("plan") and alert.child_id and user.role != user.Role.PARTNER:
        return reverse("case_plan_detail", args=[alert.params["plan"]])
    return child_file_link(alert, user)


def _submitted(alert) -> str:
    return _("%(author)s submitted the case plan for %(name)s for your approval.") % {
        "author": alert.params.get("author", ""),
        "name": child_name(alert),
    }


def _approved(alert) -> str:
    p = alert.params
    return _("%(by)s approved the case plan for %(name)s.") % {"by": p.get("by", ""), "name": child_name(alert)} + (
        " " + p["note"] if p.get("note") else ""
    )


def _returned(alert) -> str:
    p = alert.params
    return _("%(by)s returned the case plan for %(name)s for changes: %(note)s") % {
        "by": p.get("by", ""),
        "name": child_name(alert),
        "note": p.get("note", ""),
    }


def _action_overdue(alert) -> str:
    p = alert.params
    return _('%(name)s: the case-plan action "%(action)s" was due on %(due)s.') % {
        "name": child_name(alert),
        "action": p.get("action", ""),
        "due": p.get("due", ""),
    }


def _review_due(alert) -> str:
    return _("%(name)s: the case-plan review was due on %(due)s.") % {
        "name": child_name(alert),
        "due": alert.params.get("due", ""),
    }


register(CASE_PLAN_SUBMITTED, gettext_lazy("Case plan to approve"), _submitted, link=_plan_link)
register(CASE_PLAN_APPROVED, gettext_lazy("Case plan approved"), _approved, link=_plan_link)
register(CASE_PLAN_RETURNED, gettext_lazy("Case plan returned for changes"), _returned, link=_plan_link)
register(CASE_ACTION_OVERDUE, gettext_lazy("Case-plan action overdue"), _action_overdue, link=_plan_link)
register(CASE_REVIEW_DUE, gettext_lazy("Case-plan review due"), _review_due, link=_plan_link)
