"""Importing a ledger: start (read and recognise), map, validate, resolve, confirm or cancel.

The officer's path (the pages are ``ledger.import_views``):

1. :func:`do_start_import` checks the file's bounds before parsing it, keeps it in private
   storage, reads the headers of every sheet and applies the county's saved layout for the same
   headers; the import then needs a mapping (an unknown column, a required one missing) or not.
2. :func:`do_save_mapping` maps the unknown columns (and unknown values) once for the county.
3. :func:`do_validate` reads every row, checks it (``ledger.validate``), finds the files it may
   already have (``ledger.matching``) and keeps one :class:`ImportRow` per row: new, update,
   unchanged, possible duplicate or error. Nothing is written to the registry.
4. :func:`do_resolve` decides each possible duplicate: merge, keep both, skip.
5. :func:`do_confirm_import` writes everything in one transaction, bulk inserts for the new
   files (``core.bulk.FastTable``: COPY on PostgreSQL), audited as one import plus one event on
   each created or changed file, then tells follow-up that these files' facts changed.

Every ``do_*`` function owns its transaction and checks the actor's right again.
"""

from __future__ import annotations

import json
import os
import uuid as uuid_mod
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import do_log
from audit.models import AuditEvent
from children import choices as c
from children.access import children_for
from children.identity import mask_id_number, name_keys
from children.models import CATEGORY_FIELD, Child, Household, HouseholdMember, Parent
from children.signals import facts_changed
from core.bulk import FastTable
from core.errors import ActionError
from core.sheet_errors import file_message
from core.sheets import SheetError, cell_text
from core.versioning import bump_version
from geo.models import Division, county_code

from . import catalogue, matching, reader
from .access import can_import
from .audit_actions import IMPORT
from .imports_models import ImportRow, LedgerImport, LedgerLayout
from .places import scope_villages
from .validate import RowChecker, message

Status = LedgerImport.Status
Outcome = ImportRow.Outcome
# Headers that name nothing to keep: the row counter of every Chinese ledger.
IGNORED_HEADERS = {"序号", "编号", "行号", "序", "no", "no.", "#", "number"}
# Data of an import row that must not outlive the import (sensitive, PIPL Art. 28).
SENSITIVE_CODES = ("child.id_number", "father.id_number", "mother.id_number", "child.health_note")
BATCH = 5000


