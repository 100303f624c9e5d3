from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Referral, Service


class ReferralForm(forms.ModelForm):
    """One service choice drives the organisations offered; the template shows those as cards
    (`referrals.services.suggestions`). Any organisation serving the child's village is accepted
    here, provided it offers the service."""

    class Meta:
        model = Referral
        fields = ["service", "organisation", "urgency", "need", "child_consent", "guardian_consent", "consent_note"]
        widgets = {
            # Changing the service sends the form to show that service's organisations (shouhu.js);
            # the view sends nothing while the service differs from the one the cards were shown for.
            "service": forms.Select(attrs={"class": "autosubmit"}),
            "organisation": forms.RadioSelect,
            "need": forms.Textarea(attrs={"rows": 3}),
            "urgency": forms.RadioSelect,
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "—"), *Service.choices]
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
    services = forms.MultipleChoiceField(
        label=_("Services delivered"), choices=Service.choices, widget=forms.CheckboxSelectMultiple
    )
