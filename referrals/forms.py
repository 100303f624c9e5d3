from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Referral, Service


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["service", "organisation", "urgency", "need", "child_consent", "guardian_consent", "consent_note"]
        widgets = {"need": forms.Textarea(attrs={"rows": 3}), "urgency": forms.RadioSelect}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None

    def clean(self):
        data = super().clean()
        if not data.get("child_consent") and not data.get("guardian_consent"):
            raise forms.ValidationError(_("Record the consent of the child or the guardian before referring."))
        org, service = data.get("organisation"), data.get("service")
        if org and service and service not in (org.services or []):
            self.add_error("organisation", _("This organisation does not offer that service."))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class CompleteForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    services = forms.MultipleChoiceField(label=_("Services delivered"), choices=Service.choices,
                                         widget=forms.CheckboxSelectMultiple)


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("organisation name"), max_length=200)
    type = forms.ChoiceField(label=_("type"))
    division = forms.ModelChoiceField(label=_("area served"), queryset=None)
    services = forms.MultipleChoiceField(label=_("services offered"), choices=Service.choices,
                                         widget=forms.CheckboxSelectMultiple)
    contact_person = forms.CharField(label=_("contact person"), max_length=100, required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    address = forms.CharField(label=_("address"), max_length=255, required=False)
    capacity = forms.IntegerField(label=_("open referrals it can take"), min_value=1, required=False)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, divisions, **kwargs):
        from partners.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = Organisation.Type.choices
        self.fields["division"].queryset = divisions
