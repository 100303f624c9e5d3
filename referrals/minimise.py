"""What a referral keeps once its child's file is minimised (see retention.registry): the service,
organisation, urgency, consent flags, legal basis, status, dates and services delivered; the need,
the outcome and every note go."""

from retention.registry import register

from .models import Referral, ReferralEvent


@register
def erase_referral_text(child_ids: list[int]) -> None:
    Referral.objects.filter(child_id__in=child_ids).update(need="", consent_note="", outcome="", closing_reason="")
    ReferralEvent.objects.filter(referral__child_id__in=child_ids).update(note="")
