"""Every write of the printed file: the audit of a print, and the batch jobs' rows."""

from django.db import transaction
from django.utils.translation import get_language

from audit.actions import do_log
from children.actions import do_log_export
from core.errors import ActionError

from . import access
from .audit_actions import BATCH_PRINT
from .models import MAX_CHILDREN, BatchPrint
from .tasks import build_batch

FORMAT = "pdf"


class TooManyChildren(ActionError):
    """More open files than one batch prints (models.MAX_CHILDREN)."""


def do_log_child_print(actor, child, *, full_id: bool = False, request=None) -> None:
    """A child's file printed: an export event (the summary) and one on the child's history.

    The read itself is noted by the view (audit.reads.note_read, page "dossier")."""
    with transaction.atomic():
        do_log_export(actor, [child], {"dossier": str(child.uuid)}, FORMAT, full_ids=full_id, request=request)


def do_request_batch(actor, village, *, request=None) -> BatchPrint:
    """Queue the printing of every open file of `village`; the job starts once this commits.

    Raises TooManyChildren above MAX_CHILDREN (nothing is queued)."""
    # Checked again here (the view checked already): an action never trusts its caller.
    village = access.access_batch_village(actor, village.code)
    if not access.may_take_batch(actor):
        raise ActionError("second factor needed")
    count = access.open_files(actor, village).count()
    if count > MAX_CHILDREN:
        raise TooManyChildren(f"{count} open files")
    with transaction.atomic():
        batch = BatchPrint.objects.create(village=village, requested_by=actor, language=get_language() or "zh-hans")
        do_log(
            actor,
            BATCH_PRINT,
            details={"village": village.code, "count": count, "batch": str(batch.uuid)},
            request=request,
        )
        transaction.on_commit(lambda: build_batch.enqueue(batch.pk))
    return batch


def do_log_batch_download(actor, batch: BatchPrint, children, *, request=None) -> None:
    """The batch's PDF handed over: one export event and one on each printed child's history."""
    with transaction.atomic():
        do_log_export(
            actor, list(children), {"village": batch.village_id, "batch": str(batch.uuid)}, FORMAT, request=request
        )