class ImportRefused(Exception):
    """The file cannot be imported; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _table(model, *, with_pk: bool = False) -> FastTable:
    """A ``FastTable`` for this request's bulk writes, with two costs of the generic one cut:
    its converters are bound to the database connection itself rather than to Django's
    per-thread proxy (a lookup per value: 1.5 million at 100,000 rows), and plain JSON columns
    are written as JSON text (what the backend's adapter produces, without its wrappers).
    Encrypted fields and blind indexes go through the fields exactly as before."""
    table = FastTable(model, with_pk=with_pk)
    db = connections[DEFAULT_DB_ALIAS]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    converters = []
    for i, _convert in table.converters:
        f = fields[table.names[i]]
        if type(f) is models.JSONField and f.encoder is None:
            converters.append((i, _json_text))
        else:
            converters.append((i, partial(f.get_db_prep_value, connection=db, prepared=True)))
    table.converters = converters
    return table


def _json_once():
    """``_json_text`` that encodes the same object (by identity) once in a row."""
    last: list[Any] = [None, ""]

    def convert(value: Any) -> str:
        if value is not last[0]:
            last[:] = [value, _json_text(value)]
        return last[1]

    return convert


def _json_text(value: Any) -> str:
    if not value and isinstance(value, list | dict):
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- start


def _refusal(error: SheetError) -> str:
    text = file_message(error)
    if text:
        if error.code == "file_type":
            return _("Upload an Excel workbook (.xlsx, .xls) or a CSV file.")
        if error.code == "too_many_rows":
            return _("The ledger has more than %(max)s rows. Split it into smaller files, by township for example.") % {
                "max": f"{reader.MAX_ROWS:,}"
            }
        return text
    return _("The file has no sheet with a header row that Shouhu can read.")


def _check_actor(actor) -> None:
    if not can_import(actor):
        raise ActionError("not allowed to import ledgers")


def _county(division: Division) -> Division:
    return Division.objects.get(code=county_code(division.code)) if len(division.code) > 6 else division


def _sheet_codes(sheet: reader.Sheet) -> list[str]:
    """The recognised codes of a sheet, keeping only those of its role's tables."""
    role = sheet.role
    allowed = {
        "child": ("child", "household", "father", "mother"),
        "household": ("household", "father", "mother"),
        "member": ("member", "household.key"),
    }.get(role, ())
    codes = []
    for code in sheet.codes:
        keep = code and (code.split(".", 1)[0] in allowed or code in allowed)
        codes.append(code if keep else "")
    return codes


def _book_signature(book: list[dict]) -> str:
    return reader.header_signature([s["signature"] for s in book])


def do_start_import(actor, *, uploaded_file, lifecycle: str) -> LedgerImport:
    """Keep the file, read its sheets' headers, apply a saved layout. ImportRefused for a bad file."""
    _check_actor(actor)
    if lifecycle not in LedgerImport.Lifecycle.values:
        raise ActionError("unknown lifecycle")
    name = Path(uploaded_file.name or "ledger").name[:255]
    try:
        reader.check_file(name, uploaded_file.size)
    except SheetError as exc:
        raise ImportRefused(_refusal(exc)) from exc
    ledger_import = LedgerImport(
        division=actor.division, created_by=actor, filename=name, lifecycle=lifecycle, status=Status.NEEDS_MAPPING
    )
    ledger_import.file.save(name, uploaded_file, save=False)
    try:
        book = reader.read_book(ledger_import.file.path, name)
        sheets = _summarise(book)
    except SheetError as exc:
        ledger_import.file.delete(save=False)
        raise ImportRefused(_refusal(exc)) from exc
    except Exception:
        ledger_import.file.delete(save=False)
        raise
    if not any(s["role"] == "child" for s in sheets):
        ledger_import.file.delete(save=False)
        if all(s["empty"] for s in sheets):
            raise ImportRefused(_("The file is empty: no sheet has a header row and rows below it."))
        raise ImportRefused(
            _("No sheet has the children's columns (name, date of birth or ID number). Check that this is the ledger.")
        )
    try:
        with transaction.atomic():
            ledger_import.sheets = sheets
            ledger_import.mapping = {s["name"]: {str(i): code for i, code in enumerate(s["codes"])} for s in sheets}
            layout = LedgerLayout.objects.filter(
                county=_county(ledger_import.division), signature=_book_signature(sheets)
            ).first()
            if layout is not None:
                _apply_layout(ledger_import, layout)
            ledger_import.status = Status.NEEDS_MAPPING if _needs_mapping(ledger_import) else Status.MAPPED
            ledger_import.save()
    except Exception:
        ledger_import.file.delete(save=False)
        raise
    # Kept on this object for the rest of the request (the mapping's values, then validation):
    # the workbook is read once per request, not once per step.
    ledger_import._book = book
    return ledger_import


def _summarise(book: list[reader.Sheet]) -> list[dict]:
    out = []
    for sheet in book:
        codes = _sheet_codes(sheet) if sheet.header >= 0 else []
        ignored = [
            i for i, h in enumerate(sheet.headers) if not codes[i] and cell_text(h).lower().strip() in IGNORED_HEADERS
        ]
        out.append(
            {
                "name": sheet.name,
                "header_row": sheet.first_row + sheet.header if sheet.header >= 0 else 0,
                "headers": sheet.headers,
                "codes": codes,
                "known_ignored": ignored,
                "signature": sheet.signature,
                "rows": sheet.count_rows(),
                "hidden": sheet.hidden_data_rows() if sheet.header >= 0 else 0,
                "role": sheet.role if sheet.header >= 0 else "ignored",
                "samples": [sheet.samples(i) for i in range(len(sheet.headers))],
                "empty": not any(cell_text(v) for row in sheet.head for v in row),
            }
        )
    return out


def _apply_layout(ledger_import: LedgerImport, layout: LedgerLayout) -> None:
    for sheet in ledger_import.sheets:
        saved = layout.columns.get(sheet["signature"])
        if saved is not None:
            ledger_import.mapping[sheet["name"]] = {str(k): v for k, v in saved.items()}
            sheet["role"] = reader.sheet_role(list(saved.values()))
    ledger_import.value_mapping = dict(layout.values)
    ledger_import.layout = layout


def _needs_mapping(ledger_import: LedgerImport) -> bool:
    """An unknown column nobody has decided on yet, or a required column missing."""
    decided = ledger_import.layout_id is not None or any(s.get("decided") for s in ledger_import.sheets)
    for sheet in ledger_import.sheets:
        if sheet["role"] == "ignored":
            continue
        mapping = ledger_import.mapping.get(sheet["name"], {})
        if not decided and any(
            header and not mapping.get(str(i)) and i not in sheet["known_ignored"]
            for i, header in enumerate(sheet["headers"])
        ):
            return True
    return bool(missing_columns(ledger_import))


# ---------------------------------------------------------------- mapping


@dataclass
class ColumnChoice:
    index: int
    header: str
    code: str
    samples: list[str]
    recognised: bool


@dataclass
class SheetColumns:
    sheet: str
    role: str
    columns: list[ColumnChoice] = field(default_factory=list)
    rows: int = 0
    hidden: int = 0
    header_row: int = 0


def sheet_columns(ledger_import: LedgerImport) -> list[SheetColumns]:
    out = []
    for sheet in ledger_import.sheets:
        mapping = ledger_import.mapping.get(sheet["name"], {})
        columns = [
            ColumnChoice(
                index=i,
                header=header,
                code=mapping.get(str(i), ""),
                samples=sheet["samples"][i] if i < len(sheet["samples"]) else [],
                recognised=bool(sheet["codes"][i]) or i in sheet["known_ignored"],
            )
            for i, header in enumerate(sheet["headers"])
            if header
        ]
        out.append(
            SheetColumns(
                sheet=sheet["name"],
                role=sheet["role"],
                columns=columns,
                rows=sheet["rows"],
                hidden=sheet["hidden"],
                header_row=sheet["header_row"],
            )
        )
    return out


def missing_columns(ledger_import: LedgerImport) -> list[str]:
    """The required columns no child sheet maps (their labels), for the mapping page."""
    missing = []
    for sheet in ledger_import.sheets:
        if sheet["role"] != "child":
            continue
        codes = set(ledger_import.mapping.get(sheet["name"], {}).values())
        if "child.name" not in codes:
            missing.append(str(catalogue.BY_CODE["child.name"].label))
        if not {"child.date_of_birth", "child.id_number"} & codes:
            missing.append(
                _("%(a)s or %(b)s")
                % {"a": catalogue.BY_CODE["child.date_of_birth"].label, "b": catalogue.BY_CODE["child.id_number"].label}
            )
        if "child.village" not in codes:
            missing.append(str(catalogue.BY_CODE["child.village"].label))
    return missing


@transaction.atomic
def do_save_mapping(
    actor,
    ledger_import: LedgerImport,
    mapping: dict[str, dict[int, str]],
    values: dict[str, dict[str, str]] | None = None,
) -> LedgerImport:
    """Map the columns (sheet name -> column index -> code, "" = ignore) and unknown values
    (code -> raw text -> stored value); saved as the county's layout for the next upload."""
    _check_actor(actor)
    ledger_import = LedgerImport.objects.select_for_update().get(pk=ledger_import.pk)
    if ledger_import.status not in (Status.NEEDS_MAPPING, Status.MAPPED, Status.VALIDATED):
        raise ActionError("import closed")
    by_name = {s["name"]: s for s in ledger_import.sheets}
    for name, columns in mapping.items():
        sheet = by_name.get(name)
        if sheet is None:
            raise ActionError(f"no sheet {name}")
        chosen = dict(ledger_import.mapping.get(name, {}))
        for index, code in columns.items():
            index = int(index)
            if not 0 <= index < len(sheet["headers"]):
                raise ActionError("no such column")
            if code and code not in catalogue.BY_CODE:
                raise ActionError(f"unknown code {code}")
            chosen[str(index)] = code or ""
        used = [c for c in chosen.values() if c]
        if len(used) != len(set(used)):
            raise ActionError("a code is mapped twice")
        ledger_import.mapping[name] = chosen
        sheet["role"] = reader.sheet_role(list(chosen.values()))
    for sheet in ledger_import.sheets:
        sheet["decided"] = True
    for code, words in (values or {}).items():
        column = catalogue.BY_CODE.get(code)
        if column is None or column.kind not in ("choice", "multi", "bool"):
            raise ActionError(f"no values to map for {code}")
        allowed = {str(v) for v, _label in catalogue._choice_list(column)} | {"True", "False"}
        cleaned = {}
        for raw, value in words.items():
            if value == "":
                continue
            if column.kind == "bool":
                cleaned[cell_text(raw)] = value in (True, "True", "true", "1")
                continue
            if str(value) not in allowed:
                raise ActionError(f"unknown value {value} for {code}")
            cleaned[cell_text(raw)] = [value] if column.kind == "multi" else value
        ledger_import.value_mapping.setdefault(code, {}).update(cleaned)
    ledger_import.status = Status.NEEDS_MAPPING if _needs_mapping(ledger_import) else Status.MAPPED
    if ledger_import.status == Status.MAPPED:
        county = _county(ledger_import.division)
        layout, _created = LedgerLayout.objects.update_or_create(
            county=county,
            signature=_book_signature(ledger_import.sheets),
            defaults={
                "columns": {s["signature"]: ledger_import.mapping.get(s["name"], {}) for s in ledger_import.sheets},
                "values": ledger_import.value_mapping,
                "headers": [s["headers"] for s in ledger_import.sheets],
                "saved_by": actor,
            },
        )
        ledger_import.layout = layout
    ledger_import.save()
    return ledger_import


def _read(ledger_import: LedgerImport) -> list[reader.Sheet]:
    """The workbook's sheets, read once per request: kept on the import object that the view
    passes from step to step (``do_start_import``, ``unknown_values``, ``do_validate``), and
    dropped by ``do_validate`` once the rows are checked."""
    book = getattr(ledger_import, "_book", None)
    if book is not None:
        return book
    try:
        book = reader.read_book(ledger_import.file.path, ledger_import.filename)
    except (SheetError, FileNotFoundError, ValueError) as exc:
        raise ImportRefused(_("The uploaded file is no longer readable: upload it again.")) from exc
    ledger_import._book = book
    return book


def _columns(ledger_import: LedgerImport, sheet: reader.Sheet) -> list[tuple[int, str, str]]:
    mapping = ledger_import.mapping.get(sheet.name, {})
    return [
        (int(i), code, sheet.headers[int(i)] if int(i) < len(sheet.headers) else "")
        for i, code in mapping.items()
        if code
    ]


def unknown_values(ledger_import: LedgerImport) -> dict[str, list[str]]:
    """Values of the choice columns that neither the catalogue nor the saved mapping knows
    (one pass over the rows for all the choice columns together)."""
    found: dict[str, list[str]] = {}
    book = _read(ledger_import)
    for sheet in book:
        columns = []
        for index, code, _header in _columns(ledger_import, sheet):
            column = catalogue.BY_CODE[code]
            if column.kind in ("choice", "multi", "bool"):
                columns.append((index, code, column, ledger_import.value_mapping.get(code, {}), set()))
        if not columns:
            continue
        for _n, row in sheet.data_rows():
            width = len(row)
            for index, code, column, known, seen in columns:
                raw = row[index] if index < width else None
                if raw is None or raw == "" or raw in seen:
                    continue
                seen.add(raw)
                text = cell_text(raw)
                if not text or text in known:
                    continue
                try:
                    column.parse(text)
                except Exception:
                    found.setdefault(code, [])
                    if text not in found[code] and len(found[code]) < 50:
                        found[code].append(text)
    return found


# ---------------------------------------------------------------- validate


def _household_key(data: dict, sheet: str, number: int) -> str:
    if data.get("household.key"):
        return "K:" + str(data["household.key"])
    village = data.get("_village", "")
    for role in ("father", "mother"):
        if data.get(f"{role}.id_number"):
            return f"{role[0].upper()}:{village}:{data[f'{role}.id_number']}"
    return f"R:{sheet}:{number}"


def do_validate(actor, ledger_import: LedgerImport) -> dict:
    """Check every row and classify it; keeps the ImportRows; nothing goes into the registry.

    Rows are streamed: checked, matched and written as ImportRows in chunks of BATCH, so that
    memory stays flat however long the ledger (a linked household sheet is kept whole, since
    its rows may be named from anywhere in the children's sheet)."""
    _check_actor(actor)
    given = ledger_import
    with transaction.atomic():
        ledger_import = LedgerImport.objects.select_for_update().get(pk=ledger_import.pk)
        if ledger_import.status not in (Status.MAPPED, Status.VALIDATED):
            raise ActionError("the import is not ready to validate")
        book = _read(given)  # the same file: read once in this request
        given._book = None  # freed once the rows are checked
        run = _Validation(actor, ledger_import)
        ImportRow.objects.filter(ledger_import=ledger_import).delete()
        run.run(book)
        del book
        ledger_import.counts = run.counts()
        ledger_import.status = Status.VALIDATED
        ledger_import.validated_at = timezone.now()
        ledger_import.save(update_fields=["counts", "status", "validated_at"])
    return ledger_import.counts


class _Validation:
    def __init__(self, actor, ledger_import: LedgerImport):
        self.actor = actor
        self.imp = ledger_import
        self.scope = ledger_import.division_id
        self.today = timezone.localdate()
        self.villages = scope_villages(ledger_import.division)
        self.index = matching.CountyIndex(county_code(self.scope))
        self.pinyin: dict[str, tuple[str, str]] = {}
        self.table = _table(ImportRow)
        self.outcomes: Counter[str] = Counter()
        self.hidden = 0
        self.seen_ids: dict[str, int] = {}
        self.households: dict[str, tuple[dict, dict]] = {}
        self.members: dict[str, list[dict]] = defaultdict(list)
        self.used: set[str] = set()

    def counts(self) -> dict:
        return {
            "rows": sum(self.outcomes.values()),
            **{o: self.outcomes.get(o, 0) for o in Outcome.values},
            "hidden": self.hidden,
        }

    def _checker(self, sheet: reader.Sheet, role: str) -> RowChecker:
        return RowChecker(
            _columns(self.imp, sheet),
            self.villages if role == "child" else None,
            self.imp.value_mapping,
            today=self.today,
            role=role,
        )

    def _entries(self, sheet: reader.Sheet, role: str):
        checker = self._checker(sheet, role)
        for number, row in sheet.data_rows():
            checked = checker.check(row)
            if number in sheet.hidden:
                checked.warnings.append({"column": "", "code": "hidden"})
                self.hidden += 1
            yield {
                "sheet": sheet.name,
                "row_number": number,
                "outcome": Outcome.ERROR if checked.errors else Outcome.NEW,
                "data": checked.data,
                "errors": checked.errors,
                "warnings": checked.warnings,
                "matches": [],
                "group": "",
            }

    def run(self, book: list[reader.Sheet]) -> None:
        roles = {s["name"]: s["role"] for s in self.imp.sheets}
        others: list[dict] = []
        for sheet in book:  # linked sheets first: the children's rows take their values
            role = roles.get(sheet.name, "ignored")
            if sheet.header < 0 or role not in ("household", "member"):
                continue
            for entry in self._entries(sheet, role):
                others.append(entry)  # kept as a row of the import only if it has errors
                key = "K:" + str(entry["data"].get("household.key", ""))
                if role == "household":
                    self.households[key] = (entry["data"], entry)
                elif not entry["errors"]:
                    self.members[key].append(
                        {k.split(".", 1)[1]: v for k, v in entry["data"].items() if k.startswith("member.")}
                    )
        for sheet in book:
            if sheet.header < 0 or roles.get(sheet.name) != "child":
                continue
            chunk: list[dict] = []
            header_id = _header_of(self.imp, sheet.name, "child.id_number")
            for entry in self._entries(sheet, "child"):
                self._link(entry)
                data = entry["data"]
                number = data.get("child.id_number")
                if number:
                    if number in self.seen_ids:
                        entry["errors"].append(
                            {"column": header_id, "code": "repeated_id", "params": {"row": self.seen_ids[number]}}
                        )
                        entry["outcome"] = Outcome.ERROR
                    else:
                        self.seen_ids[number] = entry["row_number"]
                entry["group"] = _household_key(data, entry["sheet"], entry["row_number"])[:120]
                chunk.append(entry)
                if len(chunk) >= BATCH:
                    self._flush(chunk)
                    chunk = []
            self._flush(chunk)
        for key, (_data, entry) in self.households.items():
            if key not in self.used and not entry["errors"]:
                entry["errors"].append({"column": "", "code": "no_household", "params": {"value": key[2:]}})
                entry["outcome"] = Outcome.ERROR
        # A linked sheet's row lives on in the children's rows; one with errors is shown itself.
        self._write([e for e in others if e["errors"]])

    def _link(self, entry: dict) -> None:
        """Linked sheets: the household's and parents' columns from the household sheet, the
        members from the members sheet (on the household's first child), by the household key."""
        if not self.households and not self.members:
            return
        key = "K:" + str(entry["data"].get("household.key", ""))
        found = self.households.get(key)
        if found is not None:
            data, household_entry = found
            if household_entry["errors"]:
                entry["errors"].append(
                    {"column": "", "code": "household_error",
                     "params": {"sheet": household_entry["sheet"], "row": household_entry["row_number"]}}
                )  # fmt: skip
                entry["outcome"] = Outcome.ERROR
            for code, value in data.items():
                entry["data"].setdefault(code, value)
        if key in self.members and key not in self.used:
            entry["data"]["_members"] = self.members[key]
        self.used.add(key)

    def _flush(self, chunk: list[dict]) -> None:
        _classify(self, [e for e in chunk if e["outcome"] != Outcome.ERROR])
        self._write(chunk)

    def _write(self, entries: list[dict]) -> None:
        rows = []
        for entry in entries:
            self.outcomes[entry["outcome"]] += 1
            rows.append(
                {**entry, "ledger_import_id": self.imp.pk, "resolution": "", "merge_fields": [], "target_id": None,
                 "child_id": None}
            )  # fmt: skip
        self.table.insert(rows)


def _header_of(ledger_import: LedgerImport, sheet: str, code: str) -> str:
    for s in ledger_import.sheets:
        if s["name"] == sheet:
            for i, c_ in ledger_import.mapping.get(sheet, {}).items():
                if c_ == code and int(i) < len(s["headers"]):
                    return s["headers"][int(i)]
    return str(catalogue.BY_CODE[code].label)


def _classify(run: _Validation, rows: list[dict]) -> None:
    """New, update, unchanged or possible duplicate, for a chunk of rows without errors."""
    if not rows:
        return
    scope, index = run.scope, run.index
    same = matching.same_ids([e["data"]["child.id_number"] for e in rows if e["data"].get("child.id_number")])
    # ID numbers one digit apart: among files of the same birthday and surname, decrypted once.
    index.load_ids(
        pk
        for e in rows
        if e["data"].get("child.id_number") and e["data"]["child.id_number"] not in same
        for pk in index.id_candidates(e["data"].get("child.date_of_birth", ""), e["data"].get("child.name", ""))
    )
    targets: dict[int, list[dict]] = defaultdict(list)
    for entry in rows:
        data = entry["data"]
        name = data.get("child.name", "")
        pinyin, initials = matching.pinyin_of(name, run.pinyin)
        data["_pinyin"], data["_initials"] = pinyin, initials
        dob = data.get("child.date_of_birth", "")
        found: dict[int, str] = {}
        target = None
        uid = data.get("child.uuid")
        if uid and uid in index.by_uuid and index.by_uuid[uid][1].startswith(scope):
            target = index.by_uuid[uid][0]
        number = data.get("child.id_number")
        if number and target is None:
            holders = same.get(number, [])
            mine = [pk for pk, village in holders if village.startswith(scope)]
            for pk, _village in holders:
                found[pk] = "id_number"
            if len(holders) == 1 and mine and index.names.get(mine[0]) in (name, None):
                target = mine[0]
                found.pop(target)
        if target is None:
            for m in index.by_name(name, pinyin, dob):
                found.setdefault(m.child_id, m.reason)
            if number:
                for m in index.close_ids(number, dob, name):
                    found.setdefault(m.child_id, m.reason)
        elif number:
            for pk, _village in same.get(number, []):
                if pk != target:
                    found.setdefault(pk, "id_number")
        if target is not None and not found:
            targets[target].append(entry)
            data["_target"] = target
            entry["outcome"] = Outcome.UPDATE
        elif found or target is not None:
            if target is not None:
                found = {target: "file_number", **found}
            entry["outcome"] = Outcome.DUPLICATE
            entry["matches"] = [{"child_id": pk, "reason": reason} for pk, reason in found.items()]
    if targets:
        _compare(run.actor, targets)


def _compare(actor, targets: dict[int, list[dict]]) -> None:
    """Update or unchanged: the row's values against the file's current ones."""
    pks = list(targets)
    for start in range(0, len(pks), BATCH):
        chunk = (
            children_for(actor)
            .filter(pk__in=pks[start : start + BATCH])
            .select_related("household")
            .prefetch_related("household__parents")
        )
        for child in chunk:
            current = current_values(child)
            for entry in targets[child.pk]:
                changes = [
                    code
                    for code, value in entry["data"].items()
                    if code in catalogue.BY_CODE
                    and code in current
                    and _comparable(current[code]) != _comparable(value)
                ]
                entry["data"]["_changes"] = changes
                if not changes:
                    entry["outcome"] = Outcome.UNCHANGED


def _comparable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    return value


def current_values(child: Child) -> dict[str, Any]:
    """The file's values by catalogue code (child, household, father, mother)."""
    out: dict[str, Any] = {}
    parents = {p.role: p for p in child.household.parents.all()}
    for column in catalogue.COLUMNS:
        table, name = column.table, column.field
        if column.code in ("child.uuid", "child.village", "child.township", "household.key"):
            continue
        if column.code == "child.categories":
            out[column.code] = [cat.value for cat in child.categories]
            continue
        obj = {"child": child, "household": child.household}.get(table) or parents.get(table)
        if obj is None or not hasattr(obj, name):
            continue
        out[column.code] = getattr(obj, name)
    return out


# ---------------------------------------------------------------- resolve and confirm


@transaction.atomic
def do_resolve(actor, row: ImportRow, resolution: str, *, target: Child | None = None, fields=None) -> ImportRow:
    _check_actor(actor)
    row = ImportRow.objects.select_for_update().select_related("ledger_import").get(pk=row.pk)
    if row.ledger_import.status != Status.VALIDATED or row.outcome != Outcome.DUPLICATE:
        raise ActionError("nothing to resolve")
    if resolution not in (ImportRow.Resolution.MERGE, ImportRow.Resolution.KEEP, ImportRow.Resolution.SKIP):
        raise ActionError("unknown resolution")
    row.target, row.merge_fields = None, []
    if resolution == ImportRow.Resolution.MERGE:
        ids = {m["child_id"] for m in row.matches}
        if target is None or target.pk not in ids or not children_for(actor).filter(pk=target.pk).exists():
            raise ActionError("merge target not among the matches or outside scope")
        fields = [code for code in (fields or []) if code in row.data and code in catalogue.BY_CODE]
        row.target, row.merge_fields = target, fields
    row.resolution = resolution
    row.save(update_fields=["resolution", "target", "merge_fields"])
    return row


def can_confirm(ledger_import: LedgerImport, *, skip_errors: bool = False) -> tuple[bool, str]:
    if ledger_import.status != Status.VALIDATED:
        return False, _("Check the rows first.")
    rows = ledger_import.rows
    errors = rows.filter(outcome=Outcome.ERROR).count()
    if errors and not skip_errors:
        return False, _("%(n)s rows have errors: correct them in the file and upload it again, or skip them.") % {
            "n": errors
        }
    open_duplicates = rows.filter(outcome=Outcome.DUPLICATE, resolution="").count()
    if open_duplicates:
        return False, _("Decide first for each possible duplicate (%(n)s left): merge, keep both or skip.") % {
            "n": open_duplicates
        }
    if not rows.exclude(outcome=Outcome.ERROR).exists():
        return False, _("There is no row to import.")
    return True, ""


def do_confirm_import(actor, ledger_import: LedgerImport, *, skip_errors: bool = False, request=None) -> dict:
    """Write every row in one transaction; returns {"created", "updated", "merged", "unchanged",
    "skipped", "households"}. Any failure rolls all of it back."""
    _check_actor(actor)
    with transaction.atomic():
        ledger_import = LedgerImport.objects.select_for_update().get(pk=ledger_import.pk)
        ok, reason = can_confirm(ledger_import, skip_errors=skip_errors)
        if not ok:
            raise ActionError(reason)
        summary = _Writer(actor, ledger_import, request).run()
        ledger_import.status = Status.IMPORTED
        ledger_import.finished_at = timezone.now()
        ledger_import.counts = {**ledger_import.counts, "result": summary}
        ledger_import.save(update_fields=["status", "finished_at", "counts"])
        _redact_rows(ledger_import)
        name = ledger_import.file.name
        if name:
            ledger_import.file = ""
            ledger_import.save(update_fields=["file"])
            transaction.on_commit(lambda: ledger_import.file.storage.delete(name))
    return summary


def do_cancel_import(actor, ledger_import: LedgerImport) -> None:
    _check_actor(actor)
    with transaction.atomic():
        ledger_import = LedgerImport.objects.select_for_update().get(pk=ledger_import.pk)
        if not ledger_import.is_open:
            raise ActionError("import closed")
        _cancel(ledger_import)


def _cancel(ledger_import: LedgerImport) -> None:
    """Close an open import: its rows (children's data that never went in) and its file go."""
    ledger_import.rows.all().delete()
    ledger_import.status = Status.CANCELLED
    ledger_import.finished_at = timezone.now()
    name, ledger_import.file = ledger_import.file.name, ""
    ledger_import.save(update_fields=["status", "finished_at", "file"])
    if name:
        storage = LedgerImport._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name))


