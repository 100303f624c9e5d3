"""Every write to mandatory reports. Views parse input and call one of these.

Each action checks permission, owns its transaction, records the step in the report's history
(ReportEvent) and writes the audit row. Audit details name the report, never the original
reporter: the audit trail is read more widely than the reporter's identity may be.
"""

from django.db import transaction

from accounts.models import User
from accounts.staff import staff_by_village, staff_of_organisation
from alerts.actions import do_alert
from audit.actions import do_log
from audit.models import AuditEvent
from core.errors import ActionError
from risk.checklist import REPORT_TRIGGERS

from .access import can_close, can_file, can_update
from .alert_kinds import REPORT_FILED
from .models import MandatoryReport, ReportDecision, ReportEvent

A = AuditEvent.Action
S = MandatoryReport.Status
E = ReportEvent.Kind


def _log(actor, report: MandatoryReport, step: str, request, **details) -> None:
    do_log(
        actor,
        A.CREATE if step == E.FILED else A.UPDATE,
        child=report.child,
        request=request,
        details={"report": str(report.uuid), "step": step, **details},
    )


def _step(actor, report: MandatoryReport, kind: str, note: str = "") -> ReportEvent:
    return ReportEvent.objects.create(report=report, kind=kind, by=actor, note=note)


def _lock(report: MandatoryReport) -> MandatoryReport:
    """Re-read the report's status under a row lock, so two people moving it at once cannot
    both pass the same step (or move it back)."""
    fresh = MandatoryReport.objects.select_for_update().only("status").get(pk=report.pk)
    report.status = fresh.status
    return report


def _advance(report: MandatoryReport, to: str) -> bool:
    """Move the status forward to `to`; never backwards. Returns whether it moved."""
    if MandatoryReport.ORDER.index(to) <= MandatoryReport.ORDER.index(report.status):
        return False
    report.status = to
    return True


@transaction.atomic
def do_file_report(actor, report: MandatoryReport, *, request=None) -> MandatoryReport:
    """File a report at once: it is in force when saved, with no approval step (MPL Art. 11)."""
    if not can_file(actor, report.child):
        raise ActionError("may not report on this child")
    if not report.triggers or any(t not in REPORT_TRIGGERS for t in report.triggers):
        raise ActionError("a report needs at least one known trigger")
    if report.relayed and not report.reporter_name:
        raise ActionError("a relayed report names its original reporter")
    if not report.relayed:
        report.reporter_name = report.reporter_phone = report.reporter_role = ""
        report.reporter_told_at = None
    report.filed_by = actor
    report.status = S.FILED
    report.set_feedback_due()
    report.save()
    _step(actor, report, E.FILED)
    _log(
        actor,
        report,
        E.FILED,
        request,
        channel=report.channel,
        triggers=report.triggers,
        relayed=report.relayed,
        feedback_due_on=report.feedback_due_on.isoformat(),
    )
    _alert_filed(actor, report)
    return report


def _alert_filed(actor, report: MandatoryReport) -> None:
    """Tell everyone who follows the child up, and the receiving organisation's staff in Shouhu,
    that a report was made. The alert names the filer, never a relayed report's reporter."""
    village = report.child.village_id
    staff = staff_by_village({village}, User.Role.CWD, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER)[village]
    receivers = staff_of_organisation([report.receiving_org_id]).get(report.receiving_org_id, [])
    people = [u for u in [*staff, *receivers] if u.pk != actor.pk]
    do_alert(
        people,
        REPORT_FILED,
        child=report.child,
        dedupe_key=f"report-filed:{report.pk}",
        params={
            "report": str(report.uuid),
            "filer": actor.display_name,
            "body": report.receiving_body,
            "channel": report.channel,
        },
    )


@transaction.atomic
def do_record_receipt(actor, report: MandatoryReport, receipt_number: str, *, request=None) -> MandatoryReport:
    """The receiving body acknowledged the report, with a receipt number if it gave one."""
    _lock(report)
    if not can_update(actor, report):
        raise ActionError("report closed")
    fields = ["updated_at"]
    moved = _advance(report, S.ACKNOWLEDGED)
    if moved:
        fields.append("status")
        _step(actor, report, E.ACKNOWLEDGED, receipt_number)
    if receipt_number and receipt_number != report.receipt_number:
        report.receipt_number = receipt_number
        fields.append("receipt_number")
        if not moved:
            _step(actor, report, E.RECEIPT, receipt_number)
    if len(fields) == 1:
        return report
    report.save(update_fields=fields)
    _log(actor, report, E.ACKNOWLEDGED if moved else E.RECEIPT, request, receipt_number=report.receipt_number)
    return report


@transaction.atomic
def do_mark_actioned(actor, report: MandatoryReport, note: str = "", *, request=None) -> MandatoryReport:
    """The receiving body acted (went out, investigated, placed the child)."""
    _lock(report)
    if not can_update(actor, report):
        raise ActionError("report closed")
    if not _advance(report, S.ACTIONED):
        raise ActionError("already past this step")
    report.save(update_fields=["status", "updated_at"])
    _step(actor, report, E.ACTIONED, note)
    _log(actor, report, E.ACTIONED, request)
    return report


@transaction.atomic
def do_record_decision(actor, report: MandatoryReport, decision: ReportDecision, *, request=None) -> ReportDecision:
    """A decision about the child's care; a report with a decision has been acted on."""
    _lock(report)
    if not can_update(actor, report):
        raise ActionError("report closed")
    decision.report = report
    decision.recorded_by = actor
    decision.save()
    _step(actor, report, E.DECISION, decision.get_kind_display())
    if _advance(report, S.ACTIONED):
        report.save(update_fields=["status", "updated_at"])
        _step(actor, report, E.ACTIONED)
    _log(
        actor,
        report,
        E.DECISION,
        request,
        decision=decision.kind,
        decided_on=decision.decided_on.isoformat(),
        status=report.status,
    )
    return decision


@transaction.atomic
def do_record_feedback(actor, report: MandatoryReport, feedback: str, received_on, *, request=None) -> MandatoryReport:
    """The outcome the receiving body told the reporter (MPL Art. 11(3)); stops the escalation."""
    _lock(report)
    if not can_update(actor, report):
        raise ActionError("report closed")
    if not _advance(report, S.FEEDBACK_RECEIVED):
        raise ActionError("feedback already recorded")
    report.feedback = feedback
    report.feedback_received_on = received_on
    report.save(update_fields=["status", "feedback", "feedback_received_on", "updated_at"])
    _step(actor, report, E.FEEDBACK_RECEIVED, feedback)
    _log(actor, report, E.FEEDBACK_RECEIVED, request, received_on=received_on.isoformat())
    return report


@transaction.atomic
def do_close_report(actor, report: MandatoryReport, note: str = "", *, request=None) -> MandatoryReport:
    """Close a report. Without feedback from the receiving body, a note must say why."""
    _lock(report)
    if not can_close(actor, report):
        raise ActionError("may not close")
    if report.status != S.FEEDBACK_RECEIVED and not note.strip():
        raise ActionError("closing without feedback needs a note")
    report.status = S.CLOSED
    report.save(update_fields=["status", "updated_at"])
    _step(actor, report, E.CLOSED, note)
    _log(actor, report, E.CLOSED, request)
    return report
