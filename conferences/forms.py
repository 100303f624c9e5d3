"""Forms of case conferences."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DateInput, PlainTextMixin

from .models import Briefing, Conference


class ConveneForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the agencies meet"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    urgency = forms.ChoiceField(label=gettext_lazy("Urgency"), choices=Conference.Urgency.choices)
    meets_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    place = forms.CharField(label=gettext_lazy("Place or call"), max_length=200)
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Agencies invited"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    briefing = forms.MultipleChoiceField(
        label=gettext_lazy("What the agencies may read (only what the meeting needs)"),
        choices=Briefing.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Briefing.IDENTITY, Briefing.PLACE, Briefing.RISK],
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda m: m.organisation.name

    def clean_meets_on(self):
        day = self.cleaned_data["meets_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("A conference is planned for today or later."))
        return day


class MinutesForm(PlainTextMixin, forms.Form):
    attended = forms.MultipleChoiceField(
        label=gettext_lazy("Agencies present"), choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    child_views = forms.CharField(
        label=gettext_lazy("What the child said"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The child is heard (Minor Protection Law art. 22); write “not asked” and why if so."),
    )
    family_views = forms.CharField(
        label=gettext_lazy("What the family said"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    assessment = forms.CharField(
        label=gettext_lazy("Assessment agreed"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    decisions = forms.CharField(
        label=gettext_lazy("Decisions"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_until = forms.DateField(
        label=gettext_lazy("Follow-up until"),
        widget=DateInput(),
        help_text=gettext_lazy("The agencies can read the briefing until this day."),
    )

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(i.member_id), i.member.organisation.name) for i in invitations]


class ActionForm(PlainTextMixin, forms.Form):
    member = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=None)
    description = forms.CharField(label=gettext_lazy("What it will do"), max_length=1000)
    due_on = forms.DateField(label=gettext_lazy("Due"), widget=DateInput())

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.organisation.name


class ProgressForm(PlainTextMixin, forms.Form):
    note = forms.CharField(label=gettext_lazy("Progress"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    done = forms.BooleanField(label=gettext_lazy("Done"), required=False)


class CloseForm(PlainTextMixin, forms.Form):
    outcome = forms.CharField(label=gettext_lazy("Outcome"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CouncilForm(PlainTextMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Council name"), max_length=120)


class MemberForm(forms.Form):
    organisation = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RepresentativeForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Staff member"), queryset=None)
    signed_on = forms.DateField(
        label=gettext_lazy("Confidentiality undertaking signed on"),
        widget=DateInput(),
        required=False,
        help_text=gettext_lazy("Without a signed undertaking the representative sees nothing."),
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
