from django import forms
from django.utils.translation import gettext_lazy as _


class BatchForm(forms.Form):
    village = forms.ChoiceField(label=_("Village"))

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [(v.code, v.full_name or v.name) for v in villages]
