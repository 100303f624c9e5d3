"""The batch print job and the deletion of expired batch PDFs.

The PDF of a batch is kept in private storage, encrypted at rest (core.generated, under
MEDIA_ROOT/dossier-batches: no URL serves MEDIA_ROOT; only dossier.views.batch_download hands it
over, to the person who asked for it) and deleted a day after it was built: by the first batch
page anyone opens after that, and by the nightly job (settings.SHOUHU_NIGHTLY_JOBS: dossier.services.purge_expired).
"""

import logging
import tempfile
from datetime import date
from pathlib import Path

from django.utils import timezone, translation

from core import generated
from core.scope import in_scope

from . import access
from .models import MAX_CHILDREN, BatchPrint
from .pdf import Printing, batch_pdf

logger = logging.getLogger(__name__)
BATCH_DIR = "dossier-batches"
S = BatchPrint.Status


SPOOL = 8 << 20  # a PDF up to this size is built in memory; a larger one spills to a temporary file


def stored_name(batch: BatchPrint) -> str:
    return f"{batch.uuid}.bin"


def batch_path(batch: BatchPrint) -> Path:
    """Where the batch's encrypted PDF is stored."""
    return generated.path_of(BATCH_DIR, batch.file_name or stored_name(batch))


def build(batch_id: int) -> dict:
    """Print the batch `batch_id` if it is still waiting (a second run does nothing).

    The children are read with the requester's own access (access.open_files), at the time the
    job runs: a village that left their reach meanwhile prints nothing."""
    claimed = BatchPrint.objects.filter(pk=batch_id, status=S.QUEUED).update(status=S.RUNNING)
    if not claimed:
        return {"skipped": 1}
    batch = BatchPrint.objects.select_related("village", "requested_by").get(pk=batch_id)
    user = batch.requested_by
    try:
        with translation.override(batch.language):
            if not (user.is_active and access.can_print_batches(user) and in_scope(user, batch.village_id)):
                return _fail(batch, "no_access")
            children = list(access.open_files(user, batch.village)[: MAX_CHILDREN + 1])
            if len(children) > MAX_CHILDREN:
                return _fail(batch, "too_many")
            name = stored_name(batch)
            with tempfile.SpooledTemporaryFile(max_size=SPOOL) as out:
                pages = batch_pdf(children, Printing(by=user.display_name, at=batch.created_at), out)
                out.seek(0)
                generated.store(out, BATCH_DIR, name)  # encrypted, mode 0600
    except Exception as exc:
        logger.exception("Batch print %s failed", batch.uuid)
        return _fail(batch, type(exc).__name__)
    batch.child_ids = [c.pk for c in children]
    batch.pages = pages
    batch.file_name = name
    batch.status = S.READY
    batch.set_expiry()
    batch.save(update_fields=["child_ids", "pages", "file_name", "status", "finished_at", "expires_at"])
    return {"children": len(children), "pages": pages}


def _fail(batch: BatchPrint, error: str) -> dict:
    batch.status = S.FAILED
    batch.error = error
    batch.set_expiry()
    batch.save(update_fields=["status", "error", "finished_at", "expires_at"])
    return {"failed": 1}


def purge_expired(today: date | None = None) -> int:
    """Delete the PDFs of batches past their expiry; returns how many were deleted."""
    now = timezone.now()
    expired = list(BatchPrint.objects.filter(status=S.READY, expires_at__lte=now))
    for batch in expired:
        batch_path(batch).unlink(missing_ok=True)
    BatchPrint.objects.filter(pk__in=[b.pk for b in expired], status=S.READY).update(status=S.EXPIRED, child_ids=[])
    return len(expired)
