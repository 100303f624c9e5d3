"""Alerts of training: a certificate runs out soon, or has run out."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import register

CERT_EXPIRING = "training_expiring"
CERT_EXPIRED = "training_expired"


def _expiring(alert) -> str:
    p = alert.params
    return _(
        "Your certificate for the course “%(course)s” ends on %(date)s. Take the course again before then to keep it."
    ) % {"course": p.get("course", ""), "date": p.get("date", "")}


def _expired(alert) -> str:
    p = alert.params
    return _("The certificate of %(worker)s for the course “%(course)s” ended on %(date)s.") % {
        "worker": p.get("worker", ""),
        "course": p.get("course", ""),
        "date": p.get("date", ""),
    }


def _link_course(alert, user) -> str:
    course = alert.params.get("course_id")
    return reverse("training_course", args=[course]) if course else reverse("training_home")


def _link_workers(alert, user) -> str:
    return reverse("training_workers") + "?standing=expired"


register(CERT_EXPIRING, gettext_lazy("Training certificate ending soon"), _expiring, link=_link_course)
register(CERT_EXPIRED, gettext_lazy("Training certificate ended"), _expired, link=_link_workers)
