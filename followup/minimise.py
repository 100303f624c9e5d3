"""What follow-up keeps once a file is minimised (see retention.registry): tiers and their rule
codes; the reason typed for a tier set by hand goes."""

from retention.registry import register

from .models import TierOverride


@register
def erase_override_reasons(child_ids: list[int]) -> None:
    TierOverride.objects.filter(child_id__in=child_ids).update(reason="")
