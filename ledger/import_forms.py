"""Forms of the ledger import pages: the upload, the column mapping, a duplicate's decision."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from . import catalogue
from .imports_models import LedgerImport

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")

# The catalogue's tables as the officer reads them, in the order of a ledger's columns.
TABLE_LABELS = {
    "child": _("The child"),
    "household": _("Household and caregiver"),
    "father": _("Father"),
    "mother": _("Mother"),
    "member": _("Other household members (their own sheet)"),
}

# The choice as the upload page words it (the model's labels are the short ones lists show).
LIFECYCLE_LABELS = {
    LedgerImport.Lifecycle.REGISTERED: _("Waiting for the township to confirm each file"),
    LedgerImport.Lifecycle.ACTIVE: _("In use at once"),
}
LIFECYCLE_HELP = {
    LedgerImport.Lifecycle.REGISTERED: _(
        "Choose this when the ledger has not been checked yet: each file waits for the township "
        "supervisor to confirm it, as a newly registered child does."
    ),
    LedgerImport.Lifecycle.ACTIVE: _(
        "Choose this when the township and county have already checked the ledger: the files are in "
        "use at once, and the village's child welfare director starts the visits."
    ),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Ledger file"),
        help_text=_("Excel (.xlsx or .xls) or CSV."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )
    lifecycle = forms.ChoiceField(
        label=_("The imported files start as"),
        choices=LedgerImport.Lifecycle.choices,
        initial=LedgerImport.Lifecycle.REGISTERED,
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                _("This is not a ledger Shouhu can read: send an Excel file (.xlsx or .xls) or a CSV file.")
            )
        return upload

    def lifecycle_options(self):
        """The lifecycle choices with what each means, for the template's radio cards."""
        chosen = self["lifecycle"].value() or LedgerImport.Lifecycle.REGISTERED
        return [
            {
                "value": value,
                "label": LIFECYCLE_LABELS[value],
                "help": LIFECYCLE_HELP[value],
                "checked": value == chosen,
            }
            for value in LedgerImport.Lifecycle.values
        ]


def code_choices() -> list:
    """The catalogue's columns grouped by table, after "ignore this column"."""
    groups = [("", _("Ignore this column"))]
    for table, label in TABLE_LABELS.items():
        groups.append((label, [(col.code, col.label) for col in catalogue.columns_of(table)]))
    return groups


def value_key(code: str, raw: str) -> str:
    """A form field name for one unknown value of a column (the raw text may be anything)."""
    return "v-" + hashlib.blake2s(f"{code}\x00{raw}".encode(), digest_size=8).hexdigest()


def column_choices(column: catalogue.Column) -> list:
    return list(column.choices.choices) if hasattr(column.choices, "choices") else list(column.choices or ())


def _first_value(column: catalogue.Column):
    choices = column_choices(column)
    return choices[0][0] if choices else ""


def _value_choices(code: str) -> list:
    column = catalogue.BY_CODE[code]
    # A yes/no column: the engine takes "True" or "False" for a word it does not know.
    choices = [("True", _("Yes")), ("False", _("No"))] if column.kind == "bool" else column_choices(column)
    return [("", _("Leave it: these rows show as errors")), *((str(v), label) for v, label in choices)]


def missing_required(mapped: set[str]) -> list[str]:
    """What a ledger must have (as ``importer.do_validate`` checks it): the name, the date of
    birth or an ID number to take it from, the village; the labels of those no column holds."""
    label = lambda code: str(catalogue.BY_CODE[code].label)  # noqa: E731
    missing = []
    if "child.name" not in mapped:
        missing.append(label("child.name"))
    if not {"child.date_of_birth", "child.id_number"} & mapped:
        missing.append(
            _("%(first)s or %(second)s") % {"first": label("child.date_of_birth"), "second": label("child.id_number")}
        )
    if "child.village" not in mapped:
        missing.append(label("child.village"))
    return missing


