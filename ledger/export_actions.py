"""The ledger exports' writes: the audit of every export, and the MCA watermark.

As for the roster export (children.actions.do_log_export), an export is one summary event and
one event on each exported child's own history, inserted in bulk; an export with full ID numbers
says so in both, so an assessor finds every one. The MCA watermark (ledger.exchange_models) moves
only here, in the same transaction as the audit, once the file has been generated.
"""

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import transaction

from audit.actions import do_log
from audit.models import AuditEvent
from audit.reads import default_why
from core.errors import ActionError
from geo.models import Division

from . import export_access
from .audit_actions import EXPORT_REQUEST
from .exchange_models import Change, McaExport, McaExportRow, McaSent
from .export_models import ExportJob
from .exports import McaPlan

BATCH = 2000


def _batches(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _log_export(
    actor, product: str, division: Division, child_ids: list[int], *, fmt: str, full_ids: bool, request, extra=None
):
    via = default_why(actor)
    details: dict[str, Any] = {
        "count": len(child_ids),
        "filters": {"division": division.code},
        "format": fmt,
        "product": product,
        "via": via,
        **(extra or {}),
    }
    if full_ids:
        details["full_ids"] = True
    summary = do_log(actor, AuditEvent.Action.EXPORT, details=details, request=request)
    each = {
        "format": fmt,
        "product": product,
        "export": summary.pk,
        "via": via,
        **({"full_ids": True} if full_ids else {}),
    }
    for chunk in _batches(child_ids):
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor=summary.actor,
                    action=AuditEvent.Action.EXPORT,
                    child_id=child_id,
                    details=each,
                    ip_address=summary.ip_address,
                )
                for child_id in chunk
            ]
        )
    return summary


@transaction.atomic
def do_log_ledger_export(
    actor, product: str, division: Division, child_ids: list[int], *, fmt: str, full_ids: bool, request=None
) -> AuditEvent:
    """Audit a 登记表, 花名册 or full export of `division` holding these children's files."""
    return _log_export(actor, product, division, child_ids, fmt=fmt, full_ids=full_ids, request=request)


@transaction.atomic
def do_deliver_mca(
    actor, division: Division, plan: McaPlan, *, resend_of: McaExport | None = None, request=None, audit: bool = True
) -> McaExport:
    """Record a generated MCA exchange file: the batch, the new watermark (what each child's row
    was as sent; a resent batch moves none) and, unless `audit` is off, the audit (with full ID
    numbers). The background export (ledger.export_jobs) turns it off: it audits each download."""
    export = McaExport.objects.create(
        division=division,
        exported_by=actor if getattr(actor, "pk", None) else None,
        resend_of=resend_of,
        new_count=plan.counts[Change.NEW],
        changed_count=plan.counts[Change.CHANGED],
        closed_count=plan.counts[Change.CLOSED],
    )
    for chunk in _batches(plan.rows):
        McaExportRow.objects.bulk_create(
            [McaExportRow(export=export, child_id=child_id, change=change) for child_id, change, _d, _o in chunk]
        )
        if resend_of is None:
            McaSent.objects.bulk_create(
                [
                    McaSent(division=division, child_id=child_id, digest=digest, open=is_open, export=export)
                    for child_id, _c, digest, is_open in chunk
                ],
                update_conflicts=True,
                unique_fields=["division", "child"],
                update_fields=["digest", "open", "export"],
            )
    if audit:
        _log_export(
            actor,
            "mca",
            division,
            [r[0] for r in plan.rows],
            fmt="xlsx",
            full_ids=True,
            request=request,
            extra={"mca_export": str(export.uuid), "counts": plan.counts, **({"resend": True} if resend_of else {})},
        )
    return export


def do_request_export(
    actor, division: Division, product: str, *, full_ids: bool = False, resend: bool = False, request=None
) -> ExportJob:
    """Queue the making of an export (ledger.tasks.build_export starts once this commits).

    The view checked the product and the division; checked again here, as every action does."""
    from .tasks import build_export  # the task module imports the job, which imports these actions

    if product not in export_access.products_for(actor):
        raise ActionError("export not allowed")
    division = export_access.access_export_division(actor, division.code)
    if product == "full" or product == "mca":
        full_ids = True
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=actor, division=division, product=product, full_ids=full_ids, resend=resend
        )
        do_log(
            actor,
            EXPORT_REQUEST,
            details={"product": product, "division": division.code, "job": str(job.uuid), "resend": resend},
            request=request,
        )
        transaction.on_commit(lambda: build_export.enqueue(job.pk))
    return job


@transaction.atomic
def do_log_export_download(actor, job: ExportJob, *, request=None) -> AuditEvent:
    """A made export handed over: one summary event and one on each exported child's history, at
    every download (the same as the export made in the request was audited)."""
    fmt = "zip" if job.content_type == "application/zip" else "xlsx"
    extra = {"job": str(job.uuid), **job.details}
    return _log_export(
        actor, job.product, job.division, job.child_ids, fmt=fmt, full_ids=job.full_ids, request=request, extra=extra
    )


@transaction.atomic
def do_log_import_errors(actor, ledger_import, row_count: int, child_ids: list[int], *, request=None) -> AuditEvent:
    """The rows with errors of an import downloaded (ledger.import_views.import_errors_xlsx): they
    are the uploaded ledger's own rows, children's personal data leaving Shouhu again. One summary
    event (the import, how many rows), and one on the history of each registered file a row was
    matched to (the file it would have updated), as for every export."""
    return _log_export(
        actor,
        "ledger_errors",
        ledger_import.division,
        child_ids,
        fmt="xlsx",
        full_ids=True,
        request=request,
        extra={"import": str(ledger_import.uuid), "rows": row_count},
    )
