"""Alerts of case conferences: an agency is invited, an action is assigned to it, an action is
overdue (the convener first, then the county). Invitations and actions name no child: the
representative opens the conference to read the briefing pack."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import register

INVITED = "conference_invited"
ACTION = "conference_action"
OVERDUE = "conference_overdue"


def _invited(alert) -> str:
    p = alert.params
    return _(
        "%(agency)s is invited to a case conference on %(date)s (%(place)s). Open it to read the briefing: "
        "everything in it is confidential."
    ) % {"agency": p.get("agency", ""), "date": p.get("date", ""), "place": p.get("place", "")}


def _action(alert) -> str:
    p = alert.params
    return _("A case conference gave %(agency)s an action, due %(due)s: %(what)s") % {
        "agency": p.get("agency", ""),
        "due": p.get("due", ""),
        "what": p.get("what", ""),
    }


def _overdue(alert) -> str:
    p = alert.params
    return _("%(agency)s has not completed its action from the case conference (due %(due)s): %(what)s") % {
        "agency": p.get("agency", ""),
        "due": p.get("due", ""),
        "what": p.get("what", ""),
    }


def _link(alert, user) -> str:
    conference = alert.params.get("conference")
    return reverse("conference", args=[conference]) if conference else ""


register(INVITED, gettext_lazy("Invited to a case conference"), _invited, link=_link)
register(ACTION, gettext_lazy("Action from a case conference"), _action, link=_link)
register(OVERDUE, gettext_lazy("Case-conference action overdue"), _overdue, link=_link)
