"""Alerts of the workforce: a caseload over the county's norm, a term about to end, a handover
received, an overdue supervision follow-up action."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import register

CASELOAD_OVER_NORM = "caseload_over_norm"
TERM_ENDING = "term_ending"
HANDOVER_RECEIVED = "handover_received"
SUPERVISION_ACTION_OVERDUE = "supervision_action_overdue"


def _worker_link(alert, user) -> str:
    return reverse("workforce_worker", args=[alert.params["worker"]]) if alert.params.get("worker") else ""


def _handover_link(alert, user) -> str:
    return reverse("workforce_handover", args=[alert.params["handover"]]) if alert.params.get("handover") else ""


def _supervision_link(alert, user) -> str:
    return reverse("workforce_supervision")


def _nobody(alerts, user) -> set[int]:
    return set()  # these alerts name no child


def _over_norm(alert) -> str:
    p = alert.params
    return _(
        "%(name)s has %(files)s open files and about %(hours)s hours of work a month, above the county's norm "
        "(%(max_files)s files, %(max_hours)s hours)."
    ) % {
        "name": p.get("name", ""),
        "files": p.get("files", "?"),
        "hours": p.get("hours", "?"),
        "max_files": p.get("max_files", "?"),
        "max_hours": p.get("max_hours", "?"),
    }


def _term_ending(alert) -> str:
    p = alert.params
    return _("The term of %(name)s ends on %(date)s: reappoint them or plan the handover.") % {
        "name": p.get("name", ""),
        "date": p.get("date", ""),
    }


def _handover(alert) -> str:
    p = alert.params
    return _("%(name)s handed their work over to you on %(date)s: %(count)s open items are now yours.") % {
        "name": p.get("name", ""),
        "date": p.get("date", ""),
        "count": p.get("count", 0),
    }


def _action_overdue(alert) -> str:
    p = alert.params
    return _("A supervision follow-up in %(village)s was due on %(date)s and is not done: %(text)s") % {
        "village": p.get("village", ""),
        "date": p.get("date", ""),
        "text": p.get("text", ""),
    }


register(CASELOAD_OVER_NORM, gettext_lazy("Caseload above the norm"), _over_norm, link=_worker_link, reach=_nobody)
register(TERM_ENDING, gettext_lazy("Term of office ending"), _term_ending, link=_worker_link, reach=_nobody)
register(HANDOVER_RECEIVED, gettext_lazy("Work handed over to you"), _handover, link=_handover_link, reach=_nobody)
register(
    SUPERVISION_ACTION_OVERDUE,
    gettext_lazy("Supervision follow-up overdue"),
    _action_overdue,
    link=_supervision_link,
    reach=_nobody,
)
