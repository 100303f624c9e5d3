from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.forms import DateInput

from .models import Tier


class OverrideForm(forms.Form):
    tier = forms.ChoiceField(label=gettext_lazy("Tier"), choices=Tier.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    expires_on = forms.DateField(label=gettext_lazy("Until"), widget=DateInput())

    def clean_expires_on(self):
        d = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if d <= today:
            raise forms.ValidationError(gettext_lazy("The override must end in the future."))
        if d > today + timedelta(days=180):
            raise forms.ValidationError(gettext_lazy("An override lasts at most 180 days; review it then."))
        return d
