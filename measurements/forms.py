from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

from .models import Measurement

POSITION_CHOICES = [("", _("Not recorded")), ("lying", _("Lying down (length)")), ("standing", _("Standing (height)"))]
# Outside these a number is a typing mistake (kg for g, cm for mm), not a child.
LIMITS = {
    "weight_kg": (0.5, 200),
    "length_cm": (35, 230),
    "muac_mm": (50, 400),
    "head_cm": (20, 70),
    "triceps_mm": (1, 60),
    "subscapular_mm": (1, 60),
}


class MeasurementForm(forms.ModelForm):
    position = forms.ChoiceField(
        label=_("Position"),
        choices=POSITION_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Under 2 years: lying down. From 2 years: standing."),
    )

    class Meta:
        model = Measurement
        fields = [
            "measured_on",
            "weight_kg",
            "length_cm",
            "muac_mm",
            "head_cm",
            "triceps_mm",
            "subscapular_mm",
            "oedema",
            "source",
            "note",
        ]
        widgets = {
            "measured_on": DateInput(),
            "weight_kg": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            "length_cm": forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
            "muac_mm": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "head_cm": forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
            "triceps_mm": forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
            "subscapular_mm": forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        }

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["measured_on"].initial = timezone.localdate()

    def clean_measured_on(self):
        d = self.cleaned_data["measured_on"]
        if d > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        if d < self.child.date_of_birth:
            raise forms.ValidationError(_("The measurement cannot be before the child's birth."))
        return d

    def clean(self):
        data = super().clean()
        for field, (lo, hi) in LIMITS.items():
            value = data.get(field)
            if value is not None and not lo <= value <= hi:
                self.add_error(
                    field,
                    _("%(value)s is outside %(lo)s–%(hi)s: please check the unit.")
                    % {"value": value, "lo": lo, "hi": hi},
                )
        if not any(data.get(f) is not None for f in LIMITS) and not data.get("oedema"):
            raise forms.ValidationError(_("Enter at least one measurement."))
        if data.get("length_cm") is not None and not data.get("position"):
            self.add_error("position", _("Say whether the child was lying down or standing."))
        return data

    def save(self, commit=True):
        position = self.cleaned_data.get("position")
        self.instance.measured_lying = {"lying": True, "standing": False}.get(position)
        self.instance.child = self.child
        return super().save(commit=commit)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Why is this measurement wrong?"), max_length=255)


class SheetForm(forms.Form):
    sheet = forms.FileField(label=_("Measurement sheet (.xlsx or .csv)"))

    def clean_sheet(self):
        f = self.cleaned_data["sheet"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel (.xlsx) or CSV file."))
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return f
