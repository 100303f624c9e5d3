"""Reads over school absences that other parts of Shouhu share."""

from datetime import date, timedelta

from django.db.models import Count

from .models import Absence

WINDOW_DAYS = 30  # the truancy window: unexcused absences in the last 30 days


def unexcused_counts(child_ids, today: date) -> dict[int, int]:
    """Unexcused absences in the 30 days ending today, per child, in one grouped query."""
    since = today - timedelta(days=WINDOW_DAYS - 1)
    return dict(
        Absence.objects.filter(child_id__in=child_ids, excused=False, date__range=(since, today))
        .values("child_id")
        .annotate(n=Count("id"))
        .values_list("child_id", "n")
    )
