"""Alerts raised by the follow-up recomputation: a child moving to red, overdue visits, and the
absolute alerts of the risk policy (registered with alerts.kinds).

The risk engine speaks reason keys; an alert stores the keys and reads them out through
followup.texts when shown. A key a county's own policy adds has no translation: the alert also
stores the policy's text for it (params "texts"), written by the county."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import child_name, register

from .texts import REASONS

NEW_RED = "new_red"
OVERDUE_VISIT = "overdue_visit"
CONTACT_LAPSED = "contact_lapsed"
UNDER16_WITHOUT_GUARDIAN = "under16_without_guardian"
UNDER8_UNATTENDED = "under8_unattended"
NO_CAREGIVER = "no_caregiver_parents_away"
POLICY_ALERT = "policy_alert"  # an absolute alert a county's own policy adds


def policy_texts(keys, policy_reasons) -> dict[str, str]:
    """What to store beside reason keys: the policy's own text of each key with no translation."""
    return {key: policy_reasons[key] for key in keys if key not in REASONS and key in policy_reasons}


def reason_sentence(key: str, stored: dict) -> str:
    """A reason key as a sentence in the reader's language (the county's text for its own keys)."""
    if key in REASONS:
        return str(REASONS[key])
    return stored.get(key) or _("Another reason in the county's risk rules.")


def _reasons(alert) -> str:
    keys = alert.params.get("reasons") or []
    if isinstance(keys, str):  # alerts stored before the reasons were a list
        keys = [keys]
    stored = alert.params.get("texts") or {}
    return " ".join(dict.fromkeys(reason_sentence(str(k), stored) for k in keys))


def _new_red(alert) -> str:
    reasons = _reasons(alert)
    if not reasons:
        return _("%(name)s is now red (act now).") % {"name": child_name(alert)}
    return _("%(name)s is now red (act now): %(reasons)s") % {"name": child_name(alert), "reasons": reasons}


def _overdue_visit(alert) -> str:
    return _("%(name)s: visit overdue since %(due)s.") % {"name": child_name(alert), "due": alert.params.get("due", "")}


def _contact_lapsed(alert) -> str:
    if alert.params.get("days") is None:
        return _("%(name)s: no contact with a parent has been recorded (the law expects weekly contact).") % {
            "name": child_name(alert)
        }
    return _("%(name)s: no recorded contact with a parent for %(days)s days (the law expects weekly contact).") % {
        "name": child_name(alert),
        "days": alert.params["days"],
    }


def _under16_without_guardian(alert) -> str:
    return _("%(name)s is under 16 and lives without a guardian. This must be reported and resolved now.") % {
        "name": child_name(alert)
    }


def _under8_unattended(alert) -> str:
    return _("%(name)s is under 8 and was left unattended (MPL Art. 21).") % {"name": child_name(alert)}


def _no_caregiver(alert) -> str:
    return _("%(name)s: both parents are away and no entrusted caregiver is recorded.") % {"name": child_name(alert)}


def _policy_alert(alert) -> str:
    p = alert.params
    return _("%(name)s: %(reason)s") % {
        "name": child_name(alert),
        "reason": reason_sentence(p.get("reason", ""), {p.get("reason", ""): p.get("text", "")}),
    }


register(NEW_RED, gettext_lazy("Child moved to red"), _new_red)
register(OVERDUE_VISIT, gettext_lazy("Visit overdue"), _overdue_visit)
register(CONTACT_LAPSED, gettext_lazy("Parent contact lapsed"), _contact_lapsed)
register(UNDER16_WITHOUT_GUARDIAN, gettext_lazy("Child under 16 without a guardian"), _under16_without_guardian)
register(UNDER8_UNATTENDED, gettext_lazy("Child under 8 left unattended"), _under8_unattended)
register(NO_CAREGIVER, gettext_lazy("No entrusted caregiver while both parents are away"), _no_caregiver)
register(POLICY_ALERT, gettext_lazy("Alert from the county's risk rules"), _policy_alert)
