"""Every write to the workforce: permission re-checked, one transaction, a change row and an audit row.

A worker's history is kept twice on purpose: `WorkerChange` rows are the registry's own page of
changes (what the county reads), the audit trail is the tamper-evident record (audit.chain).
"""

import secrets
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert, do_readdress
from audit.actions import do_log
from benefits.actions import do_reassign_applications
from caseplans.actions import do_reassign_plans
from core import crypto
from core.errors import ActionError
from core.scope import in_scope
from core.versioning import StaleEdit, claim_version
from geo.models import Division
from referrals.actions import do_reassign_referrals
from visits.models import Visit

from . import access
from . import audit_actions as A
from .alert_kinds import HANDOVER_RECEIVED
from .handover import leaving_villages
from .models import (
    Assignment,
    CaseloadNorm,
    FollowUpAction,
    Handover,
    SpotCheck,
    SpotCheckVillage,
    SupervisionLog,
    VisitReview,
    Worker,
    WorkerChange,
)
from .spotcheck import draw, new_seed

LEVEL = {
    Worker.Role.CWD: Division.Level.VILLAGE,
    Worker.Role.SUPERVISOR: Division.Level.TOWNSHIP,
    Worker.Role.COUNTY_OFFICER: Division.Level.COUNTY,
}
EDITABLE = ("full_name", "sex", "id_number", "phone", "posts", "appointed_on", "term_ends_on", "review_visits")
CHECKED = {c.value for c in SupervisionLog.Checked}
MAX_SCORE = 5


class HandOverFirst(ActionError):
    """A CWD who still serves villages leaves only through a handover."""


def _manage(actor, code: str) -> None:
    if not (access.can_manage(actor) and in_scope(actor, code)):
        raise ActionError("not allowed")


def _change(actor, worker: Worker, change: str, *, request=None, audit: str = A.EDIT, note: str = "", **fields):
    WorkerChange.objects.create(worker=worker, kind=change, fields=fields, note=note, by=actor)
    do_log(
        actor,
        audit,
        request=request,
        details={"worker": str(worker.uuid), "change": change, **({"fields": fields} if fields else {})},
    )


def _shown(name: str, value):
    """A change as the history shows it: never the ID number itself."""
    if name == "id_number":
        return "***"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _check_division(role: str, division: Division) -> None:
    if division.level != LEVEL[role]:
        raise ActionError("the division does not fit the role")


@transaction.atomic
def do_register_worker(
    actor,
    *,
    role: str,
    division: Division,
    full_name: str,
    appointed_on: date,
    id_number: str = "",
    sex: str = "",
    phone: str = "",
    posts: list[str] | None = None,
    term_ends_on: date | None = None,
    review_visits: int = 0,
    villages: list[Division] | None = None,
    request=None,
) -> Worker:
    """Register a worker in the county's real-name registry. A CWD serves their own village and
    any other villages given (all as the Child Welfare Director)."""
    _manage(actor, division.code)
    _check_division(role, division)
    if term_ends_on and term_ends_on < appointed_on:
        raise ActionError("the term ends before it starts")
    if id_number and Worker.objects.filter(id_number_digest__in=_digests(id_number), left_on__isnull=True).exists():
        raise ActionError("a worker with this ID number is already registered")
    worker = Worker.objects.create(
        role=role,
        division=division,
        full_name=full_name,
        id_number=id_number,
        sex=sex,
        phone=phone,
        posts=list(posts or []),
        appointed_on=appointed_on,
        term_ends_on=term_ends_on,
        review_visits=review_visits,
    )
    _change(actor, worker, WorkerChange.Kind.REGISTERED, request=request, audit=A.REGISTER, role=role)
    if role == Worker.Role.CWD:
        for village in [division, *[v for v in villages or [] if v.code != division.code]]:
            _assign(actor, worker, village, Assignment.Kind.MAIN, appointed_on, request=request)
    return worker


def _digests(value: str):
    """The blind index of an ID number under every key in rotation, as children are looked up."""
    return crypto.blind_indexes(value)


