from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.versioning import VersionedFormMixin

from .models import DOMAIN_CHOICES, Goal

MAX_REVIEW_DAYS = 90  # a plan for a child at risk is looked at again within a quarter


def _check_review_date(value):
    today = timezone.localdate()
    if value <= today:
        raise forms.ValidationError(_("The review date must be in the future."))
    if value > today + timedelta(days=MAX_REVIEW_DAYS):
        raise forms.ValidationError(_("Review the plan within %(days)s days.") % {"days": MAX_REVIEW_DAYS})
    return value


class PlanForm(forms.Form):
    summary = forms.CharField(
        label=_("Assessment and needs"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the visits found and what the child needs."),
    )
    review_on = forms.DateField(label=_("Review date"), widget=DateInput(), help_text=_("Within 90 days."))

    def clean_review_on(self):
        return _check_review_date(self.cleaned_data["review_on"])


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), choices=DOMAIN_CHOICES)
    text = forms.CharField(
        label=_("Goal"),
        max_length=500,
        help_text=_("What should be different for the child, for example: goes to school every day."),
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=500)
    organisation = forms.ModelChoiceField(label=_("Responsible organisation"), queryset=None, required=False)
    responsible_person = forms.CharField(
        label=_("Responsible person"),
        max_length=100,
        required=False,
        help_text=_("For example: the CWD, the grandmother."),
    )
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    referral = forms.ModelChoiceField(label=_("Linked referral"), queryset=None, required=False)

    def __init__(self, *args, organisations, referrals, current_due=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["referral"].queryset = referrals
        self.current_due = current_due
        if not referrals.exists():
            del self.fields["referral"]

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        # A new (or moved) due date cannot be in the past; an unchanged one may have passed.
        if value < timezone.localdate() and value != self.current_due:
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (data.get("responsible_person") or "").strip():
            raise forms.ValidationError(_("Name who is responsible: an organisation, a person, or both."))
        return data


class PlanEditForm(VersionedFormMixin, PlanForm):
    """The plan's summary and review date, as edited: the version it was opened on travels with it."""


class GoalEditForm(VersionedFormMixin, GoalForm):
    pass


class ActionEditForm(VersionedFormMixin, ActionForm):
    pass


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_done_on(self):
        value = self.cleaned_data["done_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput())
    progress = forms.CharField(label=_("Progress"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    next_review_on = forms.DateField(label=_("Next review"), widget=DateInput(), help_text=_("Within 90 days."))

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=goal.text, choices=Goal.Status.choices, initial=goal.status
            )

    def clean_reviewed_on(self):
        value = self.cleaned_data["reviewed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_next_review_on(self):
        return _check_review_date(self.cleaned_data["next_review_on"])

    def goal_fields(self):
        return [self[f"goal_{goal.pk}"] for goal in self.goals]

    def goal_statuses(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data[f"goal_{goal.pk}"] for goal in self.goals}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("What should change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is no longer needed"), max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), max_length=255)
