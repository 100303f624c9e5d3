"""Forms for filing a mandatory report and recording its steps. Errors sit next to their fields."""

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from followup.texts import trigger_text
from geo.models import county_code
from partners.models import Organisation
from risk.checklist import POLICE_TRIGGERS, REPORT_TRIGGERS

from .models import POLICE_CHANNELS, MandatoryReport, ReportDecision, skips_police

TEXT_LIMIT = 4000
FUTURE = _("This cannot be in the future.")
# Phones and servers disagree by a few minutes; "now" typed on a phone must not be "the future".
CLOCK_SKEW = timedelta(minutes=10)
# The bodies a report goes to (MPL Art. 11: police, civil affairs, education) and the centre
# that takes children in.
RECEIVING_TYPES = (
    Organisation.Type.POLICE_STATION,
    Organisation.Type.CIVIL_AFFAIRS_BUREAU,
    Organisation.Type.EDUCATION_BUREAU,
    Organisation.Type.PROTECTION_CENTRE,
)
HOTLINES = (MandatoryReport.Channel.HOTLINE_12355, MandatoryReport.Channel.HOTLINE_12345)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def receiving_orgs(village_code: str):
    """Receiving bodies serving the child's village: in its county, or at a level above it."""
    above = [village_code[:n] for n in (2, 4, 6, 9, 12)]
    county = county_code(village_code)
    return (
        Organisation.objects.filter(is_active=True, type__in=RECEIVING_TYPES)
        .filter(Q(division_id__in=above) | Q(division__code__startswith=county))
        .order_by("type", "name")
    )


class ReportForm(forms.ModelForm):
    triggers = forms.MultipleChoiceField(
        label=_("What was found"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one situation.")},
    )

    class Meta:
        model = MandatoryReport
        fields = [
            "triggers",
            "facts",
            "observed_at",
            "channel",
            "receiving_org",
            "receiving_body",
            "receipt_number",
            "reported_at",
            "relayed",
            "reporter_name",
            "reporter_role",
            "reporter_phone",
            "reporter_told_at",
        ]
        widgets = {
            "facts": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
            "observed_at": DateTimeInput(),
            "reported_at": DateTimeInput(),
            "reporter_told_at": DateTimeInput(),
            "channel": forms.RadioSelect,
        }
        help_texts = {
            "facts": _("What you or the reporter saw or heard, when and where. Facts, not conclusions."),
            "receiving_body": _(
                "For example 金城派出所, or the hotline operator. Filled in from the organisation if you choose one."
            ),
            "receipt_number": _("If they gave one; you can add it later."),
            "reported_at": _("When you made the report."),
            "relayed": _(
                "A teacher, neighbour, relative or doctor told you and you are passing it on. Their "
                "identity is kept confidential."
            ),
        }

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["triggers"].choices = [(t, trigger_text(t)) for t in REPORT_TRIGGERS]
        self.fields["channel"].choices = MandatoryReport.Channel.choices
        self.fields["receiving_org"].queryset = receiving_orgs(child.village_id)
        self.fields["receiving_org"].required = False
        self.fields["receiving_body"].required = False
        self.fields["facts"].max_length = TEXT_LIMIT
        for name in ("reporter_name", "reporter_role", "reporter_phone", "reporter_told_at"):
            self.fields[name].required = False

    def police_rule(self) -> dict[str, str]:
        """What the page's script needs to show the police warning as soon as the choices call for
        it (static/js/report-form.js): the nine situations, the police channels, the police stations
        among the receiving bodies. The server decides the same way (skips_police) when it is sent."""
        stations = self.fields["receiving_org"].queryset.filter(type=Organisation.Type.POLICE_STATION)
        return {
            "triggers": " ".join(sorted(POLICE_TRIGGERS)),
            "channels": " ".join(POLICE_CHANNELS),
            "orgs": " ".join(str(pk) for pk in stations.values_list("pk", flat=True)),
        }

    def skips_police(self) -> bool:
        """Ticked one of the nine 2020 situations and chose a body other than the police (a warning)."""
        channel = self.data.get("channel", "") if self.is_bound else ""
        if not channel:
            return False  # nothing chosen yet
        org = getattr(self, "cleaned_data", {}).get("receiving_org")
        return skips_police(self.data.getlist("triggers"), channel, org.type if org else "")

    def clean_observed_at(self):
        value = self.cleaned_data["observed_at"]
        if value and value > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError(FUTURE)
        return value

    def clean_reported_at(self):
        value = self.cleaned_data["reported_at"]
        if value and value > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError(FUTURE)
        return value

    def clean(self):
        data = super().clean()
        observed, reported = data.get("observed_at"), data.get("reported_at")
        if observed and reported and reported < observed:
            self.add_error("reported_at", _("The report cannot be made before the facts were observed."))
        org, channel = data.get("receiving_org"), data.get("channel")
        if not data.get("receiving_body"):
            if org is not None:
                data["receiving_body"] = org.name
            elif channel in HOTLINES:
                data["receiving_body"] = str(MandatoryReport.Channel(channel).label)
            else:
                self.add_error("receiving_body", _("Name the police station or department you reported to."))
        if not data.get("relayed"):
            # Typed in, then "someone told me" unticked: a direct report names no other reporter.
            data.update(reporter_name="", reporter_role="", reporter_phone="", reporter_told_at=None)
        else:
            required = {
                "reporter_name": _("Give the name of the person who told you."),
                "reporter_role": _("Say who they are to the child."),
                "reporter_told_at": _("Say when they told you."),
            }
            for name, message in required.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
            told = data.get("reporter_told_at")
            if told and told > timezone.now() + CLOCK_SKEW:
                self.add_error("reporter_told_at", FUTURE)
            elif told and reported and told > reported:
                self.add_error("reporter_told_at", _("They must have told you before you forwarded the report."))
        return data


class ReceiptForm(forms.Form):
    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=100,
        required=False,
        help_text=_("Leave empty if the receiving body gave none."),
    )


class ActionedForm(forms.Form):
    note = forms.CharField(
        label=_("What did they do?"), max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Outcome they told you"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())

    def __init__(self, *args, report: MandatoryReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(FUTURE)
        if value < timezone.localdate(self.report.reported_at):
            raise forms.ValidationError(_("Feedback cannot come before the report was made."))
        return value


class DecisionForm(forms.ModelForm):
    class Meta:
        model = ReportDecision
        fields = ["kind", "decided_on", "deciding_body", "note"]
        widgets = {"decided_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(FUTURE)
        return value


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, report: MandatoryReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        if report.status != MandatoryReport.Status.FEEDBACK_RECEIVED:
            self.fields["note"].required = True
            self.fields["note"].label = _("Why close without feedback?")
            self.fields["note"].error_messages["required"] = _("Say why the report is closed without feedback.")
