"""Unexcused school absences in the last 30 days (控辍保学)."""

from datetime import date

from followup.providers import register

from .queries import unexcused_counts


@register
def absence_facts(child_ids: list[int], today: date) -> dict[int, dict]:
    counts = unexcused_counts(child_ids, today)  # one grouped query over the partial index
    return {cid: {"unexcused_absences_30d": counts.get(cid, 0)} for cid in child_ids}
