"""Alerts of sweeps (registered with alerts.kinds): a sweep started and the village has a list."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import register

SWEEP_STARTED = "sweep_started"


def _started(alert) -> str:
    p = alert.params
    return _(
        "The county has started a check of all children's files (%(name)s). Please go through the "
        "%(count)s children of your village by %(deadline)s: for each one, say whether the child is still "
        "here and nothing changed, correct the file, or close it; and add any child you find who is not on the list."
    ) % {"name": p.get("name", ""), "count": p.get("count", "?"), "deadline": p.get("deadline", "")}


def _link(alert, user) -> str:
    p = alert.params
    if not p.get("sweep") or not p.get("village"):
        return ""
    return reverse("sweep_village", args=[p["sweep"], p["village"]])


register(SWEEP_STARTED, gettext_lazy("Check of the children's files"), _started, link=_link)