# An upload nobody confirms or cancels would keep the ledger's rows (ID numbers in plain text
# among them) and the file for ever: the nightly job cancels imports left open this long.
OPEN_IMPORT_DAYS = 7


def expire_open_imports(today) -> int:
    """Nightly job (SHOUHU_NIGHTLY_JOBS): cancel the imports still open OPEN_IMPORT_DAYS after they
    were started; returns how many. The officer sees them as cancelled and uploads again."""
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=OPEN_IMPORT_DAYS), time.min))
    expired = 0
    still_open = LedgerImport.objects.exclude(status__in=[Status.IMPORTED, Status.CANCELLED])
    for pk in still_open.filter(created_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            ledger_import = LedgerImport.objects.select_for_update().get(pk=pk)
            if ledger_import.is_open:
                _cancel(ledger_import)
                expired += 1
    return expired


def _without_sensitive() -> tuple[str, list[str]]:
    """SQL for the row's data without ID numbers and health notes, and its parameters."""
    if connection.vendor == "postgresql":
        return "(data::jsonb" + " - %s" * len(SENSITIVE_CODES) + ")", list(SENSITIVE_CODES)
    return "json_remove(data" + ", %s" * len(SENSITIVE_CODES) + ")", [f'$."{code}"' for code in SENSITIVE_CODES]


def _redact_rows(ledger_import: LedgerImport) -> None:
    """The rows that wrote no file (errors, skipped) keep what the officer saw, without ID numbers
    or health notes; the others lost them when linked to their file (``_Writer._link``)."""
    table = connection.ops.quote_name(ImportRow._meta.db_table)
    expression, params = _without_sensitive()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET data = {expression} WHERE import_id = %s AND child_id IS NULL",  # noqa: S608
            [*params, ledger_import.pk],
        )


