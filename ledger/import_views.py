"""Pages of the ledger import: upload, map the columns, look through the checked rows, decide the
possible duplicates, confirm; the result and its audit trail.

Everything is read through ``ledger.access`` (an import outside the user's scope, or a user who may
not import, gets 404) and written through ``ledger.importer``'s ``do_*`` functions. Pages that show
a registered child's data note the read (``audit.reads.note_read``; page names in import_audit.py).
"""

from __future__ import annotations

import io
import re
import secrets
from collections import Counter
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from audit.models import AuditEvent
from audit.reads import note_read
from children.access import children_for
from children.identity import mask_id_number
from core.errors import ActionError
from core.scope import scope_division
from core.sheets import safe_row
from geo.models import Division

from . import access, catalogue, importer, matching, reader
from .audit_actions import IMPORT
from .export_actions import do_log_import_errors
from .import_forms import MappingForm, UploadForm, column_choices, missing_required
from .imports_models import ImportRow, LedgerImport

IMPORTS_PER_PAGE = 20
ROWS_PER_PAGE = 50
VILLAGES_PER_PAGE = 30
TABS = ("", "new", "update", "unchanged", "duplicate", "error")
SKIP_ERRORS = "ledger_import_skip_errors"  # session: uuids of imports whose error rows are skipped
CONFIRM_KEY = "ledger_import_confirm:%s"  # session: the one-time token of the confirm form
Status = LedgerImport.Status
ID_LIKE = re.compile(r"\d{17}[\dXx]")
Outcome = ImportRow.Outcome
# Why a row may be a file already there (ledger.matching's reasons).
REASONS = {
    "id_number": gettext_lazy("same ID number"),
    "id_close": gettext_lazy("ID number one digit apart"),
    "name_dob": gettext_lazy("same name and date of birth"),
    "name_close": gettext_lazy("name one character apart, same date of birth"),
    "file_number": gettext_lazy("same file number"),
}


def reason_label(code: str) -> str:
    return str(REASONS.get(code, ""))


def _may_import(request):
    if not access.can_import(request.user):
        raise Http404("Not an importer")


def _import(request, import_uuid) -> LedgerImport:
    _may_import(request)
    return access.access_import(request.user, import_uuid)


def _step_url(ledger_import: LedgerImport) -> str:
    """Where an import continues: the step its status waits for."""
    name = {
        Status.NEEDS_MAPPING: "ledger_import_mapping",
        Status.MAPPED: "ledger_import_mapping",
        Status.VALIDATED: "ledger_import_preview",
    }.get(ledger_import.status, "ledger_import_result")
    return reverse(name, args=[ledger_import.uuid])


# ------------------------------------------------------------------ the import home and the upload


