"""What a case plan keeps once its child's file is minimised (see retention.registry): its status,
dates, goals' domains and statuses, actions' organisations, dates and statuses; every text goes."""

from django.db.models import Case, Value, When

from retention.registry import erased, register

from .models import Action, CasePlan, Goal, PlanEvent, Review


@register
def erase_case_plan_text(child_ids: list[int]) -> None:
    plans = CasePlan.objects.filter(child_id__in=child_ids)
    plans.update(summary="", return_note="")
    # A closed plan must keep a reason (caseplan_closed_has_reason): a placeholder does.
    plans.exclude(closing_reason="").update(closing_reason=erased())
    Goal.objects.filter(plan__child_id__in=child_ids).update(text="")
    Action.objects.filter(plan__child_id__in=child_ids).update(
        text="",
        note="",
        # An action must name an organisation or a person (caseaction_has_responsible).
        responsible_person=Case(When(organisation__isnull=True, then=Value(erased())), default=Value("")),
    )
    Review.objects.filter(plan__child_id__in=child_ids).update(progress="")
    PlanEvent.objects.filter(plan__child_id__in=child_ids).update(note="")