def _uuid4s(n: int):
    """n random UUIDs exactly as ``uuid.uuid4`` makes them (16 bytes from ``os.urandom``, version
    4), from one call to the system's random source instead of one per UUID."""
    raw = os.urandom(16 * n)
    return (uuid_mod.UUID(bytes=raw[i : i + 16], version=4) for i in range(0, 16 * n, 16))


def _reserve_ids(model, n: int) -> list[int]:
    """n primary keys nobody else will take (as demo.registry.loader reserves them)."""
    if n == 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
            return [row[0] for row in cursor.fetchall()]
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({qn(pk)}) FROM {qn(table)}")  # noqa: S608
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
        ids = list(range(start, start + n))
        # Later inserts (an ordinary save) must not take these: AUTOINCREMENT's counter moves on.
        if seq:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [ids[-1], table])
        else:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, ids[-1]])
        return ids


_DATE_CODES = frozenset(col.code for col in catalogue.COLUMNS if col.kind == "date")


_PARTS: dict[str, tuple[str, str, bool] | None] = {}


def _split(data: dict) -> dict[str, dict[str, Any]]:
    """A row's values by table ("child", "household", "father", …), dates as dates."""
    parts: dict[str, dict[str, Any]] = {}
    where_of = _PARTS
    for code, value in data.items():
        where = where_of.get(code, False)
        if where is False:
            table, _dot, name = code.partition(".")
            where = where_of[code] = None if code[0] == "_" else (table, name, code in _DATE_CODES)
        if where is None:
            continue
        table, name, is_date = where
        if is_date and value and isinstance(value, str):
            value = date.fromisoformat(value)
        try:
            parts[table][name] = value
        except KeyError:
            parts[table] = {name: value}
    return parts


