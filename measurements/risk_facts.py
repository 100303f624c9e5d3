"""What the latest growth measurement tells the risk engine."""

from datetime import date

from followup.providers import latest_per_child, register

from .models import Measurement


@register
def growth_facts(child_ids: list[int], today: date) -> dict[int, dict]:
    """The findings (WHO growth standards) of each child's latest valid measurement."""
    latest = latest_per_child(
        Measurement.objects.filter(child_id__in=child_ids, voided_reason="")
        .order_by("child_id", "-measured_on", "-id")
        .values("child_id", "findings")
    )
    return {cid: {"growth": frozenset(latest[cid]["findings"]) if cid in latest else frozenset()} for cid in child_ids}
