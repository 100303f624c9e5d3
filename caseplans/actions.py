"""Every write to a case plan: permission re-checked, one transaction, a plan event and an audit row."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert
from audit.actions import do_log
from audit.models import AuditEvent
from children.actions import UNRECORDED
from core.errors import ActionError
from core.scope import scoped
from core.versioning import StaleEdit, bump_version, claim_version
from followup.models import FollowUp

from . import access
from .alert_kinds import CASE_PLAN_APPROVED, CASE_PLAN_RETURNED, CASE_PLAN_SUBMITTED
from .models import Action, CasePlan, Goal, PlanEvent, Review

S = CasePlan.Status
K = PlanEvent.Kind


def _event(
    actor, plan: CasePlan, kind: str, note: str = "", *, request=None, audit: str = AuditEvent.Action.UPDATE, **details
) -> PlanEvent:
    event = PlanEvent.objects.create(plan=plan, kind=kind, version=plan.version, by=actor, note=note)
    do_log(
        actor,
        audit,
        child=plan.child,
        request=request,
        details={"case_plan": str(plan.uuid), "event": kind, "note": UNRECORDED if note else "", **details},
    )
    return event


def _locked(plan: CasePlan) -> CasePlan:
    """Re-read the plan's status under a row lock, so that two approvers (or an approval and a
    revision) racing on the same plan cannot both win."""
    current = CasePlan.objects.select_for_update().only("status").get(pk=plan.pk)
    plan.status = current.status
    return plan


def _supervisors(plan: CasePlan):
    """Who approves: the township's supervisors; the county's officers when the township has none
    or when a supervisor wrote the plan."""
    authors = {plan.created_by_id, plan.submitted_by_id}
    for role in (User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER):
        found = [u for u in staff_by_village({plan.village_id}, role)[plan.village_id] if u.pk not in authors]
        if found:
            return found
    return []


@transaction.atomic
def do_create_plan(actor, child, *, summary: str, review_on: date, request=None) -> CasePlan:
    tier = FollowUp.objects.filter(child=child).values_list("tier", flat=True).first()
    if not access.can_create_plan(actor, child, tier):
        raise ActionError("not allowed")
    if CasePlan.objects.filter(child=child).exclude(status=S.CLOSED).exists():
        raise ActionError("this child already has a plan")
    plan = CasePlan.objects.create(
        child=child, village_id=child.village_id, summary=summary, review_on=review_on, created_by=actor
    )
    _event(actor, plan, K.CREATED, summary, request=request, audit=AuditEvent.Action.CREATE)
    return plan


@transaction.atomic
def do_edit_plan(actor, plan: CasePlan, *, summary: str, review_on: date, seen_version: int, request=None) -> None:
    """Change the summary and review date; StaleEdit if someone saved the plan since `seen_version`."""
    if not access.can_edit_plan(actor, _locked(plan)):
        raise ActionError("not allowed")
    if (plan.summary, plan.review_on) == (summary, review_on):
        return
    if not claim_version(CasePlan, plan.pk, seen_version):
        raise StaleEdit(["plan"], current=plan)
    plan.summary, plan.review_on = summary, review_on
    plan.save(update_fields=["summary", "review_on", "updated_at"])
    _event(actor, plan, K.EDITED, request=request)


@transaction.atomic
def do_add_goal(actor, plan: CasePlan, *, domain: str, text: str, request=None) -> Goal:
    if not access.can_edit_plan(actor, _locked(plan)):
        raise ActionError("not allowed")
    goal = Goal.objects.create(plan=plan, domain=domain, text=text)
    _event(actor, plan, K.GOAL_ADDED, text, request=request, domain=domain)
    return goal


@transaction.atomic
def do_edit_goal(actor, goal: Goal, *, domain: str, text: str, seen_version: int, request=None) -> None:
    plan = goal.plan
    if not access.can_edit_plan(actor, _locked(plan)):
        raise ActionError("not allowed")
    if (goal.domain, goal.text) == (domain, text):
        return
    if not claim_version(Goal, goal.pk, seen_version):
        raise StaleEdit(["goal"], current=goal)
    goal.domain, goal.text = domain, text
    goal.save(update_fields=["domain", "text"])
    _event(actor, plan, K.GOAL_EDITED, text, request=request, domain=domain)


def _check_action(organisation, responsible_person: str) -> None:
    if organisation is None and not responsible_person.strip():
        raise ActionError("an action needs a responsible organisation or person")


@transaction.atomic
def do_add_action(
    actor,
    goal: Goal,
    *,
    text: str,
    due_on: date,
    organisation=None,
    responsible_person: str = "",
    referral=None,
    request=None,
) -> Action:
    plan = goal.plan
    if not access.can_edit_plan(actor, _locked(plan)):
        raise ActionError("not allowed")
    _check_action(organisation, responsible_person)
    if referral is not None and referral.child_id != plan.child_id:
        raise ActionError("the referral is for another child")
    action = Action.objects.create(
        goal=goal,
        plan=plan,
        text=text,
        due_on=due_on,
        organisation=organisation,
        responsible_person=responsible_person.strip(),
        referral=referral,
    )
    _event(actor, plan, K.ACTION_ADDED, text, request=request, due_on=due_on.isoformat())
    return action


@transaction.atomic
def do_edit_action(
    actor,
    action: Action,
    *,
    text: str,
    due_on: date,
    organisation=None,
    responsible_person: str = "",
    referral=None,
    seen_version: int,
    request=None,
) -> None:
    plan = action.plan
    if not access.can_edit_plan(actor, _locked(plan)) or action.status != Action.Status.OPEN:
        raise ActionError("not allowed")
    _check_action(organisation, responsible_person)
    if not claim_version(Action, action.pk, seen_version):
        raise StaleEdit(["action"], current=action)
    if referral is not None and referral.child_id != plan.child_id:
        raise ActionError("the referral is for another child")
    action.text, action.due_on, action.organisation = text, due_on, organisation
    action.responsible_person, action.referral = responsible_person.strip(), referral
    action.save(update_fields=["text", "due_on", "organisation", "responsible_person", "referral"])
    _event(actor, plan, K.ACTION_EDITED, text, request=request, due_on=due_on.isoformat())


@transaction.atomic
def do_mark_action_done(actor, action: Action, *, done_on: date, note: str = "", request=None) -> None:
    """Work goes on while a plan is revised or awaits approval, so an action can be done in any open plan."""
    plan = action.plan
    if not access.can_work_plan(actor, _locked(plan)) or action.status != Action.Status.OPEN:
        raise ActionError("not allowed")
    action.status, action.done_on, action.note = Action.Status.DONE, done_on, note
    action.save(update_fields=["status", "done_on", "note"])
    _event(actor, plan, K.ACTION_DONE, f"{action.text} {note}".strip(), request=request, done_on=done_on.isoformat())


@transaction.atomic
def do_cancel_action(actor, action: Action, *, reason: str, request=None) -> None:
    """An action no longer needed (the family moved, another service took it on): it leaves the
    schedule and stops its overdue alerts; the reason stays on the action and in the history."""
    plan = action.plan
    if not access.can_work_plan(actor, _locked(plan)) or action.status != Action.Status.OPEN or not reason.strip():
        raise ActionError("not allowed")
    action.status, action.note = Action.Status.CANCELLED, reason
    action.save(update_fields=["status", "note"])
    _event(actor, plan, K.ACTION_CANCELLED, f"{action.text}: {reason}", request=request)


@transaction.atomic
def do_submit(actor, plan: CasePlan, *, request=None) -> None:
    """Send the plan for approval; the township's supervisors are alerted."""
    if not access.can_submit_plan(actor, _locked(plan)):
        raise ActionError("not allowed")
    if not Action.objects.filter(plan=plan, status=Action.Status.OPEN).exists():
        raise ActionError("a plan needs at least one open action")
    plan.status, plan.submitted_by, plan.submitted_at = S.SUBMITTED, actor, timezone.now()
    plan.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    event = _event(actor, plan, K.SUBMITTED, request=request)
    do_alert(
        _supervisors(plan),
        CASE_PLAN_SUBMITTED,
        child=plan.child,
        params={"plan": str(plan.uuid), "author": actor.display_name},
        dedupe_key=f"case-plan-submitted:{event.pk}",
    )


