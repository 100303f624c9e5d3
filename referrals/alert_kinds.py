"""Alerts raised by referrals (registered with alerts.kinds). They lead to the referral, which
the organisation's staff may see as well as the referrer."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import child_file_link, child_name, choice_label, label, reach_through, register

from .access import referrals_for
from .models import Referral, Service

REFERRAL_NEW = "referral_new"
REFERRAL_ACCEPTED = "referral_accepted"
REFERRAL_DECLINED = "referral_declined"
REFERRAL_IN_PROGRESS = "referral_in_progress"
REFERRAL_COMPLETED = "referral_completed"
REFERRAL_OVERDUE = "referral_overdue"

# The kind that tells the referrer of each answer, by the status the referral moved to.
ANSWERED = {
    Referral.Status.ACCEPTED: REFERRAL_ACCEPTED,
    Referral.Status.DECLINED: REFERRAL_DECLINED,
    Referral.Status.IN_PROGRESS: REFERRAL_IN_PROGRESS,
    Referral.Status.COMPLETED: REFERRAL_COMPLETED,
}


def _referral_link(alert, user) -> str:
    if alert.params.get("referral"):
        return reverse("referral_detail", args=[alert.params["referral"]])
    return child_file_link(alert, user)


# Staff by their scope; the organisation's staff while the referral is open to them.
_reach = reach_through("referral", referrals_for)


def _new(alert) -> str:
    p = alert.params
    return _("New referral: %(name)s needs %(service)s (%(urgency)s).") % {
        "name": child_name(alert),
        "service": choice_label(Service, p.get("service")),
        "urgency": choice_label(Referral.Urgency, p.get("urgency")),
    }


def _answered(alert) -> str:
    p = alert.params
    return _("%(org)s: referral of %(name)s %(status)s.") % {
        "org": p.get("organisation", ""),
        "name": child_name(alert),
        "status": label(alert.kind),
    } + (" " + p["note"] if p.get("note") else "")


def _overdue(alert) -> str:
    return _("%(org)s has not answered the referral of %(name)s in time.") % {
        "org": alert.params.get("organisation", ""),
        "name": child_name(alert),
    }


register(REFERRAL_NEW, gettext_lazy("New referral"), _new, link=_referral_link, reach=_reach)
register(REFERRAL_ACCEPTED, gettext_lazy("Referral accepted"), _answered, link=_referral_link, reach=_reach)
register(REFERRAL_DECLINED, gettext_lazy("Referral declined"), _answered, link=_referral_link, reach=_reach)
register(REFERRAL_IN_PROGRESS, gettext_lazy("Referral in progress"), _answered, link=_referral_link, reach=_reach)
register(REFERRAL_COMPLETED, gettext_lazy("Referral completed"), _answered, link=_referral_link, reach=_reach)
register(REFERRAL_OVERDUE, gettext_lazy("Referral not answered in time"), _overdue, link=_referral_link, reach=_reach)