@transaction.atomic
def do_edit_worker(actor, worker: Worker, *, seen_version: int, request=None, **fields) -> None:
    """Correct or update a worker's details; StaleEdit if someone saved them since `seen_version`."""
    _manage(actor, worker.division_id)
    changed = {k: v for k, v in fields.items() if k in EDITABLE and getattr(worker, k) != v}
    if not changed:
        return
    if not claim_version(Worker, worker.pk, seen_version):
        raise StaleEdit(["worker"], current=worker)
    before = {k: getattr(worker, k) for k in changed}
    for k, v in changed.items():
        setattr(worker, k, v)
    if worker.term_ends_on and worker.term_ends_on < worker.appointed_on:
        raise ActionError("the term ends before it starts")
    worker.save(update_fields=list(changed))
    if worker.user_id and {"full_name", "phone"} & set(changed):
        User.objects.filter(pk=worker.user_id).update(full_name=worker.full_name, phone=worker.phone)
    _change(
        actor,
        worker,
        WorkerChange.Kind.EDITED,
        request=request,
        **{k: [_shown(k, before[k]), _shown(k, v)] for k, v in changed.items()},
    )


def _assign(actor, worker: Worker, village: Division, kind: str, starts_on: date, *, request=None) -> Assignment:
    if village.level != Division.Level.VILLAGE or (actor is not None and not in_scope(actor, village.code)):
        raise ActionError("not a village in reach")
    if kind == Assignment.Kind.MAIN:
        # A new Child Welfare Director ends the supervisor's interim cover the day before.
        for interim in Assignment.objects.filter(village=village, kind=Assignment.Kind.INTERIM).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
        ):
            interim.ends_on = max(interim.starts_on, starts_on - timedelta(days=1))
            interim.save(update_fields=["ends_on"])
            _change(actor, interim.worker, WorkerChange.Kind.UNASSIGNED, request=request, village=village.code)
    assignment = Assignment.objects.create(worker=worker, village=village, kind=kind, starts_on=starts_on)
    _change(
        actor, worker, WorkerChange.Kind.ASSIGNED, request=request, audit=A.ASSIGN, village=village.code, served_as=kind
    )
    return assignment


@transaction.atomic
def do_assign_village(actor, worker: Worker, village: Division, *, kind: str, starts_on: date, request=None):
    """Add a village a CWD serves (as director or deputy), or a supervisor's interim cover."""
    _manage(actor, worker.division_id)
    if kind == Assignment.Kind.INTERIM and worker.role != Worker.Role.SUPERVISOR:
        raise ActionError("only a supervisor covers a village as interim")
    if kind != Assignment.Kind.INTERIM and worker.role != Worker.Role.CWD:
        raise ActionError("only a CWD serves a village")
    if not worker.active_on(starts_on):
        raise ActionError("the worker is not in service then")
    return _assign(actor, worker, village, kind, starts_on, request=request)


@transaction.atomic
def do_create_account(actor, worker: Worker, *, username: str, request=None) -> tuple[User, str]:
    """Create the worker's login, bound to their division, with a temporary password they must
    replace at the first login (User.must_change_password). Returns the user and the password,
    which is shown once and never stored in clear."""
    _manage(actor, worker.division_id)
    if worker.user_id:
        raise ActionError("the worker already has an account")
    if not worker.is_active:
        raise ActionError("the worker has left")
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError("this user name is taken")
    password = "-".join(secrets.token_hex(3) for _ in range(3))
    user = User(
        username=username,
        role=worker.role,
        division=worker.division,
        full_name=worker.full_name,
        phone=worker.phone,
    )
    user.set_password(password)
    user.must_change_password = True
    user.full_clean(exclude=["password"])
    user.save()
    worker.user = user
    worker.save(update_fields=["user"])
    _change(actor, worker, WorkerChange.Kind.ACCOUNT, request=request, audit=A.ACCOUNT, username=username)
    return user, password


def _end_access(worker: Worker, day: date) -> bool:
    """The account stops working: inactive users cannot log in and reach nothing (core.scope)."""
    if worker.user_id and worker.user.is_active and day >= (worker.left_on or day):
        User.objects.filter(pk=worker.user_id).update(is_active=False)
        worker.user.is_active = False
        return True
    return False


