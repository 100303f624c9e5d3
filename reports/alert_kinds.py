"""Alerts raised by mandatory reports (registered with alerts.kinds). They lead to the report."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import child_file_link, child_name, choice_label, reach_through, register

from .access import reports_for
from .models import MandatoryReport

REPORT_FILED = "report_filed"
REPORT_FEEDBACK_OVERDUE = "report_feedback_overdue"


def _report_link(alert, user) -> str:
    """The report itself (the receiving organisation's staff may see it), else the child's file."""
    if alert.params.get("report"):
        return reverse("report_detail", args=[alert.params["report"]])
    return child_file_link(alert, user)


# Staff by their scope; the organisation's staff for the reports made to it.
_reach = reach_through("report", reports_for)


def _filed(alert) -> str:
    p = alert.params
    return _("%(filer)s filed a mandatory report on %(name)s to %(body)s (%(channel)s).") % {
        "filer": p.get("filer", ""),
        "name": child_name(alert),
        "body": p.get("body", ""),
        "channel": choice_label(MandatoryReport.Channel, p.get("channel")),
    }


def _feedback_overdue(alert) -> str:
    p, name = alert.params, child_name(alert)
    if p.get("level") == "county":
        return _(
            "%(name)s: the mandatory report made on %(reported)s to %(body)s has had no feedback for "
            "%(days)s days after it was due (%(due)s). Please follow it up with the receiving body "
            "(MPL Art. 11(3))."
        ) % {
            "name": name,
            "reported": p.get("reported", ""),
            "body": p.get("body", ""),
            "days": p.get("days", "?"),
            "due": p.get("due", ""),
        }
    return _(
        "%(name)s: no feedback yet on the mandatory report made on %(reported)s to %(body)s; it was due "
        "%(due)s. Ask the receiving body for the outcome (MPL Art. 11(3))."
    ) % {"name": name, "reported": p.get("reported", ""), "body": p.get("body", ""), "due": p.get("due", "")}


register(REPORT_FILED, gettext_lazy("Mandatory report filed"), _filed, link=_report_link, reach=_reach)
register(
    REPORT_FEEDBACK_OVERDUE,
    gettext_lazy("Mandatory report: feedback overdue"),
    _feedback_overdue,
    link=_report_link,
    reach=_reach,
)