@transaction.atomic
def do_approve(actor, plan: CasePlan, note: str = "", *, request=None) -> None:
    if not access.can_approve_plan(actor, _locked(plan)):
        raise ActionError("not allowed")
    plan.status, plan.approved_by, plan.approved_at, plan.return_note = S.APPROVED, actor, timezone.now(), ""
    plan.save(update_fields=["status", "approved_by", "approved_at", "return_note", "updated_at"])
    event = _event(actor, plan, K.APPROVED, note, request=request)
    do_alert(
        [plan.created_by, plan.submitted_by],
        CASE_PLAN_APPROVED,
        child=plan.child,
        params={"plan": str(plan.uuid), "by": actor.display_name, "note": note},
        dedupe_key=f"case-plan-approved:{event.pk}",
    )


@transaction.atomic
def do_return(actor, plan: CasePlan, comment: str, *, request=None) -> None:
    """Send the plan back for changes with the approver's comment; the author is alerted."""
    if not access.can_approve_plan(actor, _locked(plan)) or not comment.strip():
        raise ActionError("not allowed")
    plan.status, plan.return_note = S.RETURNED, comment
    plan.save(update_fields=["status", "return_note", "updated_at"])
    event = _event(actor, plan, K.RETURNED, comment, request=request)
    do_alert(
        [plan.created_by, plan.submitted_by],
        CASE_PLAN_RETURNED,
        child=plan.child,
        params={"plan": str(plan.uuid), "by": actor.display_name, "note": comment},
        dedupe_key=f"case-plan-returned:{event.pk}",
    )