@transaction.atomic
def do_deactivate_worker(actor, worker: Worker, *, on: date, reason: str, request=None) -> None:
    """The worker leaves on `on` (access ends that day; at once if it is today or past). A CWD
    who still serves a village is handed over instead, so that no child is left without one."""
    _manage(actor, worker.division_id)
    if worker.left_on:
        raise ActionError("the worker has already left")
    if worker.role == Worker.Role.CWD and _open_assignments(worker, on).exists():
        raise HandOverFirst("hand the villages over first")
    worker.left_on, worker.leaving_reason = on, reason[:200]
    worker.save(update_fields=["left_on", "leaving_reason"])
    _open_assignments(worker, on).update(ends_on=on - timedelta(days=1))
    if on <= timezone.localdate():
        _end_access(worker, timezone.localdate())
    _change(actor, worker, WorkerChange.Kind.DEACTIVATED, request=request, audit=A.LEAVE, left_on=on.isoformat())


def _open_assignments(worker: Worker, day: date):
    return worker.assignments.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


@transaction.atomic
def do_set_norm(actor, county: Division, *, max_files: int, max_hours: int, request=None) -> CaseloadNorm:
    _manage(actor, county.code)
    if county.level != Division.Level.COUNTY:
        raise ActionError("a norm is set per county")
    norm, _ = CaseloadNorm.objects.update_or_create(
        county=county, defaults={"max_files": max_files, "max_hours": max_hours, "updated_by": actor}
    )
    do_log(actor, A.NORM, request=request, details={"county": county.code, "files": max_files, "hours": max_hours})
    return norm


# Handovers


def interim_for(worker: Worker) -> Worker | None:
    """The supervisor of the CWD's township with an active account: the interim by default."""
    return (
        Worker.objects.filter(
            role=Worker.Role.SUPERVISOR, division_id=worker.division_id[:9], left_on__isnull=True, user__is_active=True
        )
        .select_related("user")
        .order_by("appointed_on", "pk")
        .first()
    )


@transaction.atomic
def do_start_handover(
    actor, leaving: Worker, *, handover_on: date, successor: Worker | None = None, request=None
) -> Handover:
    """Prepare the handover of a leaving CWD: to a successor (a CWD of the same township in
    service on the day), or, with none, to the township's supervisor as interim."""
    _manage(actor, leaving.division_id)
    if leaving.role != Worker.Role.CWD or leaving.left_on:
        raise ActionError("only a serving CWD is handed over")
    if successor is not None:
        if successor.pk == leaving.pk or successor.role != Worker.Role.CWD or not successor.active_on(handover_on):
            raise ActionError("the successor must be another CWD in service on the day")
        if successor.division_id[:6] != leaving.division_id[:6]:
            raise ActionError("the successor must work in the same county")
    elif interim_for(leaving) is None:
        raise ActionError("the township has no supervisor to take over for now")
    if Handover.objects.filter(leaving=leaving, status=Handover.Status.OPEN).exists():
        raise ActionError("a handover is already being prepared")
    handover = Handover.objects.create(
        leaving=leaving,
        successor=successor,
        interim=successor is None,
        handover_on=handover_on,
        township_id=leaving.division_id[:9],
        created_by=actor,
    )
    do_log(
        actor,
        A.HANDOVER,
        request=request,
        details={"handover": str(handover.uuid), "step": "started", "worker": str(leaving.uuid)},
    )
    return handover


