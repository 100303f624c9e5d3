"""Alerts of the family link: a parent linked, confirmed the entrustment or answered a notice
(to the CWD); a new notice (to the parent, naming no child: they open their page)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import register

LINKED = "family_linked"
ENTRUSTED = "family_entrusted"
NOTICE = "family_notice"
ANSWERED = "family_answered"


def _linked(alert) -> str:
    return _("%(name)s has linked to the child's file and can now see your notices.") % {
        "name": alert.params.get("name", "")
    }


def _entrusted(alert) -> str:
    p = alert.params
    return _("%(name)s confirmed the written entrustment: the caregiver is %(caregiver)s.") % {
        "name": p.get("name", ""),
        "caregiver": p.get("caregiver", ""),
    }


def _notice(alert) -> str:
    return _("The Child Welfare Director has written to you about your child. Please read it and answer.")


def _answered(alert) -> str:
    p = alert.params
    return _("%(name)s answered your notice: %(answer)s") % {"name": p.get("name", ""), "answer": p.get("answer", "")}


def _child_link(alert, user) -> str:
    """The child's family page, for the CWD or supervisor (nobody else has one)."""
    if not alert.child_id or user.role not in (user.Role.CWD, user.Role.SUPERVISOR):
        return ""
    return reverse("family_child", args=[alert.child.uuid])


def _parent_link(alert, user) -> str:
    return reverse("family_home")


register(LINKED, gettext_lazy("A parent linked"), _linked, link=_child_link)
register(ENTRUSTED, gettext_lazy("Entrustment confirmed"), _entrusted, link=_child_link)
register(NOTICE, gettext_lazy("Notice from the Child Welfare Director"), _notice, link=_parent_link)
register(ANSWERED, gettext_lazy("A family answered"), _answered, link=_child_link)