def _value(code: str, value: Any) -> Any:
    """A row's JSON value as the field's Python value."""
    column = catalogue.BY_CODE.get(code)
    if column is not None and column.kind == "date" and isinstance(value, str) and value:
        return date.fromisoformat(value)
    return value


_UNRECORDED = "***"
_MASKED = {"child.id_number", "father.id_number", "mother.id_number"}
_HIDDEN = {"child.health_note"}


def masked(code: str, value: Any) -> Any:
    if code in _MASKED and isinstance(value, str):
        return mask_id_number(value)
    if code in _HIDDEN and value:
        return _UNRECORDED
    return value


class _Writer:
    """One confirm: plans the new files, applies updates and merges, audits, in the caller's
    transaction."""

    def __init__(self, actor, ledger_import: LedgerImport, request=None):
        self.actor = actor
        self.imp = ledger_import
        self.request = request
        self.now = timezone.now()
        self.summary = Counter()
        self.events: list[dict] = []
        self.touched: list[int] = []
        self.links: list[tuple[int, int]] = []  # (import row pk, child pk)
        self.created = {"import": str(ledger_import.uuid), "created": True}  # one object for every new file

    def run(self) -> dict:
        """Two passes over the rows: their outcomes and households first (small), then their
        data in batches, so that memory stays flat however long the ledger."""
        new_groups: dict[str, list[int]] = {}
        updates, merges = [], []
        for pk, outcome, resolution, group in (
            self.imp.rows.exclude(outcome=Outcome.ERROR)
            .order_by("pk")
            .values_list("pk", "outcome", "resolution", "group")
            .iterator(chunk_size=BATCH)
        ):
            if outcome == Outcome.NEW or (outcome == Outcome.DUPLICATE and resolution == "keep"):
                new_groups.setdefault(group or f"row{pk}", []).append(pk)
            elif outcome == Outcome.UPDATE:
                updates.append(pk)
            elif outcome == Outcome.DUPLICATE and resolution == "merge":
                merges.append(pk)
            else:
                self.summary["unchanged" if outcome == Outcome.UNCHANGED else "skipped"] += 1
        self.summary["skipped_errors"] = self.imp.rows.filter(outcome=Outcome.ERROR).count()
        self._create(list(new_groups.values()))
        self._update(updates)
        self._merge(merges)
        self._audit()
        self._link()
        # In chunks: each receiver (follow-up's tier computation, after commit) gets a bounded list.
        for start in range(0, len(self.touched), BATCH):
            facts_changed(self.touched[start : start + BATCH], "ledger_import")
        return dict(self.summary)

    def _rows(self, pks: list[int]) -> dict[int, tuple]:
        """pk -> (data, target id, merge fields) of these rows: on PostgreSQL one array
        parameter per batch (``= ANY``) rather than thousands of placeholders to parse."""
        if connection.vendor != "postgresql":
            found = {}
            for start in range(0, len(pks), BATCH):
                rows = ImportRow.objects.filter(pk__in=pks[start : start + BATCH]).values_list(
                    "pk", "data", "target_id", "merge_fields"
                )
                for pk, data, target_id, merge_fields in rows:
                    found[pk] = (data, target_id, merge_fields)
            return found
        qn = connection.ops.quote_name
        sql = (
            f"SELECT id, data, target_id, merge_fields FROM {qn(ImportRow._meta.db_table)} "  # noqa: S608
            "WHERE id = ANY(%s)"
        )
        found = {}
        loads = json.loads
        with connection.cursor() as cursor:
            for start in range(0, len(pks), BATCH):
                cursor.execute(sql, [pks[start : start + BATCH]])
                for pk, data, target_id, merge_fields in cursor.fetchall():
                    found[pk] = (
                        loads(data) if isinstance(data, str) else data,
                        target_id,
                        loads(merge_fields) if isinstance(merge_fields, str) else merge_fields,
                    )
        return found

    def _data(self, pks: list[int]) -> dict[int, dict]:
        """pk -> data of these rows (a new file needs nothing else of them): on PostgreSQL the
        JSON as text, decoded here, without the other JSON columns of ``_rows``."""
        if connection.vendor != "postgresql":
            return {pk: data for pk, (data, _t, _f) in self._rows(pks).items()}
        sql = f"SELECT id, data::text FROM {connection.ops.quote_name(ImportRow._meta.db_table)} WHERE id = ANY(%s)"  # noqa: S608
        found = {}
        loads = json.loads
        with connection.cursor() as cursor:
            for start in range(0, len(pks), BATCH):
                cursor.execute(sql, [pks[start : start + BATCH]])
                for pk, data in cursor.fetchall():
                    found[pk] = loads(data)
        return found

    # --- new files

    def _create(self, groups: list[list[int]]) -> None:
        """New files, their households (siblings share one), parents and members, in batches of
        about BATCH children (a household never split across two)."""
        if not groups:
            return
        tables = {
            "household": _table(Household, with_pk=True),
            "parent": _table(Parent),
            "member": _table(HouseholdMember),
            "child": _table(Child, with_pk=True),
        }
        batch: list[list[int]] = []
        size = 0
        for group in groups:
            batch.append(group)
            size += len(group)
            if size >= BATCH:
                self._create_batch(batch, size, tables)
                batch, size = [], 0
        if batch:
            self._create_batch(batch, size, tables)

    def _create_batch(self, pk_groups: list[list[int]], size: int, tables: dict[str, FastTable]) -> None:
        flat = [pk for g in pk_groups for pk in g]
        child_ids = _reserve_ids(Child, size)
        data_of = self._data(flat)
        self.links.extend(zip(flat, child_ids, strict=True))
        groups = [[(pk, data_of[pk]) for pk in g] for g in pk_groups]
        taken = matching.existing_uuids([d["child.uuid"] for g in groups for _pk, d in g if d.get("child.uuid")])
        household_ids = _reserve_ids(Household, len(groups))
        ids = iter(child_ids)
        fresh = _uuid4s(len(groups) + size)
        households, parents, members, children = [], [], [], []
        for hid, group in zip(household_ids, groups, strict=True):
            split = [(row_pk, _split(data)) for row_pk, data in group]
            household: dict[str, Any] = {}
            family: dict[str, dict[str, Any]] = {"father": {}, "mother": {}}
            for _row_pk, parts in split:
                for key, value in parts.get("household", {}).items():
                    household.setdefault(key, value)
                for role in ("father", "mother"):
                    for key, value in parts.get(role, {}).items():
                        family[role].setdefault(key, value)
            household.pop("key", None)
            if household.get("caregiver_name") and "has_caregiver" not in household:
                household["has_caregiver"] = True
            first = group[0][1]
            households.append(
                {
                    **household,
                    "id": hid,
                    "uuid": next(fresh),
                    "village_id": first["_village"],
                    "created_at": self.now,
                    "updated_at": self.now,
                }
            )
            for role, values in family.items():
                if values:
                    parents.append({**values, "household_id": hid, "role": role})
            for _pk, data in group:
                for member in data.get("_members", []):
                    members.append(
                        {
                            "household_id": hid,
                            "name": member.get("name", "")[:50],
                            "relation": member.get("relation", "")[:50],
                            "birth_year": member.get("birth_year"),
                            "note": member.get("note", ""),
                        }
                    )
            for (_row_pk, data), (_pk, parts) in zip(group, split, strict=True):
                child_id = next(ids)
                children.append(self._child(child_id, hid, data, parts.get("child") or {}, taken, next(fresh)))
                self.touched.append(child_id)
                self.events.append({"child_id": child_id, "details": self.created})
        tables["household"].insert(households)
        tables["parent"].insert(parents)
        tables["member"].insert(members)
        tables["child"].insert(children)
        self.summary["created"] += len(children)
        self.summary["households"] += len(households)

    def _child(self, child_id: int, hid: int, data: dict, values: dict, taken: set[str], fresh: uuid_mod.UUID) -> dict:
        """The new file's values; ``values`` (the row's child part, made for this file by
        ``_split``) becomes them."""
        for name in ("uuid", "village", "township"):
            values.pop(name, None)
        chosen = values.pop("categories", None)
        if chosen is not None:
            for cat, name in CATEGORY_FIELD.items():
                values[name] = cat.value in chosen
        uid = data.get("child.uuid")
        values.update(
            {
                "id": child_id,
                "uuid": uuid_mod.UUID(uid) if uid and uid not in taken else fresh,
                "household_id": hid,
                "village_id": data["_village"],
                "name_pinyin": data.get("_pinyin", ""),
                "name_initials": data.get("_initials", ""),
                "registered_by_id": self.actor.pk,
                "registered_at": self.now,
                "updated_at": self.now,
                "hukou_type": values.get("hukou_type", ""),
                "schooling_status": values.get("schooling_status", ""),
            }
        )
        if values.get("status") == c.Status.CLOSED:
            values["closed_by_id"] = self.actor.pk
        elif self.imp.lifecycle == LedgerImport.Lifecycle.ACTIVE:
            values.update(
                status=c.Status.ACTIVE,
                confirmed_by_id=self.actor.pk,
                confirmed_at=self.now,
                activated_by_id=self.actor.pk,
                activated_at=self.now,
            )
        else:
            values["status"] = c.Status.REGISTERED
        return values

    # --- updates and merges

    def _update(self, pks: list[int]) -> None:
        for start in range(0, len(pks), BATCH):
            rows = self._rows(pks[start : start + BATCH])
            by_target = {data["_target"]: (pk, data) for pk, (data, _t, _f) in rows.items() if data.get("_target")}
            chunk = (
                children_for(self.actor)
                .filter(pk__in=list(by_target))
                .select_related("household")
                .prefetch_related("household__parents")
            )
            for child in chunk:
                row_pk, data = by_target[child.pk]
                changes = apply_values(child, {code: data[code] for code in data.get("_changes", []) if code in data})
                self.links.append((row_pk, child.pk))
                if changes:
                    self.touched.append(child.pk)
                    self.summary["updated"] += 1
                    self.events.append(
                        {"child_id": child.pk, "details": {"import": str(self.imp.uuid), "changes": changes}}
                    )
                else:
                    self.summary["unchanged"] += 1

    def _merge(self, pks: list[int]) -> None:
        if not pks:
            return
        # The merge part of the app (ledger.merge) keeps the before-values for undo; imported
        # here, when there is something to merge, so that the import works without it otherwise.
        from .merge import do_merge_values

        rows = self._rows(pks)
        targets = {ch.pk: ch for ch in children_for(self.actor).filter(pk__in=[t for _d, t, _f in rows.values() if t])}
        for row_pk, (data, target_id, fields) in rows.items():
            child = targets.get(target_id)
            if child is None:
                raise ActionError("merge target outside scope")
            values = {code: _value(code, data[code]) for code in fields if code in data}
            if "child.village" in values:
                values["child.village"] = data.get("_village") or child.village_id  # the code, not the text
            do_merge_values(self.actor, child, values, source="ledger_import", request=self.request)
            self.links.append((row_pk, child.pk))
            self.touched.append(child.pk)
            self.summary["merged"] += 1

    # --- audit and links

    def _audit(self) -> None:
        summary = do_log(
            self.actor,
            IMPORT,
            details={
                "import": str(self.imp.uuid),
                "file": self.imp.filename,
                "lifecycle": self.imp.lifecycle,
                "counts": dict(self.summary),
            },
            request=self.request,
        )
        table = _table(AuditEvent)
        # The new files' events share one details object: encoded once as JSON, not once per file.
        index = table.names.index("details")
        table.converters = [(i, _json_once() if i == index else convert) for i, convert in table.converters]
        created = {**self.created, "event": summary.pk}
        for start in range(0, len(self.events), BATCH):
            table.insert(
                [
                    {
                        "actor_id": summary.actor_id,
                        "action": IMPORT,
                        "child_id": event["child_id"],
                        "details": created
                        if event["details"] is self.created
                        else {**event["details"], "event": summary.pk},
                        "ip_address": summary.ip_address,
                        "created_at": summary.created_at,
                    }
                    for event in self.events[start : start + BATCH]
                ]
            )

    def _link(self) -> None:
        table = connection.ops.quote_name(ImportRow._meta.db_table)
        # The same statement drops the row's ID numbers and health note (_redact_rows).
        expression, params = _without_sensitive()
        if not self.links:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Two array parameters: one join, no lookup per row and no placeholders to parse.
                rows, children = [r for r, _c in self.links], [c for _r, c in self.links]
                cursor.execute(
                    f"UPDATE {table} SET child_id = v.child, data = {expression} "  # noqa: S608
                    f"FROM unnest(%s::bigint[], %s::bigint[]) AS v(row, child) WHERE {table}.id = v.row",
                    [*params, rows, children],
                )
                return
            for start in range(0, len(self.links), BATCH):
                chunk = self.links[start : start + BATCH]
                values = ", ".join(["(%s, %s)"] * len(chunk))
                # UPDATE … FROM a VALUES list (SQLite >= 3.33): one join, not a lookup per row.
                sql = (
                    f"UPDATE {table} SET child_id = v.column2, data = {expression} "  # noqa: S608
                    f"FROM (VALUES {values}) AS v WHERE {table}.id = v.column1"
                )
                cursor.execute(sql, [*params, *(x for pair in chunk for x in pair)])


