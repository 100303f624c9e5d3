"""Reads that pages share: always starting from the user's scoped querysets."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from audit.actions import do_log_many
from audit.reads import default_why
from children.access import children_for
from children.choices import Status as ChildStatus

from . import access
from .audit_actions import ROLL
from .models import Application, Benefit, PaymentStandard, Roll, RollLine


def open_application(user, child) -> Application | None:
    return access.applications_for(user).filter(child=child, status__in=Application.OPEN).first()


def running_benefit(user, child) -> Benefit | None:
    return access.benefits_for(user).filter(child=child, stop_month__isnull=True).first()


def latest_application(user, child) -> Application | None:
    return access.applications_for(user).filter(child=child).order_by("-created_at", "-pk").first()


def standards_for(user) -> QuerySet[PaymentStandard]:
    """The standards that apply in the user's county: the province's, the city's and its own."""
    code = user.division_id or ""
    return PaymentStandard.objects.filter(division_id__in=[code[:2], code[:4], code[:6]])


def eligible_not_receiving(user):
    """Open files in scope recorded as orphan or de facto unsupported that receive no allowance;
    those with an application in progress are marked (`applying`)."""
    running = Benefit.objects.filter(child=OuterRef("pk"), stop_month__isnull=True)
    applying = Application.objects.filter(child=OuterRef("pk"), status__in=Application.OPEN)
    return (
        children_for(user)
        .exclude(status=ChildStatus.CLOSED)
        .filter(Q(cat_orphan=True) | Q(cat_de_facto_unsupported=True))
        .annotate(receiving=Exists(running), applying=Exists(applying))
        .filter(receiving=False)
        .select_related("village")
        .order_by("village_id", "pk")
    )


def child_names(roll: Roll, child_ids) -> dict[int, str]:
    """Names of children on the county's rolls (the roll, got through access_roll, is the grant)."""
    lines = RollLine.objects.filter(roll__county_id=roll.county_id, child_id__in=list(child_ids))
    # Two columns, no model instances (a child's other encrypted fields are not decrypted).
    return dict(lines.order_by().values_list("child_id", "child__name"))


def log_roll_export(user, roll: Roll, lines: list[RollLine], *, request=None) -> None:
    """One event for the export and one on each child's history."""
    via = default_why(user)
    seen = {line.child_id: line.child for line in lines}
    do_log_many(
        user,
        ROLL,
        [(None, {"roll": str(roll.uuid), "export": "xlsx", "count": len(lines), "via": via})]
        + [(child, {"roll": str(roll.uuid), "export": "xlsx", "via": via}) for child in seen.values()],
        request=request,
    )
