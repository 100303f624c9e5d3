from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

from .sheet import MAX_BYTES, AbsenceRow, check_absence_date, check_id_number


class SheetForm(forms.Form):
    sheet = forms.FileField(
        label=_("Absence sheet (.xlsx or .csv)"),
        help_text=_("One row per pupil per day absent. Use the template's column names."),
    )

    def clean_sheet(self):
        f = self.cleaned_data["sheet"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel (.xlsx) or CSV file."))
        if f.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split it into smaller sheets.")
                % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return f


class PupilForm(forms.Form):
    """Who the pupil is, as the school's roster says. The ID number or the date of birth is required."""

    name = forms.CharField(label=_("Pupil's name"), max_length=50)
    id_number = forms.CharField(label=_("Resident ID number"), max_length=20, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    class_name = forms.CharField(label=_("Class"), max_length=50, required=False)

    date_field = "date"

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        if not value:
            return ""
        try:
            return check_id_number(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return born

    def clean(self):
        data = super().clean()
        if (
            not data.get("id_number")
            and not data.get("date_of_birth")
            and "id_number" not in self.errors
            and "date_of_birth" not in self.errors
        ):
            raise forms.ValidationError(_("Give the ID number or the date of birth."))
        return data

    def row(self) -> AbsenceRow:
        d = self.cleaned_data
        return AbsenceRow(
            row_number=1,
            name=d["name"].strip(),
            id_number=d["id_number"],
            date_of_birth=d["date_of_birth"],
            class_name=d["class_name"],
            date=d[self.date_field],
            excused=d.get("excused", False),
            reason=d.get("reason", ""),
        )


class AbsenceForm(PupilForm):
    date = forms.DateField(label=_("Day absent"), widget=DateInput())
    excused = forms.BooleanField(label=_("Excused (leave was asked for)"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    field_order = ["name", "id_number", "date_of_birth", "class_name", "date", "excused", "reason"]

    def clean_date(self):
        day = self.cleaned_data["date"]
        try:
            check_absence_date(day, timezone.localdate())
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return day


class DropoutForm(PupilForm):
    left_on = forms.DateField(label=_("Last day at school"), widget=DateInput())
    reason = forms.CharField(
        label=_("What the school knows of why, and what it has tried"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    date_field = "left_on"
    field_order = ["name", "id_number", "date_of_birth", "class_name", "left_on", "reason"]

    def clean_left_on(self):
        day = self.cleaned_data["left_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return day