@transaction.atomic
def do_complete_handover(actor, handover: Handover, *, reason: str = "", request=None) -> dict[str, int]:
    """Hand everything over in one transaction, on the handover day or after:

    - each village the leaving CWD serves passes to the successor (or the supervisor, as interim)
      from the handover day, the leaver's service ending the day before, so that every day has
      someone; the successor's account is bound to the village (their reach: core.scope);
    - what the leaver owns moves through each app's own action: open referrals, open case plans
      with their actions, allowance drafts, unread alerts;
    - the leaver's account is deactivated at once.
    Returns what was moved, by kind."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    leaving = Worker.objects.select_related("user").get(pk=handover.leaving_id)
    if actor is not None:  # None: the nightly job, when a CWD's term has ended (workforce.services)
        _manage(actor, leaving.division_id)
    if handover.status != Handover.Status.OPEN:
        raise ActionError("the handover is already complete")
    today = timezone.localdate()
    day = handover.handover_on
    if day > today:
        raise ActionError("not before the handover day")
    taker = Worker.objects.select_related("user").get(pk=handover.successor_id) if handover.successor_id else None
    kind = Assignment.Kind.MAIN
    if taker is None:
        taker, kind = interim_for(leaving), Assignment.Kind.INTERIM
        if taker is None:
            raise ActionError("the township has no supervisor to take over for now")
    if taker.user is None or not taker.user.is_active:
        raise ActionError("the successor has no active account yet")
    villages = leaving_villages(handover)
    divisions = {d.code: d for d in Division.objects.filter(code__in=villages)}
    # The leaver serves until the day before; the taker from the day itself: no day without one.
    for a in _open_assignments(leaving, day - timedelta(days=1)):
        a.ends_on = max(a.starts_on, day - timedelta(days=1))
        a.save(update_fields=["ends_on"])
        _change(actor, leaving, WorkerChange.Kind.UNASSIGNED, request=request, village=a.village_id)
    for code in villages:
        covered = (
            taker.assignments.filter(village_id=code, starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .exists()
        )
        if not covered:
            _assign(actor, taker, divisions[code], kind, day, request=request)
    # A successor who serves no other village is bound to the first village handed over (an
    # account reaches one division: a CWD serving several villages keeps their own village's).
    if (
        kind == Assignment.Kind.MAIN
        and villages
        and taker.division_id not in villages
        and not _open_assignments(taker, day).exclude(village_id__in=villages).exists()
    ):
        old = taker.division_id
        taker.division = divisions[villages[0]]
        taker.save(update_fields=["division"])
        User.objects.filter(pk=taker.user_id).update(division=taker.division)
        _change(actor, taker, WorkerChange.Kind.EDITED, request=request, division=[old, taker.division_id])
    moved = {"villages": len(villages)}
    if leaving.user_id:
        to_user = taker.user
        moved["referrals"] = do_reassign_referrals(actor, leaving.user, to_user, villages=villages, request=request)
        moved["plans"] = do_reassign_plans(actor, leaving.user, to_user, villages=villages, request=request)
        moved["drafts"] = do_reassign_applications(actor, leaving.user, to_user, villages=villages, request=request)
        moved["alerts"] = do_readdress(leaving.user, to_user)
    leaving.left_on = day
    leaving.leaving_reason = (reason or leaving.leaving_reason)[:200]
    leaving.save(update_fields=["left_on", "leaving_reason"])
    _end_access(leaving, today)
    _change(actor, leaving, WorkerChange.Kind.DEACTIVATED, request=request, audit=A.LEAVE, left_on=day.isoformat())
    handover.status = Handover.Status.DONE
    handover.moved = moved
    handover.completed_at, handover.completed_by = timezone.now(), actor
    handover.save(update_fields=["status", "moved", "completed_at", "completed_by"])
    do_log(
        actor,
        A.HANDOVER,
        request=request,
        details={"handover": str(handover.uuid), "step": "completed", "to": str(taker.uuid), "moved": moved},
    )
    do_alert(
        [taker.user],
        HANDOVER_RECEIVED,
        params={
            "handover": str(handover.uuid),
            "name": leaving.full_name,
            "date": day.isoformat(),
            "count": sum(v for k, v in moved.items() if k != "villages"),
        },
        dedupe_key=f"handover:{handover.pk}",
    )
    return moved


# Supervision


def _actions(actor, village: Division, items, *, log=None, spot=None) -> list[FollowUpAction]:
    made = []
    for text, due_on in items:
        if text.strip():
            made.append(
                FollowUpAction.objects.create(
                    village=village, log=log, spot_check=spot, text=text.strip()[:300], due_on=due_on, created_by=actor
                )
            )
    return made


@transaction.atomic
def do_record_log(
    actor,
    *,
    village: Division,
    visited_on: date,
    checked: list[str],
    findings: str,
    actions: list[tuple[str, date]] = (),
    request=None,
) -> SupervisionLog:
    """A supervisor's field visit to a village (督导日志), with follow-up actions and due dates."""
    if village.level != Division.Level.VILLAGE or not access.can_log(actor, village.code):
        raise ActionError("not allowed")
    if visited_on > timezone.localdate():
        raise ActionError("the visit is in the future")
    if not checked or set(checked) - CHECKED:
        raise ActionError("say what was checked")
    log = SupervisionLog.objects.create(
        village=village, visited_on=visited_on, checked=list(checked), findings=findings, author=actor
    )
    made = _actions(actor, village, actions, log=log)
    do_log(
        actor,
        A.SUPERVISION,
        request=request,
        details={"log": str(log.uuid), "village": village.code, "checked": list(checked), "actions": len(made)},
    )
    return log


