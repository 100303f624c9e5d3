"""What a child's printed file holds, read from every app that keeps part of it.

`child_file(child, on=…)` returns plain data for the template `dossier/child_file.html`: the
registry's facts, the family, eligibility with its reasons, the follow-up tier and its reasons,
a summary of the visits, the growth chart and latest z-scores, referrals, mandatory reports and
case plans. The caller has already decided that the reader may open the child's profile
(children.access.access_child, or the batch's village check); each app's rows are read through
the child's related managers, never across children.

What is left out on purpose:
- the original reporter of a relayed mandatory report (name, phone, role, when they told): the
  2020 opinion (高检发〔2020〕9号) protects reporters, and paper cannot check who reads it, so not
  even a county officer's copy carries them; nor the report's free-text facts, which may name
  the witness;
- long free text: visit narratives, referral needs and outcomes are cut to `EXCERPT` characters
  (the full text stays in Shouhu, which audits who reads it).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from caseplans.models import CasePlan
from children.assess import assess
from children.choices import ParentRole
from children.identity import mask_id_number
from children.models import Child
from followup import texts as followup_texts
from growth.chart import render_chart
from measurements import texts as measurement_texts
from measurements.actions import SEX_CODE

EXCERPT = 120  # characters of a free-text field printed in a list
MAX_VISITS = 200  # the latest visits printed; the total is always printed beside them
CHARTS = ("haz", "whz")  # under 5: height and weight-for-height; from 5 the weight chart is BMI
CHART_FROM_5 = ("haz", "baz")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The text on one line, cut at `limit` characters with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class VisitLine:
    visited_on: date
    mode: str
    who: str
    findings: list[str]
    needs: str
    actions: str
    contact_only: bool


@dataclass
class ChildFile:
    child: Child
    id_number: str
    father: object
    mother: object
    members: list
    assessments: list
    rules_source: object
    followup: object = None
    risk_reasons: list[str] = field(default_factory=list)
    risk_triggers: list[str] = field(default_factory=list)
    risk_alerts: list[str] = field(default_factory=list)
    visits: list[VisitLine] = field(default_factory=list)
    visit_count: int = 0
    charts: list[str] = field(default_factory=list)
    latest_measurement: object = None
    latest_findings: list[str] = field(default_factory=list)
    latest_z: list = field(default_factory=list)
    referrals: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    transfers: list = field(default_factory=list)


def child_file(child: Child, *, full_id: bool = False, on: date | None = None) -> ChildFile:
    """Everything the printed file shows about `child` (one the caller may print)."""
    on = on or timezone.localdate()
    household = child.household
    parents = {p.role: p for p in household.parents.all()}
    assessments, rules_source = assess(child, on)
    data = ChildFile(
        child=child,
        id_number=(child.id_number if full_id else mask_id_number(child.id_number)) if child.id_number else "",
        father=parents.get(ParentRole.FATHER),
        mother=parents.get(ParentRole.MOTHER),
        members=list(household.members.all()),
        assessments=assessments,
        rules_source=rules_source,
        transfers=list(child.transfers.select_related("from_village", "to_village")),
    )
    _add_followup(data, child)
    _add_visits(data, child)
    _add_growth(data, child)
    data.referrals = [
        {
            "referral": r,
            "need": excerpt(r.need),
            "outcome": excerpt(r.outcome),
        }
        for r in child.referrals.select_related("organisation").order_by("-created_at", "-pk")
    ]
    data.reports = _reports(child)
    data.plans = _plans(child)
    return data


def _add_followup(data: ChildFile, child: Child) -> None:
    fu = getattr(child, "followup", None)  # none for a new or closed file
    if fu is None:
        return
    data.followup = fu
    data.risk_reasons = list(dict.fromkeys(str(followup_texts.reason_text(r[1])) for r in fu.reasons))
    data.risk_triggers = [str(followup_texts.trigger_text(t)) for t in fu.triggers]
    data.risk_alerts = [str(followup_texts.reason_text(a[1])) for a in fu.alerts]


def _add_visits(data: ChildFile, child: Child) -> None:
    qs = child.visits.filter(is_current=True).select_related("recorded_by").order_by("-visited_on", "-created_at")
    data.visit_count = qs.count()
    for v in qs[:MAX_VISITS]:
        data.visits.append(
            VisitLine(
                visited_on=v.visited_on,
                mode=v.get_mode_display(),
                who=v.recorded_by.display_name if v.recorded_by else "",
                findings=[str(followup_texts.item_label(code)) for code in v.yes_items()],
                needs=excerpt(v.needs),
                actions=excerpt(v.actions_taken),
                contact_only=v.contact_only,
            )
        )


def _add_growth(data: ChildFile, child: Child) -> None:
    series = [m for m in child.measurements.order_by("measured_on", "pk") if not m.is_void]
    if not series:
        return
    latest = series[-1]
    data.latest_measurement = latest
    data.latest_findings = measurement_texts.describe(latest.findings)
    data.latest_z = measurement_texts.z_scores(latest)
    under_5 = (latest.measured_on - child.date_of_birth).days < 5 * 365.25
    labels = measurement_texts.chart_labels()
    for indicator in CHARTS if under_5 else CHART_FROM_5:
        data.charts.append(
            render_chart(
                indicator,
                SEX_CODE[child.sex],
                [(m.measured_on - child.date_of_birth).days for m in series],
                [float(m.weight_kg) if m.weight_kg is not None else None for m in series],
                [float(m.length_cm) if m.length_cm is not None else None for m in series],
                [m.measured_lying for m in series],
                [float(m.muac_mm) if m.muac_mm is not None else None for m in series],
                labels=labels,
                name=child.name,
            )
        )


def _reports(child: Child) -> list[dict]:
    """The child's mandatory reports, without who first reported a relayed one (never loaded:
    the confidential columns are deferred, so no template can print them by mistake)."""
    rows = []
    qs = child.mandatory_reports.defer(
        "reporter_name", "reporter_phone", "reporter_role", "reporter_told_at", "facts"
    ).order_by("-reported_at", "-pk")
    for r in qs:
        rows.append(
            {
                "reported_on": timezone.localdate(r.reported_at),
                "triggers": [str(followup_texts.trigger_text(t)) for t in r.triggers],
                "channel": r.get_channel_display(),
                "receiving_body": r.receiving_body,
                "receipt_number": r.receipt_number,
                "status": r.get_status_display(),
                "feedback_due_on": r.feedback_due_on,
                "feedback_received_on": r.feedback_received_on,
                "feedback": excerpt(r.feedback),
                "relayed": r.relayed,
            }
        )
    return rows


def _plans(child: Child) -> list[dict]:
    plans = []
    qs = (
        child.case_plans.select_related("created_by", "approved_by")
        .prefetch_related("goals__actions__organisation", "reviews__by")
        .order_by("-created_at", "-pk")
    )
    for plan in qs:
        goals = []
        for goal in plan.goals.all():
            goals.append(
                {
                    "goal": goal,
                    "actions": [
                        {"action": a, "text": excerpt(a.text, 200), "note": excerpt(a.note)} for a in goal.actions.all()
                    ],
                }
            )
        plans.append(
            {
                "plan": plan,
                "summary": excerpt(plan.summary, 400),
                "goals": goals,
                "reviews": [{"review": rv, "progress": excerpt(rv.progress, 200)} for rv in plan.reviews.all()],
                "closed": plan.status == CasePlan.Status.CLOSED,
            }
        )
    return plans
