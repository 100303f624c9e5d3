"""The partner directory's form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.versioning import VersionedFormMixin

from .models import Organisation, Service


class OrganisationForm(VersionedFormMixin, forms.Form):
    name = forms.CharField(label=_("organisation name"), max_length=200)
    type = forms.ChoiceField(label=_("type"))
    division = forms.ModelChoiceField(label=_("area served"), queryset=None)
    services = forms.MultipleChoiceField(
        label=_("services offered"), choices=Service.choices, widget=forms.CheckboxSelectMultiple
    )
    contact_person = forms.CharField(label=_("contact person"), max_length=100, required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    address = forms.CharField(label=_("address"), max_length=255, required=False)
    capacity = forms.IntegerField(label=_("open referrals it can take"), min_value=1, required=False)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, divisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = Organisation.Type.choices
        self.fields["division"].queryset = divisions
