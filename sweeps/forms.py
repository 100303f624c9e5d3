from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.choices import ClosureReason
from core.forms import DateInput


class StartForm(forms.Form):
    name = forms.CharField(label=_("Name of the sweep"), max_length=100)
    reference_date = forms.DateField(
        label=_("Reference date"),
        widget=DateInput(),
        help_text=_("Ages and eligibility are judged at this date (the 2016 national sweep used 2016-07-31)."),
    )
    deadline = forms.DateField(label=_("Villages finish by"), widget=DateInput())

    def clean_deadline(self):
        d = self.cleaned_data["deadline"]
        if d < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return d


class CloseFileForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is the child no longer on the list?"), choices=ClosureReason.choices)
    closed_on = forms.DateField(label=_("Since when"), widget=DateInput())
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=255)

    def clean_closed_on(self):
        d = self.cleaned_data["closed_on"]
        if d > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return d


class ListFilterForm(forms.Form):
    SHOW = [("todo", _("To check")), ("done", _("Checked")), ("found", _("Newly found")), ("all", _("All"))]
    q = forms.CharField(label=_("Name or pinyin"), required=False, max_length=50)
    show = forms.ChoiceField(choices=SHOW, required=False)
