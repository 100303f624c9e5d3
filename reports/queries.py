"""Reads over mandatory reports that other parts of Shouhu share."""

from django.db.models import Exists, OuterRef

from .models import MandatoryReport


def has_open_report(child_field: str = "child_id") -> Exists:
    """A condition for rows about a child: a mandatory report on the child is still open."""
    return Exists(
        MandatoryReport.objects.filter(child_id=OuterRef(child_field)).exclude(status=MandatoryReport.Status.CLOSED)
    )