@transaction.atomic
def do_action_done(actor, action: FollowUpAction, *, done_on: date, request=None) -> None:
    if not access.can_log(actor, action.village_id):
        raise ActionError("not allowed")
    if action.done_on:
        return
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    do_log(actor, A.FOLLOW_UP, request=request, details={"action": str(action.uuid), "done_on": done_on.isoformat()})


@transaction.atomic
def do_draw_spot_check(
    actor, county: Division, *, per_township: int, drawn_on: date, seed: int | None = None, request=None
) -> SpotCheck:
    """Draw 2–4 villages per township of the county; the seed is kept and shown, so that the same
    draw can be repeated by anyone (workforce.spotcheck)."""
    if county.level != Division.Level.COUNTY or not access.can_draw(actor, county.code):
        raise ActionError("not allowed")
    if not 2 <= per_township <= 4:
        raise ActionError("2 to 4 villages per township")
    seed = seed if seed is not None else new_seed()
    villages = Division.objects.within(county).villages().values_list("code", flat=True)
    check = SpotCheck.objects.create(
        county=county, seed=seed, per_township=per_township, drawn_on=drawn_on, created_by=actor
    )
    SpotCheckVillage.objects.bulk_create(
        SpotCheckVillage(spot_check=check, village_id=code) for code in draw(seed, per_township, villages)
    )
    do_log(
        actor,
        A.SPOT_CHECK,
        request=request,
        details={"spot_check": str(check.uuid), "seed": seed, "per_township": per_township},
    )
    return check


@transaction.atomic
def do_score_village(
    actor,
    spot: SpotCheckVillage,
    *,
    scores: dict[str, int],
    findings: str,
    checked_on: date,
    actions: list[tuple[str, date]] = (),
    request=None,
) -> list[FollowUpAction]:
    """Record a drawn village's checklist scores (0–5 per item) and findings; each finding to act
    on becomes a follow-up action with its due date."""
    if not access.can_log(actor, spot.village_id):
        raise ActionError("not allowed")
    if set(scores) != CHECKED or any(not 0 <= int(v) <= MAX_SCORE for v in scores.values()):
        raise ActionError("score every item from 0 to 5")
    spot.scores = {k: int(v) for k, v in scores.items()}
    spot.findings, spot.checked_on, spot.checked_by = findings, checked_on, actor
    spot.save(update_fields=["scores", "findings", "checked_on", "checked_by"])
    made = _actions(actor, spot.village, actions, spot=spot)
    do_log(
        actor,
        A.SPOT_CHECK,
        request=request,
        details={"spot_check": str(spot.spot_check.uuid), "village": spot.village_id, "scores": spot.scores},
    )
    return made


def sync_reviews(workers) -> int:
    """Mark each new CWD's first `review_visits` visits (first versions, not contacts) for the
    supervisor's review; idempotent (one mark per visit)."""
    made = 0
    for worker in workers:
        if worker.role != Worker.Role.CWD or not worker.review_visits or not worker.user_id:
            continue
        first = list(
            Visit.objects.filter(
                recorded_by_id=worker.user_id, version=1, contact_only=False, visited_on__gte=worker.appointed_on
            )
            .order_by("created_at", "pk")
            .values_list("pk", "child__village_id")[: worker.review_visits]
        )
        have = set(VisitReview.objects.filter(visit_id__in=[pk for pk, _ in first]).values_list("visit_id", flat=True))
        fresh = [VisitReview(visit_id=pk, worker=worker, village_id=v) for pk, v in first if pk not in have]
        VisitReview.objects.bulk_create(fresh, ignore_conflicts=True)
        made += len(fresh)
    return made


@transaction.atomic
def do_review_visit(actor, review: VisitReview, *, comment: str = "", request=None) -> None:
    if not (access.can_see_workforce(actor) and in_scope(actor, review.village_id)):
        raise ActionError("not allowed")
    if review.reviewed_at:
        return
    review.reviewed_at, review.reviewed_by, review.comment = timezone.now(), actor, comment[:300]
    review.save(update_fields=["reviewed_at", "reviewed_by", "comment"])
    do_log(actor, A.REVIEW, request=request, details={"visit": review.visit_id, "worker": str(review.worker.uuid)})


def village_staff(villages) -> dict[str, list[User]]:
    return staff_by_village(villages, User.Role.CWD, User.Role.SUPERVISOR)
