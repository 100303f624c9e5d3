"""The ledger export page: pick an area and a product; a background job makes the file, the
officer downloads it from the export's own page, audited at each download.

A county's file takes minutes for 200,000 children (docs/performance.md), so the request only
queues the export (ledger.export_actions.do_request_export) and answers at once with the export's
page, whose status refreshes itself (htmx polling) until the download link shows. The cheap
refusals (too many forms, no batch to resend, an MCA file already being made) are answered on
the form at once; the others (nothing changed, nothing to export) on the export's page.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from children import access as child_access
from core import generated

from . import export_access, export_jobs, exports
from .export_actions import do_log_export_download, do_request_export
from .export_forms import PRODUCT_LABELS, ExportForm
from .export_models import ExportJob

HISTORY_PAGE_SIZE = 20
JOBS_PAGE_SIZE = 10
REFRESH_SECONDS = 3  # the status of an export being made is asked again this often


def _refusal(reason: str, *, last=None) -> str:
    if reason == "too_many_forms":
        return _(
            "That is more than %(max)s forms: choose a township or a village, and export the forms one part at a time."
        ) % {"max": exports.FORMS_MAX}
    if reason == "no_changes":
        if last is not None:
            return _("Nothing has changed since the last exchange file of %(date)s.") % {
                "date": timezone.localtime(last.exported_at).strftime("%Y-%m-%d %H:%M")
            }
        return _("There is nothing to send for this area.")
    if reason == "no_batch":
        return _("No exchange file has been made for this area yet: make the first one.")
    if reason == "busy":
        return _("An exchange file for this area is being made: wait for it before asking for the next one.")
    if reason == "no_access":
        return _("This area or this export is no longer yours to take.")
    if reason == "error":
        return _("Making the file failed. Please try again; if it fails again, tell the administrator.")
    return _("There are no files of this kind in this area.")


@login_required
def export_home(request):
    user = request.user
    export_jobs.purge_expired()
    products = export_access.products_for(user)
    if not products:
        if child_access.export_needs_two_factor(user):
            return render(request, "ledger/export_home.html", {"needs_two_factor": True})
        raise Http404
    divisions = export_access.divisions_to_pick(user)
    if divisions is not None and not divisions.exists():
        raise Http404
    default = export_access.default_division(user)
    form = ExportForm(
        request.POST or None,
        divisions=divisions,
        products=products,
        initial={"division": default.code if default else "", "product": exports.ROSTER},
    )
    problem = ""
    if request.method == "POST" and form.is_valid():
        division = export_access.access_export_division(user, form.cleaned_data["division"])
        try:
            job = _request(request, division, form.cleaned_data)
        except exports.ExportRefused as refused:
            last = export_access.last_mca_batch(user, division) if form.cleaned_data["product"] == exports.MCA else None
            problem = _refusal(refused.message, last=last)
        else:
            return redirect("ledger_export_job", job_uuid=job.uuid)
    history = None
    if exports.MCA in products:
        history = Paginator(export_access.mca_exports_for(user), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    jobs = Paginator(export_access.export_jobs_for(user), JOBS_PAGE_SIZE).get_page(request.GET.get("jobs_page"))
    for job in jobs:
        job.label = PRODUCT_LABELS.get(job.product, job.product)
    context = {
        "form": form,
        "jobs": jobs,
        "problem": problem,
        "history": history,
        "forms_max": exports.FORMS_MAX,
        "needs_two_factor": child_access.export_needs_two_factor(user),
    }
    status = 400 if request.method == "POST" else 200
    response = render(request, "ledger/export_home.html", context, status=status)
    patch_cache_control(response, no_store=True)
    return response


def _request(request, division, data) -> ExportJob:
    """Queue the export after the refusals that cost little to find (ExportRefused)."""
    user, product = request.user, data["product"]
    resend = bool(data.get("resend")) and product == exports.MCA
    if product in (exports.LBC_FORMS, exports.DIFFICULTY_FORMS):
        exports.check_forms(user, division, product)
    if product == exports.MCA:
        if resend and export_access.last_mca_batch(user, division) is None:
            raise exports.ExportRefused("no_batch")
        if export_access.mca_file_being_made(division):
            raise exports.ExportRefused("busy")
    return do_request_export(
        user, division, product, full_ids=data.get("full_ids", False), resend=resend, request=request
    )


def _job_context(request, job: ExportJob) -> dict:
    last = None
    if job.status == ExportJob.Status.FAILED and job.error == "no_changes":
        last = export_access.last_mca_batch(request.user, job.division)
    return {
        "job": job,
        "label": PRODUCT_LABELS.get(job.product, job.product),
        "problem": _refusal(job.error, last=last) if job.status == ExportJob.Status.FAILED else "",
        "refresh": None if job.is_done else REFRESH_SECONDS,
        "may_download": job.status == ExportJob.Status.READY and export_access.can_export_ledger(request.user),
    }


@login_required
def export_job(request, job_uuid):
    """An export's own page: where it stands, and the download once it is made (its owner only)."""
    export_jobs.purge_expired()
    job = export_access.access_export_job(request.user, job_uuid)
    # htmx asks for the status part alone while the job runs; it stops asking once it is done.
    template = "ledger/_export_job_status.html" if request.headers.get("HX-Request") else "ledger/export_job.html"
    response = render(request, template, _job_context(request, job))
    patch_cache_control(response, no_store=True)
    return response


@login_required
def export_download(request, job_uuid):
    """The made file, to the person who asked for it, while it is kept; audited at each download
    (one summary event and one on each exported child's history, as ledger.export_actions)."""
    user = request.user
    export_jobs.purge_expired()
    job = export_access.access_export_job(user, job_uuid)
    if (
        job.status != ExportJob.Status.READY
        or not export_access.can_export_ledger(user)
        or job.product not in export_access.products_for(user)
        or not generated.exists(export_jobs.FOLDER, job.stored_as)
    ):
        raise Http404
    response = generated.download(
        export_jobs.FOLDER, job.stored_as, filename=job.file_name, content_type=job.content_type, size=job.size
    )
    do_log_export_download(user, job, request=request)
    return response