@transaction.atomic
def do_review(
    actor,
    plan: CasePlan,
    *,
    reviewed_on: date,
    progress: str,
    goal_statuses: dict[int, str],
    next_review_on: date,
    request=None,
) -> Review:
    """Record progress, set each goal's status and the next review date."""
    if not access.can_work_plan(actor, _locked(plan)) or plan.status != S.APPROVED:
        raise ActionError("not allowed")
    goals = {g.pk: g for g in plan.goals.all()}
    changed = {}
    for goal_id, status in goal_statuses.items():
        goal = goals.get(int(goal_id))
        if goal is None or status not in Goal.Status.values:
            raise ActionError("unknown goal or status")
        if goal.status != status:
            goal.status = status
            changed[goal.pk] = status
    Goal.objects.bulk_update([goals[pk] for pk in changed], ["status"])
    review = Review.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        progress=progress,
        by=actor,
        goal_statuses={str(k): v for k, v in goal_statuses.items()},
        next_review_on=next_review_on,
    )
    plan.review_on = next_review_on
    plan.save(update_fields=["review_on", "updated_at"])
    bump_version(CasePlan, plan.pk)  # an edit form opened before the review must not undo its date
    _event(
        actor,
        plan,
        K.REVIEWED,
        progress,
        request=request,
        next_review_on=next_review_on.isoformat(),
        goals={str(k): v for k, v in changed.items()},
    )
    return review


@transaction.atomic
def do_revise(actor, plan: CasePlan, note: str = "", *, request=None) -> None:
    """Reopen an approved plan for changes. It is a draft again and needs a new approval; the
    earlier approval stays in the events."""
    if not access.can_work_plan(actor, _locked(plan)) or plan.status != S.APPROVED:
        raise ActionError("not allowed")
    plan.status, plan.version = S.DRAFT, plan.version + 1
    plan.approved_by, plan.approved_at, plan.submitted_by, plan.submitted_at = None, None, None, None
    plan.save(
        update_fields=["status", "version", "approved_by", "approved_at", "submitted_by", "submitted_at", "updated_at"]
    )
    _event(actor, plan, K.REVISED, note, request=request)


@transaction.atomic
def do_close(actor, plan: CasePlan, reason: str, *, request=None) -> None:
    """Close the plan (goals met, child no longer at risk, moved away…). Its open actions are
    cancelled, so that nothing of a closed plan shows as overdue."""
    if not access.can_work_plan(actor, _locked(plan)) or not reason.strip():
        raise ActionError("not allowed")
    plan.status, plan.closing_reason, plan.closed_at = S.CLOSED, reason, timezone.now()
    plan.save(update_fields=["status", "closing_reason", "closed_at", "updated_at"])
    Action.objects.filter(plan=plan, status=Action.Status.OPEN).update(status=Action.Status.CANCELLED)
    _event(actor, plan, K.CLOSED, reason, request=request, audit=AuditEvent.Action.CLOSE)


@transaction.atomic
def do_reassign_plans(actor, from_user, to_user, *, villages, request=None) -> int:
    """Hand a leaving CWD's open case plans in these villages (drafts, returned, submitted,
    approved: with the actions they own) to their successor (workforce handovers). The plan's
    author becomes the successor, who is then alerted about its approval and return; who
    submitted it is history and stays. County officers only, or the
    nightly job (actor None) when a term ends."""
    if actor is not None and not (actor.is_active and actor.role in (User.Role.COUNTY_OFFICER, User.Role.ADMIN)):
        raise ActionError("not allowed")
    rows = CasePlan.objects.select_for_update()
    moved = list(
        (rows if actor is None else scoped(rows, actor))
        .filter(created_by=from_user, village_id__in=list(villages))
        .exclude(status=S.CLOSED)
        .select_related("child")
    )
    for plan in moved:
        CasePlan.objects.filter(pk=plan.pk).update(created_by=to_user)
        do_log(
            actor,
            AuditEvent.Action.UPDATE,
            child=plan.child,
            request=request,
            details={"case_plan": str(plan.uuid), "created_by": [from_user.pk, to_user.pk], "why": "handover"},
        )
    return len(moved)
