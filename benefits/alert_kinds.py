"""Alerts raised by allowances (registered with alerts.kinds): each leads to the application or
the allowance, which partner staff never see."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import child_file_link, child_name, register
from core.scope import in_scope

from .models import ExitReason

TO_REVIEW = "benefit_to_review"
TO_APPROVE = "benefit_to_approve"
DECIDED = "benefit_decided"
RETURNED = "benefit_returned"
MISMATCH = "benefit_mismatch"
NEAR_18 = "benefit_near_18"
RECHECK_DUE = "benefit_recheck_due"
STOPPED = "benefit_stopped"


def _app_link(alert, user) -> str:
    if alert.params.get("application") and user.role != user.Role.PARTNER:
        return reverse("benefit_application", args=[alert.params["application"]])
    return child_file_link(alert, user)


def _benefit_link(alert, user) -> str:
    if alert.params.get("benefit") and user.role != user.Role.PARTNER:
        return reverse("benefit_detail", args=[alert.params["benefit"]])
    return child_file_link(alert, user)


def _to_review(alert) -> str:
    return _("The allowance application for %(name)s is ready for the township's review (posted until %(until)s).") % {
        "name": child_name(alert),
        "until": alert.params.get("until", ""),
    }


def _to_approve(alert) -> str:
    return _("The township agreed to the allowance application for %(name)s: it waits for the county's approval.") % {
        "name": child_name(alert)
    }


def _decided(alert) -> str:
    if alert.params.get("outcome") == "approved":
        return _("The allowance application for %(name)s was approved.") % {"name": child_name(alert)}
    return _("The allowance application for %(name)s was refused: %(reason)s") % {
        "name": child_name(alert),
        "reason": alert.params.get("reason", ""),
    }


def _returned(alert) -> str:
    return _("The allowance application for %(name)s was sent back for correction: %(note)s") % {
        "name": child_name(alert),
        "note": alert.params.get("note", ""),
    }


def _mismatch(alert) -> str:
    return _(
        "%(name)s receives the allowance, but the file no longer shows that the child qualifies. "
        "Check whether it should stop."
    ) % {"name": child_name(alert)}


def _near_18(alert) -> str:
    return _("%(name)s turns 18 on %(day)s: the allowance stops after that month unless local rules extend it.") % {
        "name": child_name(alert),
        "day": alert.params.get("day", ""),
    }


def _recheck(alert) -> str:
    return _("The yearly check of %(name)s's allowance was due on %(day)s.") % {
        "name": child_name(alert),
        "day": alert.params.get("day", ""),
    }


register(TO_REVIEW, gettext_lazy("Allowance application to review"), _to_review, link=_app_link)
register(TO_APPROVE, gettext_lazy("Allowance application to approve"), _to_approve, link=_app_link)
register(DECIDED, gettext_lazy("Allowance application decided"), _decided, link=_app_link)
register(RETURNED, gettext_lazy("Allowance application sent back"), _returned, link=_app_link)
register(MISMATCH, gettext_lazy("Allowance: the file no longer qualifies"), _mismatch, link=_benefit_link)
register(NEAR_18, gettext_lazy("Allowance: child nearly 18"), _near_18, link=_benefit_link)
register(RECHECK_DUE, gettext_lazy("Allowance check due"), _recheck, link=_benefit_link)


def _stopped(alert) -> str:
    reason = alert.params.get("reason", "")
    label = ExitReason(reason).label if reason in ExitReason.values else reason
    last = alert.params.get("last_paid") or _("none")
    return _("The allowance of %(name)s stopped from %(stop)s (%(reason)s). Last month paid: %(last)s.") % {
        "name": child_name(alert),
        "stop": alert.params.get("stop", ""),
        "reason": label,
        "last": last,
    }


def _stopped_reach(alerts, user) -> set[int]:
    """The county that paid the allowance keeps seeing whose it was, even after the child moved
    to another county (the stopped allowance stays in its lists)."""
    if user.role == user.Role.PARTNER:
        return set()
    return {
        a.pk for a in alerts if in_scope(user, a.params.get("village") or (a.child.village_id if a.child_id else ""))
    }


register(STOPPED, gettext_lazy("Allowance stopped"), _stopped, link=_benefit_link, reach=_stopped_reach)
