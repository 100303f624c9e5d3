"""What a leaving CWD leaves open: the handover checklist, read from each app's models.

Items about the villages (visits due, red children, reports awaiting feedback) pass to whoever
the village is bound to; items the CWD owns personally (referrals they opened, case plans they
wrote with their actions, allowance drafts, unread alerts) are moved by each app's own action
(`workforce.actions.do_complete_handover`). A mandatory report keeps its filer: who filed is the
legal record (MPL Art. 11), not a task; its feedback follow-up goes to the village's CWDs and the
supervisor (reports.services), so the successor receives it through the village.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from alerts.models import Alert
from benefits.models import Application
from caseplans.models import Action, CasePlan
from followup.models import FollowUp, Tier
from referrals.models import Referral
from reports.models import MandatoryReport

from .models import Handover, Worker
from .queries import VISIT_HORIZON_DAYS, villages_of

OPEN_REPORT = (
    MandatoryReport.Status.FILED,
    MandatoryReport.Status.ACKNOWLEDGED,
    MandatoryReport.Status.ACTIONED,
)
SHOWN = 50  # items listed per section; the count is always the full one


@dataclass
class Section:
    key: str
    count: int
    items: list = field(default_factory=list)
    moves: bool = False  # moved to the successor on completion (else it follows the village)


def leaving_villages(handover: Handover) -> list[str]:
    """The villages the leaving CWD serves on their last day (main and deputy)."""
    return villages_of(handover.leaving, handover.handover_on - timedelta(days=1)) or villages_of(
        handover.leaving, handover.handover_on
    )


def checklist(handover: Handover, villages: list[str] | None = None) -> list[Section]:
    leaving: Worker = handover.leaving
    villages = leaving_villages(handover) if villages is None else villages
    user = leaving.user_id
    day: date = handover.handover_on
    follow = FollowUp.objects.filter(village_id__in=villages).select_related("child")
    due = follow.filter(due_on__lte=day + timedelta(days=VISIT_HORIZON_DAYS)).order_by("due_on")
    red = follow.filter(tier=Tier.RED).order_by("due_on")
    referrals = Referral.objects.filter(created_by_id=user, status__in=Referral.OPEN, village_id__in=villages)
    reports = MandatoryReport.objects.filter(child__village_id__in=villages, status__in=OPEN_REPORT)
    plans = CasePlan.objects.filter(created_by_id=user, village_id__in=villages).exclude(status=CasePlan.Status.CLOSED)
    actions = Action.objects.filter(plan__in=plans, status=Action.Status.OPEN)
    drafts = Application.objects.filter(prepared_by_id=user, status__in=Application.EDITABLE, village_id__in=villages)
    alerts = Alert.objects.filter(recipient_id=user, read_at__isnull=True) if user else Alert.objects.none()
    sections = [
        Section("visits_due", due.count(), list(due[:SHOWN])),
        Section("red", red.count(), list(red[:SHOWN])),
        Section("reports", reports.count(), list(reports.select_related("child")[:SHOWN])),
        Section("referrals", referrals.count(), list(referrals.select_related("child", "organisation")[:SHOWN]), True),
        Section("plans", plans.count(), list(plans.select_related("child")[:SHOWN]), True),
        Section("plan_actions", actions.count(), list(actions.select_related("plan__child")[:SHOWN]), True),
        Section("drafts", drafts.count(), list(drafts.select_related("child")[:SHOWN]), True),
        Section("alerts", alerts.count(), [], True),
    ]
    return sections


def open_owned(user) -> dict[str, int]:
    """What is still owned by an account (for the "nothing left pointing at it" check)."""
    return {
        "referrals": Referral.objects.filter(created_by=user, status__in=Referral.OPEN).count(),
        "plans": CasePlan.objects.filter(created_by=user).exclude(status=CasePlan.Status.CLOSED).count(),
        "drafts": Application.objects.filter(prepared_by=user, status__in=Application.EDITABLE).count(),
        "alerts": Alert.objects.filter(recipient=user, read_at__isnull=True).count(),
    }
