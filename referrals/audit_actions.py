"""Referral pages that show a child's data, and the reason a referral gives partner staff to see
the child (audit.reads): "Referral #12 to the township clinic"."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.reads import register_page, register_reason

from .models import Referral

register_page("referrals", _("Referrals list"))
register_page("referral", _("Referral"))
register_page("referral_form", _("Referral form"))


def describe(keys: list[str]) -> dict[str, str]:
    ids = [int(k) for k in keys if k.isdigit()]
    orgs = dict(Referral.objects.filter(pk__in=ids).values_list("pk", "organisation__name"))
    return {
        str(pk): gettext("Referral #%(number)s to %(organisation)s") % {"number": pk, "organisation": org}
        for pk, org in orgs.items()
    }


register_reason("referral", describe)
