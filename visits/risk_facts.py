"""What the latest visit tells the risk engine and the schedule."""

from datetime import date

from followup.providers import latest_per_child, register

from .models import Visit


@register
def visit_facts(child_ids: list[int], today: date) -> dict[int, dict]:
    """The latest current visit's checklist answers and dates (the schedule counts from it).

    A contact only is no visit: nothing was checked, so it neither resets the schedule nor
    clears what the last real visit found.
    """
    latest = latest_per_child(
        Visit.objects.filter(child_id__in=child_ids, is_current=True, contact_only=False)
        .order_by("child_id", "-visited_on", "-id")
        .values("child_id", "visited_on", "answers", "next_visit_on")
    )
    facts = {}
    for cid in child_ids:
        visit = latest.get(cid)
        facts[cid] = {
            "days_since_visit": (today - visit["visited_on"]).days if visit else None,
            "answers": visit["answers"] if visit else {},
            "last_visit_on": visit["visited_on"] if visit else None,
            "next_visit_on": visit["next_visit_on"] if visit else None,
        }
    return facts
