"""Forms of the child registry. Errors are shown next to fields, in the user's language."""

from datetime import date

from django import forms
from django.forms import inlineformset_factory
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.dates import age_on
from core.forms import DateInput, PlainTextMixin
from core.versioning import VersionedFormMixin

from . import choices as c
from .identity import IdNumberError, id_birth_date, id_sex, normalise_id_number, validate_id_number
from .models import Child, Household, HouseholdMember, Parent

ID_ERRORS = {
    "format": _("An ID number has 17 digits followed by a digit or X."),
    "checksum": _("This ID number's check digit is wrong: please check it against the ID card."),
    "birth_date": _("The birth date inside this ID number is not a real date."),
    "date_of_birth": _("The birth date inside this ID number (%(born)s) does not match the date of birth."),
    "sex": _("The ID number's sex digit does not match the child's sex."),
}

TIME_BOUND = {
    c.ParentCondition.IMPRISONED,
    c.ParentCondition.COMPULSORY_DRUG_REHAB,
    c.ParentCondition.OTHER_DETENTION,
    c.ParentCondition.LOST_CONTACT,
}


def _clean_id(value: str, *, date_of_birth: date | None = None, sex: str | None = None) -> str:
    value = normalise_id_number(value or "")
    if not value:
        return ""
    try:
        return validate_id_number(value, date_of_birth=date_of_birth, sex=sex)
    except IdNumberError as exc:
        born = value[6:14]
        raise forms.ValidationError(
            ID_ERRORS[exc.code] % {"born": f"{born[:4]}-{born[4:6]}-{born[6:]}"}, code=exc.code
        ) from None


def error_summary(*forms_) -> list[tuple[str, str]]:
    """(field id, "Label: message") for each error of the page's forms, in the order of their fields,
    for the summary at the top of a long form; the id is "" for an error of no single field."""
    found = []
    for form in forms_:
        for subform in getattr(form, "forms", [form]):  # a formset lists each of its forms
            found += [("", str(e)) for e in subform.non_field_errors()]
            for field in subform:
                if not field.errors or field.is_hidden:
                    found += [("", str(e)) for e in field.errors]
                    continue
                # Radio buttons and check boxes: the link goes to the first of them.
                target = field.auto_id + (
                    "_0" if field.widget_type in ("radioselect", "checkboxselectmultiple") else ""
                )
                found += [(target, f"{field.label}: {e}") for e in field.errors]
    return found


class ChildForm(VersionedFormMixin, PlainTextMixin, forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=c.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick every category that applies."),
    )

    class Meta:
        model = Child
        fields = [
            "village", "name", "sex", "date_of_birth", "ethnicity", "id_number", "hukou_type", "address",
            "schooling_status", "school", "grade", "boarding",
            "health_status", "disability_type", "disability_grade", "health_note", "photo",
            "orphan_basis", "orphan_care", "other_category_note",
        ]  # fmt: skip
        widgets = {
            "date_of_birth": DateInput(),
            "sex": forms.RadioSelect,
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "id_number": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "maxlength": 18}),
        }

    # The page's order (the error summary follows it): the ID number first, as it fills in the next two.
    field_order = ["village", "name", "id_number", "date_of_birth", "sex", "hukou_type", "ethnicity", "address"]

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self._derive_from_id()
        self.fields["village"].queryset = villages
        self.fields["village"].empty_label = None
        # Radio buttons need no "---------" choice: the field is required.
        self.fields["sex"].choices = c.Sex.choices
        if self.instance.pk:
            self.fields["categories"].initial = [cat.value for cat in self.instance.categories]
            # Moving a file to another village is a transfer, with its own history.
            del self.fields["village"]
        elif villages is not None and villages.count() == 1:
            self.fields["village"].initial = villages.first().pk
            self.fields["village"].widget = forms.HiddenInput()

    def _derive_from_id(self):
        """A valid ID number fills in the date of birth and sex left empty (the phone's script does it
        as the number is typed; this is for a phone without it). Values typed are kept, and clean()
        checks them against the number."""
        number = normalise_id_number(self.data.get(self.add_prefix("id_number")) or "")
        try:
            validate_id_number(number)
        except IdNumberError:
            return
        data = self.data.copy()
        if not data.get(self.add_prefix("date_of_birth")):
            data[self.add_prefix("date_of_birth")] = id_birth_date(number).isoformat()
        if not data.get(self.add_prefix("sex")):
            data[self.add_prefix("sex")] = id_sex(number)
        self.data = data

    def clean_date_of_birth(self):
        dob = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if dob > today:
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if age_on(dob, today) >= 18:
            raise forms.ValidationError(_("The registry is for children under 18."))
        return dob

    def clean(self):
        data = super().clean()
        if "id_number" in data:
            try:
                data["id_number"] = _clean_id(
                    data["id_number"], date_of_birth=data.get("date_of_birth"), sex=data.get("sex")
                )
            except forms.ValidationError as exc:
                self.add_error("id_number", exc)
        cats = set(data.get("categories") or [])
        if data.get("health_status") == c.HealthStatus.DISABLED:
            if not data.get("disability_type"):
                self.add_error("disability_type", _("Give the disability type."))
            if not data.get("disability_grade"):
                self.add_error("disability_grade", _("Give the disability grade from the certificate."))
        if c.Category.ORPHAN in cats and not data.get("orphan_basis"):
            self.add_error("orphan_basis", _("Give the basis on which the child is an orphan."))
        if c.Category.OTHER_LOCAL in cats and not data.get("other_category_note"):
            self.add_error("other_category_note", _("Name the local category."))
        if data.get("schooling_status") in (
            c.SchoolingStatus.PRIMARY,
            c.SchoolingStatus.JUNIOR_MIDDLE,
            c.SchoolingStatus.SENIOR_MIDDLE,
        ) and not data.get("school"):
            self.add_error("school", _("Give the school the child attends."))
        return data

    def save(self, commit=True):
        self.instance.set_categories(self.cleaned_data.get("categories") or [])
        return super().save(commit=commit)


