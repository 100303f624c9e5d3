"""The background export job and the deletion of expired export files.

`build(job_id)` is what ledger.tasks.build_export runs: it claims the job with a conditional
update (a second run does nothing), makes the file with the requester's own access at run time
(a division that left their reach meanwhile is refused), stores it encrypted through
core.generated and marks the job ready. For the MCA file the watermark and the batch's record
move in the same transaction as the job's "ready" (ledger.export_actions.do_deliver_mca), so
they move only with a file that was made; the audit of the export is written at each download.
"""

import logging
from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from core import generated

from . import export_access, exports
from .export_actions import do_deliver_mca
from .export_models import ExportJob

logger = logging.getLogger(__name__)
FOLDER = "ledger-exports"
S = ExportJob.Status


def build(job_id: int) -> dict:
    """Make the file of the export `job_id` if it is still waiting."""
    claimed = ExportJob.objects.filter(pk=job_id, status=S.QUEUED).update(status=S.RUNNING)
    if not claimed:
        return {"skipped": 1}
    job = ExportJob.objects.select_related("division", "requested_by").get(pk=job_id)
    user = job.requested_by
    made = None
    try:
        if not user.is_active or job.product not in export_access.products_for(user, second_factor_checked=True):
            return _fail(job, "no_access")
        try:
            division = export_access.access_export_division(user, job.division_id)
        except Http404:
            return _fail(job, "no_access")
        plan, last = None, None
        if job.product == exports.MCA:
            if job.resend:
                last = export_access.last_mca_batch(user, division)
                if last is None:
                    return _fail(job, "no_batch")
                made, plan = exports.write_mca_resend(user, division, last)
            else:
                made, plan = exports.write_mca_changes(user, division)
        elif job.product in (exports.LBC_FORMS, exports.DIFFICULTY_FORMS):
            made = exports.write_forms(user, division, job.product, full_ids=job.full_ids)
        elif job.product == exports.ROSTER:
            made = exports.write_roster(user, division, full_ids=job.full_ids)
        else:
            made = exports.write_full(user, division)
        stored_as = f"{job.uuid}.bin"
        size = generated.store_path(made.path, FOLDER, stored_as)
        try:
            with transaction.atomic():
                details = {}
                if plan is not None:
                    export = do_deliver_mca(user, division, plan, resend_of=last, audit=False)
                    details = {
                        "mca_export": str(export.uuid),
                        "counts": plan.counts,
                        **({"resend": True} if last else {}),
                    }
                job.child_ids = made.child_ids
                job.details = details
                job.file_name = made.filename
                job.content_type = made.content_type
                job.stored_as = stored_as
                job.size = size
                job.status = S.READY
                job.error = ""
                job.set_expiry()
                job.save()
        except Exception:
            generated.delete(FOLDER, stored_as)
            raise
    except exports.ExportRefused as refused:
        return _fail(job, refused.message)
    except Exception:
        logger.exception("Ledger export %s failed", job.uuid)
        if made is not None:
            made.discard()
        return _fail(job, "error")
    return {"children": len(job.child_ids), "bytes": job.size}


def _fail(job: ExportJob, error: str) -> dict:
    job.status = S.FAILED
    job.error = error[:40]
    job.set_expiry()
    job.save(update_fields=["status", "error", "finished_at", "expires_at"])
    return {"failed": 1}


def purge_expired(today: date | None = None) -> int:
    """Delete the files of exports past their expiry; returns how many were deleted (nightly job)."""
    expired = list(ExportJob.objects.filter(status=S.READY, expires_at__lte=timezone.now()))
    for job in expired:
        generated.delete(FOLDER, job.stored_as)
    ExportJob.objects.filter(pk__in=[j.pk for j in expired], status=S.READY).update(
        status=S.EXPIRED, child_ids=[], details={}
    )
    return len(expired)
