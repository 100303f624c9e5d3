from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.versioning import VersionedFormMixin

from .files import MAX_BYTES, BadFile, sniff
from .models import Category, Evidence, ExitReason, Objection


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m")


class MonthField(forms.DateField):
    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]


class ApplicationForm(forms.Form):
    category = forms.ChoiceField(label=_("Which allowance"), choices=Category.choices)
    applicant_name = forms.CharField(label=_("Who asks for it (the guardian's name)"), max_length=100, required=False)
    applicant_relation = forms.CharField(
        label=_("Their relation to the child"), max_length=40, required=False, help_text=_("For example: grandmother")
    )
    note = forms.CharField(label=_("The family's situation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    request_reason = forms.CharField(
        label=_("Why the family asks although the file does not show it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only needed when the file says the child does not qualify."),
    )


class ApplicationEditForm(VersionedFormMixin, ApplicationForm):
    pass


class ExitForm(forms.Form):
    exit_reason = forms.ChoiceField(label=_("Why the allowance stops"), choices=ExitReason.choices)
    event_on = forms.DateField(label=_("When it happened"), widget=DateInput())
    note = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ChangeForm(forms.Form):
    category = forms.ChoiceField(label=_("New allowance"), choices=Category.choices)
    event_on = forms.DateField(label=_("When it changed"), widget=DateInput())
    note = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    request_reason = forms.CharField(
        label=_("Why the family asks although the file does not show it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Which document"), choices=Evidence.Kind.choices)
    file = forms.FileField(label=_("Photo or PDF (up to 10 MB)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB. Take a smaller photo."))
        try:
            self.content_type = sniff(upload)
        except BadFile:
            raise forms.ValidationError(_("This is not a photo (JPEG or PNG) or a PDF.")) from None
        return upload


class SubmitForm(forms.Form):
    posting_from = forms.DateField(
        label=_("Day the notice goes up on the village board"), widget=DateInput(), required=False
    )


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label=_("Who objected"), max_length=100)
    raised_on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("What they said"), widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What was found"), choices=[c for c in Objection.Outcome.choices if c[0] != "pending"]
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(OpinionForm):
    start_month = MonthField(
        label=_("First month paid (stop month for a change)"),
        required=False,
        help_text=_("Leave empty for the local rule: the month after today."),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What to correct"), widget=forms.Textarea(attrs={"rows": 3}))


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, in words the family understands"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The village tells the family exactly this."),
    )


class StandardForm(forms.Form):
    category = forms.ChoiceField(label=_("Allowance"), choices=Category.choices)
    effective_from = MonthField(label=_("From month"))
    amount = forms.DecimalField(label=_("Yuan per month"), min_value=0, max_digits=9, decimal_places=2)


class BuildRollForm(forms.Form):
    month = MonthField(label=_("Month"))


class CorrectionForm(forms.Form):
    benefit = forms.UUIDField(widget=forms.HiddenInput)
    month = MonthField(label=_("For month"))
    amount = forms.DecimalField(label=_("Amount (negative to recover)"), max_digits=9, decimal_places=2)
    note = forms.CharField(label=_("Why"), max_length=200)
