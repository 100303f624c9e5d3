"""Whether a child has an open referral (someone is already acting on the risk)."""

from datetime import date

from followup.providers import register

from .models import Referral


@register
def referral_facts(child_ids: list[int], today: date) -> dict[int, dict]:
    open_ = set(
        Referral.objects.filter(child_id__in=child_ids, status__in=Referral.OPEN).values_list("child_id", flat=True)
    )
    return {cid: {"open_referral": cid in open_} for cid in child_ids}
