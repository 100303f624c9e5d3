"""Forms of the family link, in plain words."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy

from core.forms import DateInput, PlainTextMixin

from .models import Call, Relation


class InviteForm(PlainTextMixin, forms.Form):
    relation = forms.ChoiceField(label=gettext_lazy("Who"), choices=Relation.choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=50)
    phone = forms.CharField(label=gettext_lazy("Mobile phone"), max_length=20)


class JoinForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("Your mobile phone number"), max_length=20)
    code = forms.CharField(label=gettext_lazy("The 6-digit code in the text message"), max_length=6, min_length=6)
    password = forms.CharField(
        label=gettext_lazy("Choose a password for next time"), widget=forms.PasswordInput, strip=False
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class EntrustmentForm(PlainTextMixin, forms.Form):
    caregiver_name = forms.CharField(label=gettext_lazy("Who looks after the child"), max_length=50)
    caregiver_relation = forms.CharField(label=gettext_lazy("Relation to the child (e.g. grandmother)"), max_length=30)
    caregiver_phone = forms.CharField(label=gettext_lazy("Their phone"), max_length=20, required=False)
    since = forms.DateField(label=gettext_lazy("Since when"), widget=DateInput())
    statement = forms.BooleanField(
        label=gettext_lazy("I confirm: the caregiver is an adult who can look after the child, and has agreed to.")
    )


class CallForm(PlainTextMixin, forms.Form):
    on = forms.DateField(label=gettext_lazy("When"), widget=DateInput())
    mode = forms.ChoiceField(label=gettext_lazy("How"), choices=Call.Mode.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=gettext_lazy("Anything to note (optional)"), max_length=255, required=False)


class NoticeForm(PlainTextMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message to the family (plain words)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


ANSWERS = (
    gettext_lazy("I will call the teacher."),
    gettext_lazy("I will call the child today."),
    gettext_lazy("I am coming home soon."),
    gettext_lazy("Please call me."),
)


class AnswerForm(PlainTextMixin, forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Your answer"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
