"""Reads over referrals that other parts of Shouhu share."""

from django.db.models import Exists, OuterRef

from .models import Referral


def has_open_referral(child_field: str = "child_id") -> Exists:
    """A condition for rows about a child (e.g. follow-up rows of the user's scope): the child has
    an open referral. NOT EXISTS per row (indexed by child), not a NOT IN over every referral."""
    return Exists(Referral.objects.filter(child_id=OuterRef(child_field), status__in=Referral.OPEN))
