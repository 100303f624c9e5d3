"""Whether a mandatory report about the child is still open (keeps the child red)."""

from datetime import date

from followup.providers import register

from .models import MandatoryReport


@register
def report_facts(child_ids: list[int], today: date) -> dict[int, dict]:
    open_ = set(
        MandatoryReport.objects.filter(child_id__in=child_ids)
        .exclude(status=MandatoryReport.Status.CLOSED)
        .values_list("child_id", flat=True)
    )
    return {cid: {"open_report": cid in open_} for cid in child_ids}
