"""JSON API for mandatory reports. Reports come from reports.access, as in the pages, and the
original reporter of a relayed report is left out (null) for whoever may not see it."""

from datetime import date, datetime
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from audit.reads import AuditedPagination, note_read
from core.api_schema import INVALID, NOT_FOUND
from core.dates import age_on

from .access import access_report, can_see_reporter, is_partner, read_reason, reports_for
from .models import MandatoryReport

router = Router(tags=["reports"], auth=django_auth)


class ChildOut(Schema):
    """What a report says of the child: no more than partner staff may see."""

    uuid: UUID | None  # None for partner staff, who cannot open the file
    name: str
    age: int
    village_name: str


class ReporterOut(Schema):
    name: str
    role: str
    phone: str
    told_at: datetime | None


class DecisionOut(Schema):
    kind: str
    decided_on: date
    deciding_body: str
    note: str


class StepOut(Schema):
    kind: str
    at: datetime
    by: str
    note: str


class ReportSummary(Schema):
    uuid: UUID
    child: ChildOut
    triggers: list[str]
    channel: str
    receiving_body: str
    reported_at: datetime
    status: str
    feedback_due_on: date
    feedback_overdue_days: int
    relayed: bool


class ReportDetail(ReportSummary):
    facts: str
    observed_at: datetime
    receiving_org: str | None
    receipt_number: str
    filed_by: str
    feedback: str
    feedback_received_on: date | None
    reporter: ReporterOut | None  # None when not relayed or when the user may not see who it was
    handoff_minutes: int | None
    decisions: list[DecisionOut]
    history: list[StepOut]


def _summary(user, report: MandatoryReport, today: date) -> dict:
    child = report.child
    return {
        "uuid": report.uuid,
        "child": {
            "uuid": None if is_partner(user) else child.uuid,
            "name": child.name,
            "age": age_on(child.date_of_birth, today),
            "village_name": child.village.name,
        },
        "triggers": report.triggers,
        "channel": report.channel,
        "receiving_body": report.receiving_body,
        "reported_at": report.reported_at,
        "status": report.status,
        "feedback_due_on": report.feedback_due_on,
        "feedback_overdue_days": report.feedback_overdue_days(today),
        "relayed": report.relayed,
    }


def report_data(user, report: MandatoryReport) -> dict:
    """The report as the user may see it."""
    delay = report.handoff_delay
    reporter = None
    if report.relayed and can_see_reporter(user, report):
        reporter = {
            "name": report.reporter_name,
            "role": report.reporter_role,
            "phone": report.reporter_phone,
            "told_at": report.reporter_told_at,
        }
    return _summary(user, report, timezone.localdate()) | {
        "facts": report.facts,
        "observed_at": report.observed_at,
        "receiving_org": report.receiving_org.name if report.receiving_org_id else None,
        "receipt_number": report.receipt_number,
        "filed_by": report.filed_by.display_name,
        "feedback": report.feedback,
        "feedback_received_on": report.feedback_received_on,
        "reporter": reporter,
        "handoff_minutes": int(delay.total_seconds() // 60) if delay is not None else None,
        "decisions": list(report.decisions.values("kind", "decided_on", "deciding_body", "note")),
        "history": [
            {"kind": e.kind, "at": e.at, "by": e.by.display_name, "note": e.note}
            for e in report.events.select_related("by")
        ],
    }


class ReportListItem(ReportSummary):
    """A list row, built from the model by resolvers so that pagination stays in the database."""

    @staticmethod
    def resolve_child(obj, context) -> dict:
        return _summary(context["request"].user, obj, timezone.localdate())["child"]

    @staticmethod
    def resolve_feedback_overdue_days(obj) -> int:
        return obj.feedback_overdue_days()


@router.get("/", response={200: list[ReportListItem], **INVALID})
@paginate(
    AuditedPagination,
    page_size=50,
    what="api_reports",
    read=lambda report, user: (report.child_id, read_reason(user, report)),
)
def list_reports(request: HttpRequest):
    return reports_for(request.user).select_related("child__village").order_by("-reported_at", "-pk")


@router.get("/{report_uuid}/", response={200: ReportDetail, **NOT_FOUND})
def get_report(request: HttpRequest, report_uuid: UUID):
    report = access_report(request.user, report_uuid)
    note_read(request, report.child_id, what="api_report", why=read_reason(request.user, report))
    return report_data(request.user, report)
