"""Alerts raised by the follow-up recomputation: a child moving to red, overdue visits, and the
absolute alerts of the risk policy (registered with alerts.kinds)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import child_name, register

NEW_RED = "new_red"
OVERDUE_VISIT = "overdue_visit"
CONTACT_LAPSED = "contact_lapsed"
UNDER16_WITHOUT_GUARDIAN = "under16_without_guardian"
UNDER8_UNATTENDED = "under8_unattended"
NO_CAREGIVER = "no_caregiver_parents_away"


def _new_red(alert) -> str:
    return _("%(name)s is now red (act now): %(reasons)s") % {
        "name": child_name(alert),
        "reasons": alert.params.get("reasons", ""),
    }


def _overdue_visit(alert) -> str:
    return _("%(name)s: visit overdue since %(due)s.") % {"name": child_name(alert), "due": alert.params.get("due", "")}


def _contact_lapsed(alert) -> str:
    return _("%(name)s: no recorded contact with a parent for %(days)s days (the law expects weekly contact).") % {
        "name": child_name(alert),
        "days": alert.params.get("days", "?"),
    }


def _under16_without_guardian(alert) -> str:
    return _("%(name)s is under 16 and lives without a guardian. This must be reported and resolved now.") % {
        "name": child_name(alert)
    }


def _under8_unattended(alert) -> str:
    return _("%(name)s is under 8 and was left unattended (MPL Art. 21).") % {"name": child_name(alert)}


def _no_caregiver(alert) -> str:
    return _("%(name)s: both parents are away and no entrusted caregiver is recorded.") % {"name": child_name(alert)}


register(NEW_RED, gettext_lazy("Child moved to red"), _new_red)
register(OVERDUE_VISIT, gettext_lazy("Visit overdue"), _overdue_visit)
register(CONTACT_LAPSED, gettext_lazy("Parent contact lapsed"), _contact_lapsed)
register(UNDER16_WITHOUT_GUARDIAN, gettext_lazy("Child under 16 without a guardian"), _under16_without_guardian)
register(UNDER8_UNATTENDED, gettext_lazy("Child under 8 left unattended"), _under8_unattended)
register(NO_CAREGIVER, gettext_lazy("No entrusted caregiver while both parents are away"), _no_caregiver)