@login_required
def import_home(request):
    _may_import(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ledger_import = importer.do_start_import(
                    request.user, uploaded_file=form.cleaned_data["file"], lifecycle=form.cleaned_data["lifecycle"]
                )
            except importer.ImportRefused as exc:
                form.add_error("file", exc.message)
            else:
                if ledger_import.status == Status.MAPPED:
                    # Every column is known (or the county mapped this layout before): check the rows at once.
                    importer.do_validate(request.user, ledger_import)
                    ledger_import.refresh_from_db()
                return redirect(_step_url(ledger_import))
        status = 400
    imports = Paginator(
        access.imports_for(request.user).select_related("created_by").order_by("-created_at", "-id"),
        IMPORTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "ledger/import_home.html",
        {"form": form, "imports": imports, "limits": importer_limits()},
        status=status,
    )


def importer_limits() -> dict:
    """The bounds the engine applies before reading a file, as the page tells them."""
    return {"rows": f"{reader.MAX_ROWS:,}", "megabytes": reader.MAX_BYTES // (1024 * 1024)}


# ------------------------------------------------------------------ the template workbook

TEMPLATE_TABLES = ("child", "household", "father", "mother")


def _template_columns(tables) -> list[catalogue.Column]:
    # The file number is Shouhu's own (a full export writes it); a county's new ledger has none.
    return [col for table in tables for col in catalogue.columns_of(table) if col.code != "child.uuid"]


def _choice_words(column: catalogue.Column) -> str:
    if column.kind == "bool":
        return "是 / 否"
    if column.kind == "date":
        return "2015-03-08 · 2015.3.8 · 2015年3月8日"
    if column.kind == "id_number":
        return _("18 digits (the last may be X)")
    if column.kind == "village":
        return _("The village's name or its 12-digit code")
    if column.kind not in ("choice", "multi"):
        return ""
    with translation.override("zh-hans"):
        text = "、".join(str(label) for _value, label in column_choices(column))
    if column.kind == "multi":
        text += " " + _("(several, separated by 、)")
    return text


@login_required
def import_template(request):
    """An empty ledger in the catalogue's columns: one row per child (parents and caregiver on the
    same row), the household members' sheet, and what each column takes."""
    _may_import(request)
    book = Workbook()
    sheet = book.active
    sheet.title = "儿童台账"
    columns = _template_columns(TEMPLATE_TABLES)
    sheet.append(safe_row(col.header for col in columns))
    for number, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=number).font = Font(bold=True)
        letter = sheet.cell(row=1, column=number).column_letter
        sheet.column_dimensions[letter].width = max(10, len(column.header) * 2 + 2)
        if column.kind in ("id_number", "phone", "village"):
            # As text: Excel would turn 18 digits into 5.11324E+17 and drop a phone's leading zero.
            for row in range(2, 1002):
                sheet.cell(row=row, column=number).number_format = "@"
    sheet.freeze_panes = "B2"
    members = book.create_sheet("家庭成员")
    member_columns = [catalogue.BY_CODE["household.key"], *catalogue.columns_of("member")]
    members.append(safe_row(col.header for col in member_columns))
    guide = book.create_sheet(_("How to fill in"))
    guide.append(safe_row([_("Column"), _("What it means"), _("Required"), _("What to write")]))
    for column in [*columns, *catalogue.columns_of("member")]:
        guide.append(
            safe_row(
                [
                    column.header,
                    str(column.label),
                    _("Yes") if column.code in catalogue.REQUIRED else "",
                    _choice_words(column),
                ]
            )
        )
    for letter, width in zip("ABCD", (22, 30, 8, 70), strict=True):
        guide.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="ledger-template.xlsx"'
    return response


# ------------------------------------------------------------------ mapping


@login_required
def import_detail(request, import_uuid):
    return redirect(_step_url(_import(request, import_uuid)))


@login_required
def import_mapping(request, import_uuid):
    ledger_import = _import(request, import_uuid)
    if ledger_import.status not in (Status.NEEDS_MAPPING, Status.MAPPED, Status.VALIDATED):
        return redirect(_step_url(ledger_import))
    sheets = importer.sheet_columns(ledger_import)
    for sheet in sheets:
        for column in sheet.columns:
            # An ID number is shown masked wherever Shouhu shows one, the ledger's own included.
            column.samples = [mask_id_number(str(v)) if ID_LIKE.fullmatch(str(v)) else v for v in column.samples]
    unknown = importer.unknown_values(ledger_import)
    form = MappingForm(request.POST or None, sheets=sheets, unknown=unknown)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            importer.do_save_mapping(request.user, ledger_import, form.mapping(), form.values())
            ledger_import.refresh_from_db()
            new_unknown = {
                code: [raw for raw in raws if raw not in unknown.get(code, ())]
                for code, raws in importer.unknown_values(ledger_import).items()
            }
            if any(new_unknown.values()):
                messages.info(
                    request,
                    _(
                        "The columns are saved. The columns you just chose hold words Shouhu does not know: "
                        "say what each means below, then check the rows."
                    ),
                )
                return redirect("ledger_import_mapping", import_uuid=ledger_import.uuid)
            if ledger_import.status == Status.NEEDS_MAPPING:
                messages.error(request, _("Some columns still need a meaning: see below."))
                return redirect("ledger_import_mapping", import_uuid=ledger_import.uuid)
            importer.do_validate(request.user, ledger_import)
            return redirect("ledger_import_preview", import_uuid=ledger_import.uuid)
        status = 400
    return render(
        request,
        "ledger/import_mapping.html",
        {"ledger_import": ledger_import, "form": form, "missing": _missing_required(form)},
        status=status,
    )


def _missing_required(form: MappingForm) -> list[str]:
    """The required columns no column is mapped to, before the form is sent (after it, the
    form's own error names them)."""
    if form.is_bound:
        return getattr(form, "missing", [])
    return missing_required({column.code for sheet in form.sheets for column in sheet.columns if column.code})


# ------------------------------------------------------------------ the checked rows


def _skip_errors(request, ledger_import) -> bool:
    return str(ledger_import.uuid) in request.session.get(SKIP_ERRORS, [])


def _village_names(codes) -> dict[str, str]:
    codes = {code for code in codes if code}
    return dict(Division.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def _display(code: str, value) -> str:
    """A catalogue value as the user reads it, in their language."""
    if value is None or value == "" or value == []:
        return ""
    column = catalogue.BY_CODE.get(code)
    if column is None:
        return str(value)
    if column.kind == "bool":
        return _("Yes") if value else _("No")
    if column.kind == "id_number":
        return mask_id_number(str(value))
    if column.kind == "date" and isinstance(value, date):
        return value.isoformat()
    if column.kind in ("choice", "multi"):
        labels = {str(v): str(label) for v, label in column_choices(column)}
        if isinstance(value, list | tuple):
            return "、".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    return str(value)


class RowView:
    """One ImportRow as the preview lists it."""

    def __init__(self, row: ImportRow, villages: dict[str, str]):
        self.row = row
        data = row.data or {}
        self.name = data.get("child.name") or ""
        self.date_of_birth = data.get("child.date_of_birth") or ""
        code = data.get("_village") or ""
        self.village = villages.get(code) or data.get("child.village") or ""
        self.messages = importer.row_messages(row)


@login_required
def import_preview(request, import_uuid):
    ledger_import = _import(request, import_uuid)
    if ledger_import.status != Status.VALIDATED:
        return redirect(_step_url(ledger_import))
    outcome = request.GET.get("outcome", "")
    if outcome not in TABS:
        outcome = ""
    rows = ledger_import.rows.order_by("sheet", "row_number", "pk")
    if outcome:
        rows = rows.filter(outcome=outcome)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    villages = _village_names((row.data or {}).get("_village") for row in page.object_list)
    counts = ledger_import.counts or {}
    tabs = [
        {"value": "", "label": _("All rows"), "count": counts.get("rows", 0)},
        *(
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Outcome.choices
            if value in TABS
        ),
    ]
    for tab in tabs:
        tab["url"] = "?" + urlencode({"outcome": tab["value"]}) if tab["value"] else "?"
    undecided = ledger_import.rows.filter(outcome=Outcome.DUPLICATE, resolution="").count()
    can, reason = _can_confirm(request, ledger_import)
    return render(
        request,
        "ledger/import_preview.html",
        {
            "ledger_import": ledger_import,
            "tabs": tabs,
            "outcome": outcome,
            "page": page,
            "rows": [RowView(row, villages) for row in page.object_list],
            "counts": counts,
            "several_sheets": ledger_import.rows.values("sheet").distinct().count() > 1,
            "undecided": undecided,
            "skip_errors": _skip_errors(request, ledger_import),
            "can_confirm": can,
            "confirm_reason": reason,
        },
    )


def _can_confirm(request, ledger_import) -> tuple[bool, str]:
    return importer.can_confirm(ledger_import, skip_errors=_skip_errors(request, ledger_import))


@login_required
@require_POST
def import_skip_errors(request, import_uuid):
    """The preview's "skip all rows with errors" switch (kept for this import in the session)."""
    ledger_import = _import(request, import_uuid)
    chosen = set(request.session.get(SKIP_ERRORS, []))
    key = str(ledger_import.uuid)
    if request.POST.get("skip") == "1":
        chosen.add(key)
        messages.success(request, _("The rows with errors will be left out; the other rows will be imported."))
    else:
        chosen.discard(key)
        messages.info(request, _("The rows with errors are no longer left out: correct them or leave them out."))
    request.session[SKIP_ERRORS] = sorted(chosen)
    return redirect(reverse("ledger_import_preview", args=[ledger_import.uuid]) + "?outcome=error")


@login_required
def import_errors_xlsx(request, import_uuid):
    """The rows with errors, one worksheet per sheet of the ledger, under the ledger's own headers
    (the columns it uses), with what to correct beside each row: to correct and send again."""
    ledger_import = _import(request, import_uuid)
    book = Workbook()
    book.remove(book.active)
    errors = ledger_import.rows.filter(outcome=Outcome.ERROR).order_by("sheet", "row_number")
    headers_of = {sheet.get("name"): sheet.get("headers") or [] for sheet in ledger_import.sheets or []}
    current, columns = None, []
    written, matched = 0, set()
    for row in errors.iterator():
        written += 1
        if row.target_id:
            matched.add(row.target_id)
        if row.sheet != current:
            current = row.sheet
            columns = _sheet_columns(ledger_import, row.sheet, headers_of.get(row.sheet, []))
            sheet = book.create_sheet(_sheet_title(row.sheet, len(book.worksheets)))
            sheet.append(safe_row([_("Row"), _("What to correct"), *(header for header, _code in columns)]))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.column_dimensions["B"].width = 60
        data = row.data or {}
        raw = {e.get("column"): (e.get("params") or {}).get("value") for e in row.errors or []}
        cells = []
        for header, code in columns:
            value = data.get(code)
            if value in (None, "", []):
                cells.append(raw.get(header) or "")
            else:
                cells.append(catalogue.BY_CODE[code].export_value(_typed(code, value)))
        # The ledger's own cells go back to the officer: one typed as =... must not run as a formula.
        sheet.append(safe_row([row.row_number, "；".join(importer.row_messages(row)), *cells]))
    if not book.worksheets:
        book.create_sheet(_("Rows to correct")).append([_("No row has errors.")])
    out = io.BytesIO()
    book.save(out)
    # Audited as an export once the file is made: the rows, and each registered file a row matched.
    shown = list(children_for(request.user).filter(pk__in=matched).values_list("pk", flat=True))
    do_log_import_errors(request.user, ledger_import, written, sorted(shown), request=request)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = f"{ledger_import.created_at:%Y%m%d-%H%M}"
    response["Content-Disposition"] = f'attachment; filename="ledger-errors-{stamp}.xlsx"'
    return response


def _sheet_title(name: str, n: int) -> str:
    # Excel: at most 31 characters, none of []:*?/\ , unique in the book.
    title = re.sub(r"[\[\]:*?/\\]", " ", name or "")[:28] or _("Rows to correct")
    return title if n == 0 else f"{title[:26]}-{n + 1}"


def _sheet_columns(ledger_import, sheet: str, headers: list) -> list[tuple[str, str]]:
    """(the sheet's header, catalogue code) of the sheet's mapped columns, in the sheet's order."""
    mapping = (ledger_import.mapping or {}).get(sheet, {})
    out = []
    for index, code in sorted(((int(i), c) for i, c in mapping.items()), key=lambda p: p[0]):
        if code in catalogue.BY_CODE:
            header = headers[index] if index < len(headers) and headers[index] else catalogue.BY_CODE[code].header
            out.append((str(header), code))
    return out


def _typed(code: str, value):
    """A value from an ImportRow's JSON as the catalogue's export_value takes it (dates as dates)."""
    if catalogue.BY_CODE[code].kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


# ------------------------------------------------------------------ one row: a possible duplicate


def file_values(child) -> dict[str, object]:
    """A registered child's values by catalogue code, with the village by its name."""
    return {**importer.current_values(child), "child.village": child.village.name}


def _same(a, b) -> bool:
    norm = lambda v: "" if v in (None, "", []) else (v.isoformat() if isinstance(v, date) else str(v))  # noqa: E731
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        return sorted(map(str, a or [])) == sorted(map(str, b or []))
    return norm(a) == norm(b)


def compare(row: ImportRow, child) -> list[dict]:
    """The sheet's row beside a file, field by field: the fields the sheet fills, plus the name and
    date of birth. Each field says whether they differ and what the merge takes by default: the
    sheet's value where the file has none, the file's where both have one."""
    data = row.data or {}
    current = file_values(child)
    if data.get("_village"):
        data = {
            **data,
            "child.village": _village_names([data["_village"]]).get(data["_village"], data.get("child.village")),
        }
    fields = []
    for column in catalogue.COLUMNS:
        code = column.code
        if code not in current:
            continue
        mine, theirs = data.get(code), current.get(code)
        if mine in (None, "", []) and code not in ("child.name", "child.date_of_birth"):
            continue
        differs = not _same(mine, theirs)
        fields.append(
            {
                "code": code,
                "label": column.label,
                "sheet": _display(code, mine),
                "file": _display(code, theirs),
                "differs": differs,
                "file_blank": theirs in (None, "", []),
                "take_sheet": differs and theirs in (None, "", []) and code != "child.village",
                "choosable": differs and mine not in (None, "", []) and code != "child.village",
            }
        )
    return fields


@login_required
def import_row(request, import_uuid, row_id):
    """A row of the sheet: its values, what the check found and, for a possible duplicate, the
    matching files beside it and the decision (merge field by field, keep both, skip)."""
    ledger_import = _import(request, import_uuid)
    try:
        row = ledger_import.rows.get(pk=row_id)
    except ImportRow.DoesNotExist:
        raise Http404("No such row") from None
    if request.method == "POST":
        return _resolve(request, ledger_import, row)
    return _row_page(request, ledger_import, row)


def _matches(request, row) -> tuple[list, list]:
    """(files the user may see, as (child, fields) pairs; descriptions of the others, masked)."""
    ids = [m.get("child_id") for m in row.matches or [] if m.get("child_id")]
    reasons = {m.get("child_id"): m.get("reason", "") for m in row.matches or []}
    visible = {
        child.pk: child
        for child in children_for(request.user)
        .filter(pk__in=ids)
        .select_related("village", "household")
        .prefetch_related("household__parents")
    }
    shown = [(visible[pk], compare(row, visible[pk]), reason_label(reasons.get(pk, ""))) for pk in ids if pk in visible]
    others = [m for m in row.matches or [] if m.get("child_id") not in visible]
    hidden = matching.describe(request.user, others) if others else []
    for described in hidden:
        described.reason_text = reason_label(described.reason)
    return shown, hidden


def _row_page(request, ledger_import, row, *, error: str = "", status: int = 200):
    shown, hidden = _matches(request, row) if row.outcome == Outcome.DUPLICATE else ([], [])
    target = row.target if row.target_id else None
    note_read(request, [child for child, _fields, _reason in shown], what="ledger_import")
    if hidden:
        # Masked, beyond the officer's scope: audited as the import's duplicate check (audit_actions.py).
        note_read(request, [m.child_id for m in hidden], what="ledger_import", why="ledger_import")
    data = row.data or {}
    sheet_values = [
        (column.label, _display(column.code, data.get(column.code)))
        for column in catalogue.COLUMNS
        if data.get(column.code) not in (None, "", [])
    ]
    nxt = _next_undecided(ledger_import, row)
    return render(
        request,
        "ledger/import_row.html",
        {
            "ledger_import": ledger_import,
            "row": row,
            "row_name": data.get("child.name") or "",
            "messages_": importer.row_messages(row),
            "sheet_values": sheet_values,
            "matches": shown,
            "hidden": hidden,
            "target": target,
            "next_row": nxt,
            "error": error,
            "editable": ledger_import.status == Status.VALIDATED,
        },
        status=status,
    )


def _next_undecided(ledger_import, row):
    return (
        ledger_import.rows.filter(outcome=Outcome.DUPLICATE, resolution="")
        .exclude(pk=row.pk)
        .order_by("sheet", "row_number")
        .first()
    )


def _resolve(request, ledger_import, row):
    if ledger_import.status != Status.VALIDATED or row.outcome != Outcome.DUPLICATE:
        raise Http404("Nothing to decide")
    resolution = request.POST.get("resolution", "")
    target, fields = None, None
    if resolution == "merge":
        shown, _hidden = _matches(request, row)
        by_uuid = {str(child.uuid): (child, compared) for child, compared, _reason in shown}
        chosen = by_uuid.get(request.POST.get("target", ""))
        if chosen is None:
            return _row_page(
                request, ledger_import, row, error=_("Choose the file to merge this row into."), status=400
            )
        target, compared = chosen
        fields = [f["code"] for f in compared if f["choosable"] and request.POST.get(f"take-{f['code']}") == "sheet"]
    elif resolution not in ("keep", "skip"):
        return _row_page(request, ledger_import, row, error=_("Choose what to do with this row."), status=400)
    importer.do_resolve(request.user, row, resolution, target=target, fields=fields)
    done = {
        "merge": _("Row %(n)s will be merged into the existing file."),
        "keep": _("Row %(n)s will become a new file beside the existing one."),
        "skip": _("Row %(n)s will be left out."),
    }[resolution]
    messages.success(request, done % {"n": row.row_number})
    nxt = _next_undecided(ledger_import, row)
    if nxt is not None and request.POST.get("then") != "list":
        return redirect("ledger_import_row", import_uuid=ledger_import.uuid, row_id=nxt.pk)
    return redirect(reverse("ledger_import_preview", args=[ledger_import.uuid]) + "?outcome=duplicate")


# ------------------------------------------------------------------ confirm, cancel, the result


def _by_decision(ledger_import) -> Counter:
    by: Counter = Counter()
    for outcome, resolution, n in (
        ledger_import.rows.order_by().values_list("outcome", "resolution").annotate(n=Count("id"))
    ):
        by[(outcome, resolution)] += n
    return by


def summary(ledger_import, *, skip_errors: bool) -> dict:
    """What confirming writes (or wrote), by the rows' outcomes and decisions."""
    by = _by_decision(ledger_import)
    total = lambda outcome: sum(n for (out, _res), n in by.items() if out == outcome)  # noqa: E731
    errors = total(Outcome.ERROR)
    return {
        "new": total(Outcome.NEW) + by[(Outcome.DUPLICATE, "keep")],
        "update": total(Outcome.UPDATE),
        "merge": by[(Outcome.DUPLICATE, "merge")],
        "unchanged": total(Outcome.UNCHANGED),
        "skipped": by[(Outcome.DUPLICATE, "skip")] + (errors if skip_errors else 0),
        "undecided": by[(Outcome.DUPLICATE, "")],
        "errors": errors,
        "skip_errors": skip_errors,
        "lifecycle": ledger_import.get_lifecycle_display(),
    }


def new_files_by_village(ledger_import) -> list[tuple[str, int]]:
    rows = ledger_import.rows.filter(
        Q(outcome=Outcome.NEW) | Q(outcome=Outcome.DUPLICATE, resolution=ImportRow.Resolution.KEEP)
    )
    # A JSON key read through values() comes back decoded: "511324100201" as a number on SQLite.
    counts: Counter = Counter()
    for code, n in rows.order_by().values_list("data___village").annotate(n=Count("id")):
        counts[str(code) if code is not None else ""] += n
    names = _village_names(counts)
    return sorted(((names.get(code, code or "—"), n) for code, n in counts.items()), key=lambda v: (-v[1], v[0]))


@login_required
def import_confirm(request, import_uuid):
    ledger_import = _import(request, import_uuid)
    key = CONFIRM_KEY % ledger_import.uuid
    if request.method == "POST":
        token = request.session.pop(key, None)
        if ledger_import.status == Status.IMPORTED or not token or token != request.POST.get("token"):
            # Sent twice (a double tap, Back and send again): the first one did the work.
            messages.info(request, _("This import was already sent; here is where it stands."))
            return redirect(_step_url(ledger_import))
        can, reason = _can_confirm(request, ledger_import)
        if not can:
            messages.error(request, reason)
            return redirect("ledger_import_preview", import_uuid=ledger_import.uuid)
        try:
            importer.do_confirm_import(
                request.user, ledger_import, skip_errors=_skip_errors(request, ledger_import), request=request
            )
        except ActionError:
            # Sent twice at the same moment: the other request imported it (or something changed).
            ledger_import.refresh_from_db()
            messages.info(request, _("This import was already sent; here is where it stands."))
            return redirect(_step_url(ledger_import))
        return redirect("ledger_import_result", import_uuid=ledger_import.uuid)
    if ledger_import.status != Status.VALIDATED:
        return redirect(_step_url(ledger_import))
    can, reason = _can_confirm(request, ledger_import)
    token = secrets.token_urlsafe(16)
    request.session[key] = token
    return render(
        request,
        "ledger/import_confirm.html",
        {
            "ledger_import": ledger_import,
            "summary": summary(ledger_import, skip_errors=_skip_errors(request, ledger_import)),
            "villages": Paginator(new_files_by_village(ledger_import), VILLAGES_PER_PAGE).get_page(
                request.GET.get("vpage")
            ),
            "can_confirm": can,
            "reason": reason,
            "token": token,
            "unchanged_label": Outcome.UNCHANGED.label,
        },
    )


@login_required
@require_POST
def import_cancel(request, import_uuid):
    ledger_import = _import(request, import_uuid)
    if ledger_import.is_open:
        importer.do_cancel_import(request.user, ledger_import)
        messages.success(request, _("The import was cancelled; nothing was written to the files."))
    return redirect("ledger_import")


def _roster_links(user, codes) -> list[dict]:
    """Links to the roster showing the imported children: one per area of the roster's filter
    (a county officer's townships, a supervisor's villages) that holds any of them."""
    scope = scope_division(user)
    if scope is None:
        return [{"label": _("All children"), "url": reverse("roster") + "?status=all"}]
    level_length = {3: 9, 4: 12}.get(scope.level)
    if level_length is None:  # a village: the roster is that village
        return [{"label": scope.name, "url": reverse("roster") + "?status=all"}]
    areas = sorted({code[:level_length] for code in codes if code and len(code) >= level_length})
    names = _village_names(areas)
    return [
        {"label": names.get(area, area), "url": reverse("roster") + "?" + urlencode({"area": area, "status": "all"})}
        for area in areas
    ]


@login_required
def import_result(request, import_uuid):
    ledger_import = _import(request, import_uuid)
    if ledger_import.status not in (Status.IMPORTED, Status.CANCELLED):
        return redirect(_step_url(ledger_import))
    written = ledger_import.rows.filter(child__isnull=False)
    codes = written.order_by().values_list("child__village_id", flat=True).distinct()
    done = (ledger_import.counts or {}).get("result") or {}
    # The engine counts only what happened (a Counter): a kind that did not occur is missing.
    result = {
        "created": done.get("created", 0),
        "updated": done.get("updated", 0),
        "merged": done.get("merged", 0),
        "unchanged": done.get("unchanged", 0),
        "skipped": done.get("skipped", 0) + done.get("skipped_errors", 0),
    }
    return render(
        request,
        "ledger/import_result.html",
        {
            "ledger_import": ledger_import,
            "result": result,
            "roster_links": _roster_links(request.user, codes),
            "unchanged_label": Outcome.UNCHANGED.label,
        },
    )


def _events(ledger_import) -> list[dict]:
    """The import's own audit events (the whole import, not a child's), oldest first."""
    events = AuditEvent.objects.filter(
        action=IMPORT, child__isnull=True, details__import=str(ledger_import.uuid)
    ).select_related("actor")
    return [
        {
            "label": event.get_action_display(),
            "at": event.created_at,
            "actor": event.actor.display_name if event.actor else "—",
        }
        for event in events.order_by("created_at", "pk")
    ]


def _done_label(row: ImportRow) -> str:
    if row.outcome == Outcome.UPDATE:
        return _("file updated")
    if row.outcome == Outcome.DUPLICATE and row.resolution == ImportRow.Resolution.MERGE:
        return _("merged into the existing file")
    return _("new file")


@login_required
def import_audit(request, import_uuid):
    """The import's record: who did what when, and every file it created or changed."""
    ledger_import = _import(request, import_uuid)
    written = (
        ledger_import.rows.filter(child__isnull=False)
        .select_related("child", "child__village", "target")
        .order_by("sheet", "row_number")
    )
    page = Paginator(written, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    visible = set(children_for(request.user).filter(pk__in=[r.child_id for r in page]).values_list("pk", flat=True))
    rows = [row for row in page if row.child_id in visible]
    for row in rows:
        row.done = _done_label(row)
    note_read(request, [row.child_id for row in rows], what="ledger_import_audit")
    return render(
        request,
        "ledger/import_audit.html",
        {
            "ledger_import": ledger_import,
            "events": _events(ledger_import),
            "page": page,
            "rows": rows,
        },
    )