class MappingForm(forms.Form):
    """One select per column of every sheet (catalogue code or "" to ignore it) and one per value
    the catalogue does not know in a choice column.

    ``sheets``: ``importer.sheet_columns(...)``; ``unknown``: ``importer.unknown_values(...)``.
    """

    def __init__(self, *args, sheets, unknown, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheets = sheets
        self.unknown = unknown
        choices = code_choices()
        self.sheet_rows = []  # [(sheet, [(column, bound field)])] for the template
        for s, sheet in enumerate(sheets):
            rows = []
            for column in sheet.columns:
                name = f"s{s}-c{column.index}"
                self.fields[name] = forms.ChoiceField(
                    label=column.header or _("Column %(n)s") % {"n": column.index + 1},
                    choices=choices,
                    required=False,
                    initial=column.code or "",
                )
                rows.append((column, name))
            self.sheet_rows.append((sheet, rows))
        self.value_rows = []  # [(column, [(raw, field name)])]
        for code, raws in unknown.items():
            if code not in catalogue.BY_CODE:
                continue
            fields = []
            for raw in raws:
                name = value_key(code, raw)
                self.fields[name] = forms.ChoiceField(
                    label=raw, choices=_value_choices(code), required=False, initial=""
                )
                fields.append((raw, name))
            self.value_rows.append((catalogue.BY_CODE[code], fields))

    def bound_sheets(self):
        return [(sheet, [(column, self[name]) for column, name in rows]) for sheet, rows in self.sheet_rows]

    def bound_values(self):
        return [(column, [(raw, self[name]) for raw, name in fields]) for column, fields in self.value_rows]

    def clean(self):
        data = super().clean()
        mapped: set[str] = set()
        for _sheet, rows in self.sheet_rows:
            seen: dict[str, str] = {}
            for _column, name in rows:
                code = data.get(name) or ""
                if not code:
                    continue
                if code in seen:
                    self.add_error(
                        name,
                        _(
                            "“%(first)s” already means %(what)s on this sheet: "
                            "choose another meaning, or ignore one of them."
                        )
                        % {"first": seen[code], "what": catalogue.BY_CODE[code].label},
                    )
                seen.setdefault(code, self.fields[name].label)
                mapped.add(code)
        self.missing = missing_required(mapped)
        if self.missing:
            self.add_error(
                None,
                _("Shouhu needs these columns and cannot find them: %(names)s. Choose which column holds each.")
                % {"names": "、".join(self.missing)},
            )
        return data

    def mapping(self) -> dict[str, dict[int, str]]:
        """Sheet name -> column index -> code ("" = ignored), as ``importer.do_save_mapping`` takes it."""
        return {
            sheet.sheet: {column.index: self.cleaned_data.get(name) or "" for column, name in rows}
            for sheet, rows in self.sheet_rows
        }

    def values(self) -> dict[str, dict[str, str]]:
        """Code -> raw text -> stored value, for the values the officer chose a meaning for."""
        out: dict[str, dict[str, str]] = {}
        for column, fields in self.value_rows:
            for raw, name in fields:
                chosen = self.cleaned_data.get(name)
                if chosen:
                    # Disability grades are numbers: stored as the number the field holds.
                    value = int(chosen) if column.kind != "bool" and isinstance(_first_value(column), int) else chosen
                    out.setdefault(column.code, {})[raw] = value
        return out


class ResolveForm(forms.Form):
    """A possible duplicate's decision: merge into one of the matching files (with the fields to
    take from the sheet), keep both files, or skip the row."""

    resolution = forms.ChoiceField(
        choices=[("merge", _("Merge")), ("keep", _("Keep both")), ("skip", _("Skip"))], widget=forms.HiddenInput
    )
    target = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("resolution") == "merge" and not data.get("target"):
            raise forms.ValidationError(_("Choose the file to merge this row into."))
        return data
