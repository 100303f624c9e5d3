from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.identity import IdNumberError, validate_id_number
from core.forms import DateInput, PlainTextMixin
from core.versioning import VersionedFormMixin

from .models import Assignment, Post, SupervisionLog, Worker

ACTION_ROWS = 3


class WorkerDetailsForm(PlainTextMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=100)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Worker.Sex.choices], required=False)
    id_number = forms.CharField(label=_("Resident ID number"), max_length=18, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    posts = forms.MultipleChoiceField(
        label=_("Posts also held"), choices=Post.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    appointed_on = forms.DateField(label=_("Appointed on"), widget=DateInput)
    term_ends_on = forms.DateField(label=_("Term ends on"), widget=DateInput, required=False)
    review_visits = forms.IntegerField(
        label=_("First visits for the supervisor to review"),
        min_value=0,
        max_value=20,
        initial=0,
        required=False,
        help_text=_("For a new CWD: the supervisor looks at their first visits."),
    )

    def clean_id_number(self):
        value = (self.cleaned_data.get("id_number") or "").strip().upper()
        if value:
            try:
                value = validate_id_number(value)
            except IdNumberError as exc:
                raise forms.ValidationError(_("This is not a valid resident ID number.")) from exc
        return value

    def clean_review_visits(self):
        return self.cleaned_data.get("review_visits") or 0

    def clean(self):
        data = super().clean()
        start, end = data.get("appointed_on"), data.get("term_ends_on")
        if start and end and end < start:
            self.add_error("term_ends_on", _("The term cannot end before the appointment."))
        return data


class WorkerForm(WorkerDetailsForm):
    """Registering a worker: role and place first."""

    role = forms.ChoiceField(label=_("Role"), choices=Worker.Role.choices)
    division = forms.ModelChoiceField(label=_("Village, township or county"), queryset=None)
    villages = forms.ModelMultipleChoiceField(
        label=_("Other villages served"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A CWD may serve several villages."),
    )
    field_order = ["role", "division", "full_name", "sex", "id_number", "phone", "posts", "appointed_on"]

    def __init__(self, *args, divisions, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions
        self.fields["division"].label_from_instance = lambda d: d.full_name or d.name
        self.fields["villages"].queryset = villages
        self.fields["villages"].label_from_instance = lambda d: d.name
        self.fields["appointed_on"].initial = timezone.localdate()


class WorkerEditForm(VersionedFormMixin, WorkerDetailsForm):
    pass


class AccountForm(forms.Form):
    username = forms.RegexField(
        label=_("User name for logging in"),
        regex=r"^[A-Za-z0-9_.-]{3,40}$",
        help_text=_("Letters, digits and . _ - only."),
    )


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Last day of access"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AssignForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=None)
    kind = forms.ChoiceField(label=_("As"), choices=Assignment.Kind.choices)
    starts_on = forms.DateField(label=_("From"), widget=DateInput)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda d: d.full_name or d.name
        self.fields["starts_on"].initial = timezone.localdate()


class HandoverForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Who takes over"),
        queryset=None,
        required=False,
        empty_label=_("Nobody yet: the township's supervisor covers for now"),
    )
    handover_on = forms.DateField(label=_("Handover day"), widget=DateInput)

    def __init__(self, *args, successors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = successors
        self.fields["successor"].label_from_instance = lambda w: f"{w.full_name} ({w.division.name})"
        self.fields["handover_on"].initial = timezone.localdate()


class CompleteHandoverForm(forms.Form):
    reason = forms.CharField(label=_("Why the CWD leaves"), max_length=200)


class NormForm(forms.Form):
    max_files = forms.IntegerField(label=_("Most open files per CWD"), min_value=1, max_value=10000)
    max_hours = forms.IntegerField(label=_("Most estimated hours of work a month per CWD"), min_value=1, max_value=400)


class ActionRowsMixin:
    """Up to three follow-up actions, each a text and a due date."""

    def add_action_fields(self):
        for i in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{i}"] = forms.CharField(
                label=_("Follow-up action %(n)s") % {"n": i}, max_length=300, required=False
            )
            self.fields[f"due_{i}"] = forms.DateField(label=_("Due"), widget=DateInput, required=False)

    def clean_actions(self, data):
        out = []
        for i in range(1, ACTION_ROWS + 1):
            text, due = (data.get(f"action_{i}") or "").strip(), data.get(f"due_{i}")
            if text and not due:
                self.add_error(f"due_{i}", _("Give the date it is due."))
            elif text:
                out.append((text, due))
        data["actions"] = out
        return data


class LogForm(ActionRowsMixin, PlainTextMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("Village visited"), queryset=None)
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput)
    checked = forms.MultipleChoiceField(
        label=_("What was checked"), choices=SupervisionLog.Checked.choices, widget=forms.CheckboxSelectMultiple
    )
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda d: d.name
        self.fields["visited_on"].initial = timezone.localdate()
        self.add_action_fields()

    def clean(self):
        data = super().clean()
        if data.get("visited_on") and data["visited_on"] > timezone.localdate():
            self.add_error("visited_on", _("The visit cannot be in the future."))
        return self.clean_actions(data)


class DrawForm(forms.Form):
    per_township = forms.TypedChoiceField(
        label=_("Villages per township"), choices=[(2, "2"), (3, "3"), (4, "4")], coerce=int, initial=2
    )
    seed = forms.IntegerField(
        label=_("Draw number"),
        min_value=1,
        max_value=999_999,
        required=False,
        help_text=_("Leave empty for a new draw; give an earlier draw's number to repeat it."),
    )


SCORE_CHOICES = [(i, str(i)) for i in range(6)]


class ScoreForm(ActionRowsMixin, PlainTextMixin, forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in SupervisionLog.Checked.choices:
            self.fields[f"score_{value}"] = forms.TypedChoiceField(
                label=_("%(item)s: score (0 poor – 5 good)") % {"item": label},
                choices=SCORE_CHOICES,
                coerce=int,
            )
        self.fields["checked_on"].initial = timezone.localdate()
        self.order_fields([f"score_{v}" for v in SupervisionLog.Checked.values] + ["checked_on", "findings"])
        self.add_action_fields()

    def clean(self):
        data = super().clean()
        data["scores"] = {v: data.get(f"score_{v}") for v in SupervisionLog.Checked.values}
        return self.clean_actions(data)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment for the CWD"), max_length=300, required=False)
