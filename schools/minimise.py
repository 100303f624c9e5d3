"""What a school's records keep once the child's file is minimised (see retention.registry): the
dates, whether excused, the school; not the reasons in the school's words."""

from retention.registry import register

from .models import Absence, Dropout


@register
def erase_school_reasons(child_ids: list[int]) -> None:
    Absence.objects.filter(child_id__in=child_ids).update(reason="")
    Dropout.objects.filter(child_id__in=child_ids).update(reason="")
