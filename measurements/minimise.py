"""What a measurement keeps once its child's file is minimised (see retention.registry):
the figures and findings, not the notes."""

from retention.registry import register

from .models import Measurement


@register
def erase_measurement_notes(child_ids: list[int]) -> None:
    Measurement.objects.filter(child_id__in=child_ids).update(note="", voided_reason="")
