"""What a mandatory report keeps once its child's file is minimised (see retention.registry): the
triggers, channel, receiving body, dates, status and decisions' kinds; the facts, the feedback,
the notes and the original reporter's identity go."""

from retention.registry import erased, register

from .models import MandatoryReport, ReportDecision, ReportEvent


@register
def erase_report_text(child_ids: list[int]) -> None:
    reports = MandatoryReport.objects.filter(child_id__in=child_ids)
    reports.update(facts="", feedback="", reporter_phone="")
    # A relayed report must name its reporter (report_relay_names_reporter): a placeholder does.
    reports.filter(relayed=True).update(reporter_name=erased())
    ReportEvent.objects.filter(report__child_id__in=child_ids).update(note="")
    ReportDecision.objects.filter(report__child_id__in=child_ids).update(note="")