# ---------------------------------------------------------------- applying values to a file

_CHILD_SKIP = {
    "child.uuid",
    "child.village",
    "child.township",
    "child.status",
    "child.closed_on",
    "child.closure_reason",
}


def apply_values(child: Child, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Write catalogue-coded values into an existing file and save what changed; returns the
    changes {code: [before, after]} (ID numbers masked, health notes unrecorded) for the audit."""
    changes: dict[str, list[Any]] = {}
    household = child.household
    parents = {p.role: p for p in household.parents.all()}
    dirty: set[Any] = set()
    for code, raw in values.items():
        if code in _CHILD_SKIP or code == "household.key" or code not in catalogue.BY_CODE:
            continue
        value = _value(code, raw)
        table, name = code.split(".", 1)
        if code == "child.categories":
            before = [cat.value for cat in child.categories]
            if sorted(before) != sorted(value):
                child.set_categories(value)
                changes[code] = [before, value]
                dirty.add(child)
            continue
        if table == "child":
            obj = child
        elif table == "household":
            obj = household
        elif table in ("father", "mother"):
            obj = parents.get(table)
            if obj is None:
                obj = parents[table] = Parent(household=household, role=table)
        else:
            continue
        before = getattr(obj, name)
        if before != value:
            setattr(obj, name, value)
            changes[code] = [masked(code, _comparable(before)), masked(code, _comparable(value))]
            dirty.add(obj)
    for obj in dirty:
        if obj is child:
            child.name_pinyin, child.name_initials = name_keys(child.name)
        obj.save()
        if obj.pk is not None and hasattr(obj, "lock_version"):
            bump_version(type(obj), obj.pk)  # an edit form opened before the import must not undo it
    return changes


def row_messages(row: ImportRow) -> list[str]:
    """The row's errors and warnings in the reader's language."""
    return [message(e) for e in [*(row.errors or []), *(row.warnings or [])]]