class HouseholdForm(VersionedFormMixin, PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Household
        fields = [
            "address", "income_source", "assistance_status",
            "has_caregiver", "caregiver_name", "caregiver_relation", "caregiver_relation_other",
            "caregiver_birth_year", "caregiver_phone", "caregiver_health", "caregiver_reason",
            "caregiver_notice_date",
        ]  # fmt: skip
        widgets = {"caregiver_notice_date": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("has_caregiver"):
            for field in ("caregiver_name", "caregiver_relation"):
                if not data.get(field):
                    self.add_error(field, _("Required when there is an entrusted caregiver."))
            if data.get("caregiver_relation") == c.CaregiverRelation.OTHER and not data.get("caregiver_relation_other"):
                self.add_error("caregiver_relation_other", _("Say how the caregiver is related to the child."))
        year = data.get("caregiver_birth_year")
        if year and not (1900 <= year <= timezone.localdate().year - 18):
            self.add_error("caregiver_birth_year", _("An entrusted caregiver must be an adult."))
        return data


class ParentForm(VersionedFormMixin, PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Parent
        fields = [
            "name", "id_number", "phone", "vital_status", "migration_status", "work_city", "last_contact",
            "condition", "condition_start", "condition_until", "condition_evidence", "disability_type",
            "disability_grade",
        ]  # fmt: skip
        widgets = {"last_contact": DateInput(), "condition_start": DateInput(), "condition_until": DateInput()}
        help_texts = {
            "condition_start": _("For a lost contact: the date the police accepted the missing-person report."),
            "condition_evidence": _(
                "For a lost contact: the police's receipt (case number) or their note that the search failed. "
                "For a parent declared missing or dead: the court judgment or the certificate."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Records from before "declared missing" and "lost contact" were told apart keep their
        # status until the CWD confirms which it is (migration 0006); nobody chooses it anew.
        self.needs_missing_confirmation = self.instance.vital_status == c.VitalStatus.MISSING_UNCONFIRMED
        if not self.needs_missing_confirmation:
            field = self.fields["vital_status"]
            field.choices = [(k, v) for k, v in field.choices if k != c.VitalStatus.MISSING_UNCONFIRMED]
        # Severe disability is decided from the certificate's grade (children.eligibility), so it
        # is no longer chosen as a condition; a parent marked so before keeps it until the grade is in.
        if not self.instance.disability_grade_needed:
            field = self.fields["condition"]
            field.choices = [(k, v) for k, v in field.choices if k != c.ParentCondition.SEVERE_DISABILITY]
        else:
            self.fields["disability_grade"].help_text = _(
                "Marked as severely disabled before grades were recorded: "
                "enter the grade from the disability certificate."
            )

    def clean_id_number(self):
        return _clean_id(self.cleaned_data.get("id_number", ""))

    def clean(self):
        data = super().clean()
        alive = data.get("vital_status") == c.VitalStatus.ALIVE
        # 民法典 Art. 40: only a court declares a person missing; 民发〔2019〕62号: a lost contact
        # counts on the police's record of the missing-person report.
        if data.get("vital_status") == c.VitalStatus.DECLARED_MISSING and not data.get("condition_evidence"):
            self.add_error(
                "condition_evidence", _("Record the court judgment that declared the parent missing (its number).")
            )
        if data.get("condition") == c.ParentCondition.LOST_CONTACT and not data.get("condition_evidence"):
            self.add_error(
                "condition_evidence",
                _("Record the police's receipt for the missing-person report (case number) or their note."),
            )
        if not alive:
            if data.get("migration_status") not in (None, c.MigrationStatus.AT_HOME):
                self.add_error("migration_status", _("Only a living parent can be working away."))
            if data.get("condition"):
                self.add_error("condition", _("A condition applies only to a living parent."))
        if (
            data.get("migration_status")
            and data["migration_status"] != c.MigrationStatus.AT_HOME
            and not data.get("work_city")
        ):
            self.add_error("work_city", _("Give the city where the parent works."))
        if data.get("condition") and not data.get("condition_start"):
            self.add_error(
                "condition_start",
                _(
                    "Give the date the condition started (for a lost contact: the "
                    "date the police accepted the missing report)."
                ),
            )
        if data.get("condition_start") and data["condition_start"] > timezone.localdate():
            self.add_error("condition_start", _("This date cannot be in the future."))
        if (
            data.get("condition_until")
            and data.get("condition_start")
            and data["condition_until"] < data["condition_start"]
        ):
            self.add_error("condition_until", _("The end cannot be before the start."))
        if data.get("last_contact") and data["last_contact"] > timezone.localdate():
            self.add_error("last_contact", _("This date cannot be in the future."))
        if data.get("disability_type") and not data.get("disability_grade"):
            self.add_error("disability_grade", _("Give the disability grade from the certificate."))
        if data.get("disability_grade") and not data.get("disability_type"):
            self.add_error("disability_type", _("Give the disability type."))
        if data.get("disability_grade") and data.get("condition") == c.ParentCondition.SEVERE_DISABILITY:
            # The grade now says whether the disability is severe: the old mark is no longer needed.
            data["condition"] = ""
        return data


class MemberForm(VersionedFormMixin, PlainTextMixin, forms.ModelForm):
    """A household member. Not versioned itself (the household's version covers its members): the
    mixin gives it the base that a merge after someone else's save needs (core.versioning)."""

    class Meta:
        model = HouseholdMember
        fields = ["name", "relation", "birth_year", "note"]


MemberFormSet = inlineformset_factory(Household, HouseholdMember, form=MemberForm, extra=1, can_delete=True)


class DuplicateQueryForm(forms.Form):
    """What the registration page has typed so far, for the duplicate check as it is typed."""

    village = forms.ModelChoiceField(queryset=None, required=False)
    name = forms.CharField(max_length=50, required=False)
    date_of_birth = forms.DateField(required=False)
    id_number = forms.CharField(max_length=18, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages

    def clean_id_number(self):
        # An ID number not yet complete or mistyped searches nothing (no error: it is being typed).
        try:
            return validate_id_number(self.cleaned_data["id_number"])
        except IdNumberError:
            return ""


class DuplicateAckForm(forms.Form):
    not_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different child. Register anyway."), required=False
    )


class CloseForm(forms.Form):
    # "Merged" is set only by merging two files (ledger.merge), never chosen by hand.
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[(v, label) for v, label in c.ClosureReason.choices if v != c.ClosureReason.MERGED]
    )
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def clean_closed_on(self):
        d = self.cleaned_data["closed_on"]
        if d > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return d


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What must the village correct?"), max_length=255)


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("Why is the file reopened?"), max_length=255)


class LongSelect(forms.Select):
    """A select with hundreds of options (a county's villages), rendered in Python: Django's
    template per option made the county officer's child profile ~100 ms slower."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, mark_safe(" selected") if str(v) in selected else "", label) for v, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


class TransferForm(forms.Form):
    to_village = forms.ModelChoiceField(label=_("To village"), queryset=None, widget=LongSelect)
    transferred_on = forms.DateField(label=_("Transferred on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_village"].queryset = villages

    def clean_transferred_on(self):
        d = self.cleaned_data["transferred_on"]
        if d > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return d


class RosterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *c.Category.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open files")), ("all", _("All, including closed")), *c.Status.choices],
    )
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(areas) > 1:
            self.fields["area"].choices = [("", _("Everywhere")), *((a.pk, a.name) for a in areas)]
        else:
            del self.fields["area"]


class ReadsFilterForm(forms.Form):
    """Filters of the county's "who looked at this file" page."""

    who = forms.CharField(label=_("Person"), required=False, max_length=50)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
