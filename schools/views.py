"""School pages (absence sheets, dropouts); the school part of a child's profile is in panels.py.

School staff see their own submissions and, for each, which of their rows matched no
registered child; never anything from the registry. Everyone else gets 404 here.
"""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from core.sheets import safe_row

from . import access, actions
from .forms import AbsenceForm, DropoutForm, SheetForm
from .models import SchoolUpload
from .sheet import COLUMNS, MAX_ROWS, TEMPLATE_HEADERS, SheetError, parse_sheet, read_cells

UPLOADS_PER_PAGE = 30
MAX_ERRORS_SHOWN = 100


def _school(request):
    """The user's school; 404 for anyone who is not school staff."""
    if not access.is_school_staff(request.user):
        raise Http404("Not a school")
    return request.user.organisation


def _home(request, *, sheet_form=None, absence_form=None, dropout_form=None, row_errors=None, status=200):
    school = _school(request)
    uploads = Paginator(
        access.school_uploads_for(request.user).select_related("uploaded_by").order_by("-uploaded_at", "-id"),
        UPLOADS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/home.html",
        {
            "school": school,
            "sheet_form": sheet_form or SheetForm(),
            "absence_form": absence_form or AbsenceForm(prefix="absence"),
            "dropout_form": dropout_form or DropoutForm(prefix="dropout"),
            "row_errors": (row_errors or [])[:MAX_ERRORS_SHOWN],
            "row_error_count": len(row_errors or []),
            "uploads": uploads,
            "max_rows": MAX_ROWS,
        },
        status=status,
    )


@login_required
def school_home(request):
    return _home(request)


@login_required
@require_POST
def upload_sheet(request):
    school = _school(request)
    form = SheetForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, sheet_form=form, status=400)
    upload = form.cleaned_data["sheet"]
    try:
        parsed = parse_sheet(read_cells(upload.name, upload.read()), timezone.localdate())
    except SheetError as exc:
        form.add_error("sheet", str(exc))
        return _home(request, sheet_form=form, status=400)
    if parsed.errors:
        form.add_error(
            "sheet",
            _("%(count)s problems in the sheet; nothing has been saved. Correct these rows and upload it again.")
            % {"count": len(parsed.errors)},
        )
        return _home(request, sheet_form=form, row_errors=parsed.errors, status=400)
    record = actions.do_record_absences(
        request.user, school, parsed.rows, kind=SchoolUpload.Kind.SHEET, file_name=upload.name, request=request
    )
    return redirect("school_upload", upload_uuid=record.uuid)


@login_required
@require_POST
def record_absence(request):
    school = _school(request)
    form = AbsenceForm(request.POST, prefix="absence")
    if not form.is_valid():
        messages.error(request, _("Please correct the fields marked below. Nothing has been saved yet."))
        return _home(request, absence_form=form, status=400)
    record = actions.do_record_absences(
        request.user, school, [form.row()], kind=SchoolUpload.Kind.FORM, request=request
    )
    if record.matched_rows:
        messages.success(request, _("The absence was recorded."))
    return redirect("school_upload", upload_uuid=record.uuid)


@login_required
@require_POST
def report_dropout(request):
    school = _school(request)
    form = DropoutForm(request.POST, prefix="dropout")
    if not form.is_valid():
        messages.error(request, _("Please correct the fields marked below. Nothing has been saved yet."))
        return _home(request, dropout_form=form, status=400)
    result = actions.do_report_dropout(request.user, school, form.row(), request=request)
    if result.dropout is None:
        messages.error(
            request,
            _(
                "The dropout was not recorded: the pupil matched no registered child. "
                "Check the details below and send it again."
            ),
        )
    elif result.bureau:
        messages.success(
            request,
            _(
                "The dropout was recorded. A return-to-school referral was sent to "
                "%(bureau)s, and the village's child welfare director was informed."
            )
            % {"bureau": result.bureau.name},
        )
    else:
        messages.warning(
            request,
            _(
                "The dropout was recorded and the village's child welfare director was "
                "informed, but no referral could be sent: the county has no education bureau "
                "in the partner directory. Ask the county civil-affairs office to add it, and "
                "report to the education department in writing as the law requires."
            ),
        )
    return redirect("school_upload", upload_uuid=result.upload.uuid)


@login_required
def upload_detail(request, upload_uuid):
    school = _school(request)
    upload = access.access_school_upload(request.user, upload_uuid)
    return render(
        request,
        "schools/upload_detail.html",
        {
            "school": school,
            "upload": upload,
            "unmatched": upload.unmatched.all(),
        },
    )


def _headers() -> list[str]:
    return TEMPLATE_HEADERS["zh" if (get_language() or "zh-hans").startswith("zh") else "en"]


@login_required
def unmatched_csv(request, upload_uuid):
    """The unmatched rows in the template's columns plus the problem, to correct and send again."""
    _school(request)
    upload = access.access_school_upload(request.user, upload_uuid)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*_headers(), _("Row"), _("Problem")])
    for row in upload.unmatched.all():
        d = row.data
        excused = "" if "excused" not in d else ("是" if d["excused"] else "否")
        # The school's own cells go back to it: one typed as =... must not run as a formula.
        writer.writerow(
            safe_row(
                [
                    *(d.get(c, "") for c in COLUMNS[:5]),
                    excused,
                    d.get("reason", ""),
                    row.row_number,
                    row.school_text,
                ]
            )
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"unmatched-{upload.uploaded_at:%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def sheet_template(request):
    _school(request)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Absences")
    sheet.append(_headers())
    # The ID number column as text: Excel would otherwise turn 18 digits into 5.11324E+17.
    for row in range(2, 502):
        sheet.cell(row=row, column=2).number_format = "@"
    for col, width in zip("ABCDEFG", (10, 22, 12, 10, 12, 10, 24), strict=True):
        sheet.column_dimensions[col].width = width
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="absences-template.xlsx"'
    return response
