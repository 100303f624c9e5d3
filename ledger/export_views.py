"""The ledger export page: pick an area and a product; the file downloads, audited.

Every file is generated in full in the request (to a temporary file, in openpyxl's write-only
mode), then audited, and only then sent: a failure on the way leaves no audit of a file nobody
got, and the MCA watermark moves only with a file that was made.
"""

import os

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from children import access as child_access

from . import export_access, exports
from .export_actions import do_deliver_mca, do_log_ledger_export
from .export_forms import ExportForm

HISTORY_PAGE_SIZE = 20


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
    return _("There are no files of this kind in this area.")


def _send(export_file: exports.ExportFile) -> FileResponse:
    handle = open(export_file.path, "rb")  # noqa: SIM115 (FileResponse closes it once sent)
    os.unlink(export_file.path)  # the open handle keeps the data until the download ends
    response = FileResponse(
        handle, as_attachment=True, filename=export_file.filename, content_type=export_file.content_type
    )
    patch_cache_control(response, no_store=True)
    return response


@login_required
def export_home(request):
    user = request.user
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
            return _export(request, division, form.cleaned_data)
        except exports.ExportRefused as refused:
            last = export_access.last_mca_batch(user, division) if form.cleaned_data["product"] == exports.MCA else None
            problem = _refusal(refused.message, last=last)
    history = None
    if exports.MCA in products:
        history = Paginator(export_access.mca_exports_for(user), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "problem": problem,
        "history": history,
        "forms_max": exports.FORMS_MAX,
        "needs_two_factor": child_access.export_needs_two_factor(user),
    }
    status = 400 if request.method == "POST" else 200
    response = render(request, "ledger/export_home.html", context, status=status)
    patch_cache_control(response, no_store=True)
    return response


def _export(request, division, data):
    user, product = request.user, data["product"]
    if product == exports.MCA:
        return _export_mca(request, division, resend=data.get("resend", False))
    full_ids = data.get("full_ids", False)
    if product in (exports.LBC_FORMS, exports.DIFFICULTY_FORMS):
        made = exports.write_forms(user, division, product, full_ids=full_ids)
    elif product == exports.ROSTER:
        made = exports.write_roster(user, division, full_ids=full_ids)
    else:
        made, full_ids = exports.write_full(user, division), True
    try:
        fmt = "zip" if made.content_type == exports.ZIP else "xlsx"
        do_log_ledger_export(user, product, division, made.child_ids, fmt=fmt, full_ids=full_ids, request=request)
    except Exception:
        made.discard()
        raise
    return _send(made)


def _export_mca(request, division, *, resend: bool):
    user = request.user
    last = None
    if resend:
        last = export_access.last_mca_batch(user, division)
        if last is None:
            raise exports.ExportRefused("no_batch")
        made, plan = exports.write_mca_resend(user, division, last)
    else:
        made, plan = exports.write_mca_changes(user, division)
    try:
        do_deliver_mca(user, division, plan, resend_of=last, request=request)
    except Exception:
        made.discard()
        raise
    return _send(made)
