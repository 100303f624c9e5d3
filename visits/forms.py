"""Forms for recording and editing a visit, commenting on one, and logging a parent contact.

Errors are shown next to fields, in the user's language. The checklist (risk.checklist.ITEMS)
becomes one three-way radio group and one optional note per item.
"""

from dataclasses import dataclass, field

from django import forms
from django.forms.forms import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from children.choices import ParentRole, VitalStatus
from core.forms import DateInput
from core.versioning import VersionedFormMixin
from followup.texts import answer_label, domain_label, item_label
from measurements.forms import MeasurementForm
from measurements.models import Measurement
from risk.checklist import ANSWERS, BY_CODE, DOMAINS, ITEMS, NO, UNKNOWN, YES

from .models import ParentContact, Visit

TEXT_LIMIT = 4000
NOTE_LIMIT = 500
FUTURE = _("This date cannot be in the future.")
TEXT_FIELDS = ("living_conditions", "needs", "actions_taken")
# The name of the button that confirms a visit where nothing was checked as a contact only.
CONTACT_ONLY = "contact_only"
NOTHING_CHECKED = "nothing_checked"


def answer_name(code: str) -> str:
    return f"answer_{code}"


def note_name(code: str) -> str:
    return f"note_{code}"


@dataclass
class ChecklistRow:
    code: str
    answer: forms.BoundField
    note: forms.BoundField
    hint: str = ""  # the previous visit's note, shown under the item; never copied into the new one


@dataclass
class ChecklistDomain:
    code: str
    label: str
    rows: list[ChecklistRow] = field(default_factory=list)
    yes: int = 0
    open: bool = False


