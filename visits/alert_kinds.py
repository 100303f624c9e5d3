"""Alerts raised by visits: a supervisor's comment on a visit (registered with alerts.kinds)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import child_name, register

SUPERVISOR_COMMENT = "supervisor_comment"


def _supervisor_comment(alert) -> str:
    p = alert.params
    return _("%(author)s commented on your visit to %(name)s: %(text)s") % {
        "author": p.get("author", ""),
        "name": child_name(alert),
        "text": p.get("text", ""),
    }


register(SUPERVISOR_COMMENT, gettext_lazy("Supervisor comment"), _supervisor_comment)
