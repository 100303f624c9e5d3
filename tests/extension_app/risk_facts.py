from datetime import date

from followup.providers import register
from risk.facts import FactSpec

from .models import Enrolment


@register(facts={"in_after_school_class": FactSpec("bool")})
def after_school_facts(child_ids: list[int], today: date) -> dict[int, dict]:
    enrolled = set(Enrolment.objects.filter(child_id__in=child_ids).values_list("child_id", flat=True))
    return {cid: {"in_after_school_class": cid in enrolled} for cid in child_ids}