class VisitForm(VersionedFormMixin, forms.ModelForm):
    """The visit itself: date, mode, who was seen, the checklist, and what follows.

    An edit names the version it was opened on (`initial={"lock_version": …}`, the chain's version).
    """

    class Meta:
        model = Visit
        fields = [
            "visited_on",
            "mode",
            "saw_child",
            "saw_caregiver",
            "saw_parent",
            "living_conditions",
            "needs",
            "actions_taken",
            "next_visit_on",
        ]
        widgets = {
            "visited_on": DateInput(),
            "next_visit_on": DateInput(),
            "mode": forms.RadioSelect,
            "living_conditions": forms.Textarea(attrs={"rows": 2}),
            "needs": forms.Textarea(attrs={"rows": 2}),
            "actions_taken": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "actions_taken": _("What you did or arranged: advice, a referral, a report, a call to the parents."),
            "next_visit_on": _("Leave empty to follow the schedule for the child's risk tier."),
        }

    def __init__(
        self,
        *args,
        child,
        answers: dict | None = None,
        notes: dict | None = None,
        hints: dict | None = None,
        expand_all: bool = False,
        open_domain: str = "",
        measured: bool = False,
        contact_only: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.child = child
        # A measurement posted with the visit: something was checked.
        self.measured = measured
        # Editing a contact only: it stays one without asking again while nothing is checked.
        self.was_contact_only = contact_only
        self.contact_only = False
        # The mode is never assumed: a phone call saved as a home visit is wrong data.
        self.fields["mode"].error_messages["required"] = _("Choose how you were in touch with the child.")
        self.hints = hints or {}
        self.expand_all = expand_all
        self.open_domain = open_domain
        answers, notes = answers or {}, notes or {}
        for name in TEXT_FIELDS:
            self.fields[name].max_length = TEXT_LIMIT
            self.fields[name].widget.attrs["maxlength"] = TEXT_LIMIT
        for item in ITEMS:
            self.fields[answer_name(item.code)] = forms.ChoiceField(
                label=item_label(item.code),
                choices=[(a, answer_label(a)) for a in ANSWERS],
                widget=forms.RadioSelect,
                initial=answers.get(item.code) if answers.get(item.code) in ANSWERS else UNKNOWN,
            )
            self.fields[note_name(item.code)] = forms.CharField(
                label=format_lazy("{} · {}", item_label(item.code), _("Note")),  # named so on a conflict page
                required=False,
                max_length=NOTE_LIMIT,
                initial=notes.get(item.code, ""),
                widget=forms.TextInput(attrs={"placeholder": _("Note (optional)")}),
            )

    def clean_visited_on(self):
        d = self.cleaned_data["visited_on"]
        if d > timezone.localdate():
            raise forms.ValidationError(FUTURE)
        if d < self.child.date_of_birth:
            raise forms.ValidationError(_("The visit cannot be before the child's birth."))
        return d

    def clean(self):
        data = super().clean()
        visited, following = data.get("visited_on"), data.get("next_visit_on")
        if visited and following and following <= visited:
            self.add_error("next_visit_on", _("The next visit must be after this visit."))
        # Field trial: an untouched first visit (every item "unknown") was saved as a full visit and
        # reset the schedule. Nothing checked is a contact only, and the CWD says so herself.
        self.contact_only = self._checked_nothing(data)
        if self.contact_only and not (self.was_contact_only or self.data.get(CONTACT_ONLY)):
            raise forms.ValidationError(
                _("You did not record anything you checked: every item is “unknown” and nothing is written."),
                code=NOTHING_CHECKED,
            )
        return data

    def _checked_nothing(self, data: dict) -> bool:
        """Every item "unknown" (none sent back with an error), no note, no text, no measurement."""
        return (
            not self.measured
            and all(data.get(answer_name(item.code)) == UNKNOWN for item in ITEMS)
            and not any(data.get(note_name(item.code)) for item in ITEMS)
            and not any((data.get(name) or "").strip() for name in TEXT_FIELDS)
        )

    def asks_contact_only(self) -> bool:
        """Sent back to ask whether a visit where nothing was checked is a contact only."""
        return self.has_error(NON_FIELD_ERRORS, NOTHING_CHECKED)

    def field_errors(self) -> bool:
        """Errors to correct, besides that question (which the form asks in its own words)."""
        return bool(set(self.errors) - {NON_FIELD_ERRORS})

    def answers(self) -> dict[str, str]:
        return {item.code: self.cleaned_data[answer_name(item.code)] for item in ITEMS}

    def notes(self) -> dict[str, str]:
        notes = {item.code: self.cleaned_data.get(note_name(item.code), "").strip() for item in ITEMS}
        return {code: note for code, note in notes.items() if note}

    def save(self, commit=False):
        """The unsaved visit with its answers; actions.do_record_visit or do_edit_visit stores it."""
        if commit:
            raise ValueError("Visits are saved through visits.actions, which keep the versions and the audit.")
        visit = super().save(commit=False)
        # Answers to items since removed from the checklist are not the form's to drop.
        visit.answers = {**_retired(visit.answers), **self.answers()}
        visit.notes = {**_retired(visit.notes), **self.notes()}
        visit.contact_only = self.contact_only
        return visit

    def domains(self) -> list[ChecklistDomain]:
        """The checklist grouped by domain, each open if it has a "yes" or an error."""
        by_code = {code: ChecklistDomain(code, domain_label(code)) for code in DOMAINS}
        for item in ITEMS:
            answer, note = self[answer_name(item.code)], self[note_name(item.code)]
            domain = by_code[item.domain]
            domain.rows.append(ChecklistRow(item.code, answer, note, self.hints.get(item.code, "")))
            if answer.value() == YES:
                domain.yes += 1
            if (self.is_bound and (answer.errors or note.errors)) or answer.value() == YES:
                domain.open = True
        for domain in by_code.values():
            domain.open = domain.open or self.expand_all or domain.code == self.open_domain
        return list(by_code.values())

    def core_errors(self) -> bool:
        return any(self[name].errors for name in self.Meta.fields)


def _retired(by_item: dict) -> dict:
    return {code: value for code, value in (by_item or {}).items() if code not in BY_CODE}


def set_domain_to_no(data, domain: str):
    """A copy of the posted data with every answer of one domain set to "no" (the no-JS path)."""
    data = data.copy()
    for item in ITEMS:
        if item.domain == domain:
            data[answer_name(item.code)] = NO
    return data


class VisitMeasurementForm(MeasurementForm):
    """The optional measurement taken at a visit: on the visit's date, by the CWD.

    Left empty, it is not validated and nothing is recorded (empty_permitted).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_permitted", True)
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        # The visit's date is the measurement's date (validated by VisitForm); the source is the CWD.
        for name in ("measured_on", "source", "note"):
            del self.fields[name]

    def measurement(self, measured_on) -> Measurement | None:
        if not self.has_changed():
            return None
        measurement = self.save(commit=False)
        measurement.measured_on = measured_on
        measurement.source = Measurement.Source.CWD
        return measurement


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000})
    )


class ContactForm(forms.ModelForm):
    """A parent's call, video call or visit home (MPL Art. 23: at least weekly)."""

    class Meta:
        model = ParentContact
        fields = ["parent_role", "contact_on", "mode", "note"]
        widgets = {"contact_on": DateInput(), "parent_role": forms.RadioSelect, "mode": forms.RadioSelect}

    def __init__(self, *args, child, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        # Only a parent on file and not dead can be in contact with the child.
        roles = {p.role for p in parents if p.vital_status != VitalStatus.DEAD}
        self.fields["parent_role"].choices = [(r.value, r.label) for r in ParentRole if r.value in roles]
        # Not fields[...].initial: a ModelForm's initial dict (from the instance) takes precedence.
        if not self.initial.get("contact_on"):
            self.initial["contact_on"] = timezone.localdate()
        if len(roles) == 1 and not self.initial.get("parent_role"):
            self.initial["parent_role"] = next(iter(roles))

    def clean_contact_on(self):
        d = self.cleaned_data["contact_on"]
        if d > timezone.localdate():
            raise forms.ValidationError(FUTURE)
        if d < self.child.date_of_birth:
            raise forms.ValidationError(_("The contact cannot be before the child's birth."))
        return d
