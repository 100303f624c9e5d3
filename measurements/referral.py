"""The referral a growth finding calls for, as a link to the referral form filled in for it.

Measurements does not import the referrals app's pages: it links to its form by URL, with the
service, urgency and need as query parameters the form takes as its initial values (the CWD still
picks the organisation, records consent and sends). The form suggests the least loaded
organisation offering the service in the child's area.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from growth.classify import most_severe
from partners.models import Service
from referrals.models import Referral

from .models import Measurement
from .texts import FINDING_NAMES

Urgency = Referral.Urgency

# The findings whose advice is a referral, most serious first: SAM (WHO: the same day, to health
# care; oedema counts as SAM) and MAM (a nutrition check and follow-up, within days).
ADVICE = {
    "sam": (Service.HEALTH, Urgency.URGENT, gettext_lazy("Refer to a health service today")),
    "oedema": (Service.HEALTH, Urgency.URGENT, gettext_lazy("Refer to a health service today")),
    "mam": (Service.NUTRITION, Urgency.HIGH, gettext_lazy("Refer for a nutrition check")),
}


@dataclass(frozen=True)
class GrowthReferral:
    url: str
    label: str
    urgent: bool


def _need(measurement: Measurement) -> str:
    """What the service reads: the date, what was found and the figures it was found on."""
    found = [str(FINDING_NAMES[c]) for c in most_severe(measurement.findings) if c in FINDING_NAMES]
    figures = []
    if measurement.weight_kg is not None:
        figures.append(_("weight %(kg)s kg") % {"kg": measurement.weight_kg})
    if measurement.length_cm is not None:
        figures.append(_("height %(cm)s cm") % {"cm": measurement.length_cm})
    if measurement.muac_mm is not None:
        figures.append(_("arm circumference %(mm)s mm") % {"mm": measurement.muac_mm})
    if measurement.oedema:
        figures.append(_("oedema"))
    return _("Growth check on %(date)s: %(found)s (%(figures)s).") % {
        "date": date_format(measurement.measured_on, "Y-m-d"),
        "found": _(", ").join(found),
        "figures": _(", ").join(figures),
    }


def growth_referral(measurement: Measurement | None) -> GrowthReferral | None:
    """The referral this measurement's findings advise, or None (no measurement, voided, no such finding)."""
    if measurement is None or measurement.is_void:
        return None
    advising = [c for c in most_severe(measurement.findings) if c in ADVICE]
    if not advising:
        return None
    service, urgency, label = ADVICE[advising[0]]
    query = urlencode({"service": service, "urgency": urgency, "need": _need(measurement)})
    return GrowthReferral(
        url=f"{reverse('referral_new', args=[measurement.child.uuid])}?{query}",
        label=str(label),
        urgent=urgency == Urgency.URGENT,
    )
