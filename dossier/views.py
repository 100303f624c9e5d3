"""The printed file: one child's PDF, and a village's open files as one PDF built in the background."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from audit.reads import note_read
from children.access import children_for
from core import generated

from . import access, actions, services
from .forms import BatchForm
from .models import MAX_CHILDREN
from .pdf import Printing, child_pdf

BATCHES_PER_PAGE = 20
REFRESH_SECONDS = 3  # the status page reloads itself while the job runs


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
def child_file(request, child_uuid):
    """The child's whole file as a PDF, for whoever may open the profile (404 otherwise)."""
    user = request.user
    child = access.access_child_file(user, child_uuid)
    full_id = request.GET.get("full_id") == "1"
    if full_id and not access.can_print_full_id(user, child):
        raise Http404
    content = child_pdf(child, Printing(by=user.display_name, at=timezone.now()), full_id=full_id)
    actions.do_log_child_print(user, child, full_id=full_id, request=request)
    note_read(request, child, what="dossier")
    return _pdf_response(content, f"{child.name}-{timezone.localdate():%Y%m%d}.pdf")


@login_required
def batches(request):
    """Ask for a village's batch print, and the user's batches with their status."""
    user = request.user
    if not access.can_print_batches(user):
        raise Http404
    services.purge_expired()
    villages = list(access.batch_villages(user).order_by("code"))
    if not villages:
        raise Http404
    form = BatchForm(request.POST or None, villages=villages, initial={"village": request.GET.get("village")})
    allowed = access.may_take_batch(user)
    if request.method == "POST" and allowed and form.is_valid():
        village = access.access_batch_village(user, form.cleaned_data["village"])
        try:
            batch = actions.do_request_batch(user, village, request=request)
        except actions.TooManyChildren:
            messages.error(
                request,
                _("This village has more than %(n)s open files: print them one by one, or ask the administrator.")
                % {"n": MAX_CHILDREN},
            )
        else:
            return redirect("dossier_batch", batch_uuid=batch.uuid)
    page = Paginator(access.batches_for(user), BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dossier/batches.html",
        {"form": form, "page": page, "max_children": MAX_CHILDREN, "needs_two_factor": not allowed},
    )


@login_required
def batch(request, batch_uuid):
    services.purge_expired()
    batch = access.access_batch(request.user, batch_uuid)
    response = render(
        request, "dossier/batch.html", {"batch": batch, "refresh": None if batch.is_done else REFRESH_SECONDS}
    )
    patch_cache_control(response, no_store=True)
    return response


@login_required
def batch_download(request, batch_uuid):
    """The batch's PDF, to the person who asked for it, while it is kept."""
    user = request.user
    services.purge_expired()
    batch = access.access_batch(user, batch_uuid)
    if (
        batch.status != batch.Status.READY
        or not generated.exists(services.BATCH_DIR, batch.file_name)
        or not access.may_take_batch(user)
    ):
        raise Http404
    name = f"{batch.village.name}-{timezone.localtime(batch.created_at):%Y%m%d-%H%M}.pdf"
    # Decrypted on the way out (core.generated); the first chunk opens before anything is audited.
    response = generated.download(services.BATCH_DIR, batch.file_name, filename=name, content_type="application/pdf")
    # Audited as read by the downloader: each printed child they may still see.
    printed = list(children_for(user).filter(pk__in=batch.child_ids).only("pk"))
    actions.do_log_batch_download(user, batch, printed, request=request)
    note_read(request, printed, what="dossier_batch")
    return response
