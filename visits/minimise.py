"""What a visit record keeps once its child's file is minimised (see retention.registry).

The date, the mode, who was seen and the checklist answers stay (they are counted); the notes,
the descriptions and the supervisors' comments go.
"""

from retention.registry import register

from .models import ParentContact, Visit, VisitComment


@register
def erase_visits(child_ids: list[int]) -> None:
    Visit.objects.filter(child_id__in=child_ids).update(notes={}, living_conditions="", needs="", actions_taken="")
    VisitComment.objects.filter(visit__child_id__in=child_ids).update(text="")
    ParentContact.objects.filter(child_id__in=child_ids).update(note="")
