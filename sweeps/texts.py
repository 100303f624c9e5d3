"""What the sweep report says, in the reader's language: outcome, reason, category and field
names (never a code), and the rows of the report's spreadsheet."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from children.choices import Category, ClosureReason, ParentRole, Status
from children.identity import mask_id_number
from children.models import Child, Household, Parent

from .models import SweepItem
from .queries import Report

OUT = SweepItem.Outcome

REPORT_SHEETS = [
    ("found", gettext_lazy("New files")),
    ("closed", gettext_lazy("Closed files")),
    ("categories", gettext_lazy("Changed categories")),
    ("eligibility", gettext_lazy("Eligibility at the reference date")),
    ("pending", gettext_lazy("Not checked")),
]


def closure_reason(code: str) -> str:
    return str(ClosureReason(code).label) if code in ClosureReason.values else _("Other")


def category(code: str) -> str:
    return str(Category(code).label) if code in Category.values else code


def categories(codes: list[str], empty: str | None = None) -> str:
    return "、".join(category(c) for c in codes) or (_("none") if empty is None else empty)


def status(code: str) -> str:
    return str(Status(code).label) if code in Status.values else ""


def _verbose(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def field_label(key: str) -> str:
    """ "schooling_status" → "Schooling"; "mother.migration_status" → "Mother: migration"."""
    if key == "member":
        return _("Other household members")
    head, _dot, tail = key.partition(".")
    if not tail:
        if key.endswith("_id") and not key.endswith("id_number"):
            key = key[:-3]
        return str(_verbose(Child, key)).capitalize()
    if head == "household":
        return f"{_('Household')}: {_verbose(Household, tail)}"
    if head in ParentRole.values:
        return f"{ParentRole(head).label}: {_verbose(Parent, tail)}"
    return key


def category_rows(r: Report) -> list[tuple[str, int, int, int, int]]:
    """Per category: files that gained it, lost it, and where the rules at the reference date say
    yes though the file says no, or no though it says yes."""
    rows = []
    for cat in Category:
        added, removed = r.category_added[cat.value], r.category_removed[cat.value]
        yes, no = r.eligibility_yes[cat.value], r.eligibility_no[cat.value]
        if added or removed or yes or no:
            rows.append((str(cat.label), added, removed, yes, no))
    return rows


def outcome(item: SweepItem) -> str:
    return str(OUT(item.outcome).label) if item.outcome in OUT.values else ""


def summary_rows(sweep, r: Report) -> list[list]:
    rows = [
        [_("Sweep"), sweep.name],
        [_("Area"), sweep.area.name],
        [_("Reference date"), sweep.reference_date.isoformat()],
        [_("Deadline"), sweep.deadline.isoformat()],
        [_("Closed at"), sweep.closed_at.strftime("%Y-%m-%d %H:%M") if sweep.closed_at else ""],
        [],
        [_("On the list at the start"), r.listed],
        [_("Checked"), r.checked],
        [str(OUT.CONFIRMED.label), r.counts[OUT.CONFIRMED]],
        [str(OUT.CORRECTED.label), r.counts[OUT.CORRECTED]],
        [str(OUT.CLOSED.label), r.counts[OUT.CLOSED]],
        [str(OUT.PENDING.label), r.counts[OUT.PENDING]],
        [str(OUT.FOUND.label), r.counts[OUT.FOUND]],
        [_("Villages that did not start"), r.villages_not_started],
        [],
        [_("Closed files by reason")],
    ]
    rows += [[closure_reason(code), n] for code, n in r.closed_by_reason.most_common()]
    rows += [
        [],
        [
            _("Category"),
            _("Files that gained it"),
            _("Files that lost it"),
            _("Rules say yes, file says no"),
            _("File says yes, rules say no"),
        ],
    ]
    rows += [list(row) for row in category_rows(r)]
    rows += [[], [_("Facts changed"), _("Files")]]
    rows += [[field_label(name), n] for name, n in r.changed_fields.most_common()]
    return rows


def item_header(key: str) -> list[str]:
    header = [_("Name"), _("Sex"), _("Date of birth"), _("Resident ID number"), _("Village")]
    extra = {
        "found": [_("Categories")],
        "closed": [_("Reason"), _("Closed on"), _("Note")],
        "categories": [_("Categories at the start"), _("Categories at the close")],
        "eligibility": [
            _("Categories on the file"),
            _("Rules say yes, file says no"),
            _("File says yes, rules say no"),
        ],
        "pending": [_("Categories")],
    }[key]
    return header + extra


def item_row(key: str, item: SweepItem) -> list:
    child: Child = item.child
    row = [
        child.name,
        child.get_sex_display(),
        child.date_of_birth.isoformat(),
        mask_id_number(child.id_number),
        child.village.name,
    ]
    if key in ("found", "pending"):
        row.append(categories(item.end_category_list))
    elif key == "closed":
        row += [
            closure_reason(item.closure_reason),
            child.closed_on.isoformat() if child.closed_on else "",
            child.closure_note,
        ]
    elif key == "categories":
        row += [categories(item.start_category_list), categories(item.end_category_list)]
    else:
        differs = item.eligibility_differs
        row += [
            categories(item.end_category_list),
            categories([c for c, meets in differs.items() if meets], ""),
            categories([c for c, meets in differs.items() if not meets], ""),
        ]
    return row
