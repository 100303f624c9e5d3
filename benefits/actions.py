"""Every write to allowances: permission re-checked, one transaction, a step and an audit row,
alerts to whoever acts next."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert
from audit.actions import do_log
from children.actions import UNRECORDED
from children.assess import assess
from children.choices import Category as ChildCategory
from core.errors import ActionError
from core.scope import scoped
from core.versioning import StaleEdit, bump_version, claim_version

from . import access, months, rolls
from . import alert_kinds as kinds
from .audit_actions import APPLY, DECIDE, NOT_REPAID, PAYMENT, ROLL, STANDARD, STEP, STOP
from .files import sniff
from .models import Application, Benefit, Category, Evidence, Objection, PaymentStandard, Roll, RollLine, Step
from .rules import month_rules, rules_for

S = Application.Status
K = Step.Kind
Role = User.Role

# Which registry category a benefit category rests on (children.assess derives these two).
DERIVED = {
    Category.ORPHAN_INSTITUTIONAL: ChildCategory.ORPHAN,
    Category.ORPHAN_DISPERSED: ChildCategory.ORPHAN,
    Category.DE_FACTO_UNSUPPORTED: ChildCategory.DE_FACTO_UNSUPPORTED,
}
DIFFICULTY = (
    ChildCategory.DIFFICULTY_ECONOMIC,
    ChildCategory.DIFFICULTY_DISABILITY,
    ChildCategory.DIFFICULTY_GUARDIANSHIP,
    ChildCategory.OTHER_LOCAL,
)


def eligibility(child, category: str, on: date | None = None) -> tuple[bool, list[str]]:
    """Whether the file says the child qualifies for the category, with the reasons to read."""
    if category in DERIVED:
        results, _source = assess(child, on)
        for a in results:
            if a.category == DERIVED[category]:
                return a.finding.meets, list(a.finding.reasons)
        return False, []
    recorded = [c for c in child.categories if c in DIFFICULTY]
    if not recorded:
        return False, [_("The file does not record the child as in difficulty.")]
    return True, [str(ChildCategory(c).label) for c in recorded]


def derived_categories(child, on: date | None = None) -> list[str]:
    """The allowance categories the file shows the child qualifies for, with one assessment."""
    results, _source = assess(child, on)
    meets = {a.category for a in results if a.finding.meets}
    orphan = Category.ORPHAN_INSTITUTIONAL if child.orphan_care == "institutional" else Category.ORPHAN_DISPERSED
    return [
        category
        for category, derived in (
            (Category.DE_FACTO_UNSUPPORTED, ChildCategory.DE_FACTO_UNSUPPORTED),
            (orphan, ChildCategory.ORPHAN),
        )
        if derived in meets
    ]


def _step(actor, app: Application, kind: str, note: str = "", *, audit: str = STEP, request=None, **details) -> None:
    Step.objects.create(application=app, kind=kind, by=actor, note=note)
    do_log(
        actor,
        audit,
        child=app.child,
        request=request,
        details={"application": str(app.uuid), "step": kind, "note": UNRECORDED if note else "", **details},
    )


def _locked(app: Application) -> Application:
    """Re-read the status under a row lock: two reviewers racing on one application cannot both act."""
    app.status = Application.objects.select_for_update().values_list("status", flat=True).get(pk=app.pk)
    return app


def _staff(app: Application, *roles: str) -> list[User]:
    return staff_by_village({app.village_id}, *roles)[app.village_id]


def _tell_village(app: Application, kind: str, **params) -> None:
    recipients = _staff(app, Role.CWD)
    if app.prepared_by_id and all(u.pk != app.prepared_by_id for u in recipients):
        recipients.append(app.prepared_by)
    do_alert(
        recipients,
        kind,
        child=app.child,
        params={"application": str(app.uuid), **params},
        dedupe_key=f"benefit:{app.pk}:{kind}:{app.lock_version}",
    )


# Applications ---------------------------------------------------------------------------------


@transaction.atomic
def do_create_application(
    actor,
    child,
    *,
    category: str,
    kind: str = Application.Kind.NEW,
    benefit: Benefit | None = None,
    applicant_name: str = "",
    applicant_relation: str = "",
    request_reason: str = "",
    note: str = "",
    exit_reason: str = "",
    event_on: date | None = None,
    request=None,
) -> Application:
    """A new application (or a change or exit of a running allowance), with the eligibility the
    file shows today kept as it was. Asking against a "no" needs the family's reason."""
    if not access.can_apply(actor, child):
        raise ActionError("not allowed")
    if Application.objects.filter(child=child, status__in=Application.OPEN).exists():
        raise ActionError("this child already has an application in progress")
    running = Benefit.objects.filter(child=child, stop_month__isnull=True).first()
    if kind == Application.Kind.NEW and running is not None:
        raise ActionError("this child already receives an allowance")
    if kind != Application.Kind.NEW and (benefit is None or running is None or benefit.pk != running.pk):
        raise ActionError("a change or exit needs the running allowance")
    if kind == Application.Kind.EXIT and (not exit_reason or event_on is None):
        raise ActionError("an exit needs a reason and a date")
    meets, reasons = eligibility(child, category)
    if kind != Application.Kind.EXIT and not meets and not request_reason.strip():
        raise ActionError("the file does not show eligibility: give the family's reason")
    app = Application.objects.create(
        child=child,
        village_id=child.village_id,
        kind=kind,
        category=category,
        benefit=benefit,
        eligible=meets,
        eligibility_reasons=reasons,
        request_reason=request_reason if not meets else "",
        applicant_name=applicant_name,
        applicant_relation=applicant_relation,
        note=note,
        exit_reason=exit_reason,
        event_on=event_on,
        prepared_by=actor,
    )
    _step(actor, app, K.CREATED, audit=APPLY, request=request, application_kind=kind, category=category, eligible=meets)
    return app


@transaction.atomic
def do_edit_application(actor, app: Application, *, seen_version: int, request=None, **fields) -> None:
    """Correct a draft or returned application; StaleEdit if someone saved it since `seen_version`."""
    if not access.can_edit_application(actor, _locked(app)):
        raise ActionError("not allowed")
    allowed = {"category", "applicant_name", "applicant_relation", "request_reason", "note", "exit_reason", "event_on"}
    changed = {k: v for k, v in fields.items() if k in allowed and getattr(app, k) != v}
    if not changed:
        return
    if not claim_version(Application, app.pk, seen_version):
        raise StaleEdit(["application"], current=app)
    for k, v in changed.items():
        setattr(app, k, v)
    if "category" in changed:
        app.eligible, app.eligibility_reasons = eligibility(app.child, app.category)
        changed["eligible"] = app.eligible
    if app.kind != Application.Kind.EXIT and not app.eligible and not app.request_reason.strip():
        raise ActionError("the file does not show eligibility: give the family's reason")
    app.save(update_fields=[*changed, "eligibility_reasons"])
    _step(actor, app, K.EDITED, request=request, fields=sorted(changed))


@transaction.atomic
def do_add_evidence(actor, app: Application, *, kind: str, upload, request=None) -> Evidence:
    if not access.can_edit_application(actor, _locked(app)):
        raise ActionError("not allowed")
    content_type = sniff(upload)  # BadFile (a ValueError) for anything not a JPEG, PNG or PDF ≤ 10 MB
    ev = Evidence(
        application=app,
        kind=kind,
        original_name=(upload.name or "")[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    ev.file.save("evidence", upload, save=False)
    ev.save()
    bump_version(Application, app.pk)
    _step(actor, app, K.EVIDENCE, request=request, document=kind)
    return ev


@transaction.atomic
def do_submit(actor, app: Application, *, posting_from: date | None = None, request=None) -> None:
    """A new application goes up on the village notice board (公示) for the county's posting
    period; a change or an exit goes straight to the township. A returned application whose
    posting is over goes back to the township without a second posting."""
    if not access.can_edit_application(actor, _locked(app)):
        raise ActionError("not allowed")
    app.submitted_at = timezone.now()
    if app.kind == Application.Kind.NEW and app.posting_until is None:
        start = posting_from or timezone.localdate()
        app.posting_from = start
        app.posting_until = start + timezone.timedelta(days=rules_for(app.village_id).posting_days - 1)
        app.status = S.POSTING
        app.save(update_fields=["status", "submitted_at", "posting_from", "posting_until"])
        bump_version(Application, app.pk)
        app.refresh_from_db(fields=["lock_version"])
        _step(actor, app, K.POSTED, request=request, until=app.posting_until.isoformat())
        recipients = _staff(app, Role.SUPERVISOR)
        kind_until = app.posting_until.isoformat()
    else:
        app.status = S.TOWNSHIP
        app.save(update_fields=["status", "submitted_at"])
        bump_version(Application, app.pk)
        app.refresh_from_db(fields=["lock_version"])
        _step(actor, app, K.SENT_UP, request=request)
        recipients = _staff(app, Role.SUPERVISOR)
        kind_until = app.posting_until.isoformat() if app.posting_until else ""
    do_alert(
        recipients,
        kinds.TO_REVIEW,
        child=app.child,
        params={"application": str(app.uuid), "until": kind_until},
        dedupe_key=f"benefit:{app.pk}:review:{app.lock_version}",
    )


@transaction.atomic
def do_record_objection(actor, app: Application, *, raised_by: str, raised_on: date, text: str, request=None):
    if not access.can_record_objection(actor, _locked(app)):
        raise ActionError("not allowed")
    obj = Objection.objects.create(
        application=app, raised_by=raised_by, raised_on=raised_on, text=text, recorded_by=actor
    )
    bump_version(Application, app.pk)
    _step(actor, app, K.OBJECTION, text, request=request)
    return obj


@transaction.atomic
def do_objection_outcome(actor, objection: Objection, *, outcome: str, note: str, request=None) -> None:
    app = objection.application
    if _locked(app).status not in (S.POSTING, S.TOWNSHIP) or (
        not access.can_record_objection(actor, app) and not (access.can_review(actor, app))
    ):
        raise ActionError("not allowed")
    if outcome not in (Objection.Outcome.UNFOUNDED, Objection.Outcome.UPHELD):
        raise ActionError("choose what was found")
    objection.outcome, objection.outcome_note = outcome, note
    objection.save(update_fields=["outcome", "outcome_note"])
    bump_version(Application, app.pk)
    _step(actor, app, K.OBJECTION, note, request=request, outcome=outcome)


@transaction.atomic
def do_review(actor, app: Application, *, opinion: str, reviewed_on: date | None = None, request=None) -> None:
    """The township agrees (审核): on to the county."""
    if not access.can_review(actor, _locked(app)):
        raise ActionError("not allowed")
    app.status = S.COUNTY
    app.township_on = reviewed_on or timezone.localdate()
    app.township_opinion = opinion
    app.township_by = actor
    app.save(update_fields=["status", "township_on", "township_opinion", "township_by"])
    bump_version(Application, app.pk)
    _step(actor, app, K.REVIEWED, opinion, request=request)
    do_alert(
        [u for u in _staff(app, Role.COUNTY_OFFICER) if u.pk != app.prepared_by_id],
        kinds.TO_APPROVE,
        child=app.child,
        params={"application": str(app.uuid)},
        dedupe_key=f"benefit:{app.pk}:approve:{app.township_on.isoformat()}",
    )


@transaction.atomic
def do_return(actor, app: Application, *, note: str, request=None) -> None:
    """Back to the village for correction, with what to correct."""
    if not access.can_return_or_refuse(actor, _locked(app)):
        raise ActionError("not allowed")
    if not note.strip():
        raise ActionError("say what to correct")
    app.status, app.return_note = S.RETURNED, note
    app.save(update_fields=["status", "return_note"])
    bump_version(Application, app.pk)
    app.refresh_from_db(fields=["lock_version"])
    _step(actor, app, K.RETURNED, note, audit=DECIDE, request=request)
    _tell_village(app, kinds.RETURNED, note=note)


@transaction.atomic
def do_refuse(actor, app: Application, *, reason: str, request=None) -> None:
    """Refused, with the reason the family is told in plain words."""
    if not access.can_return_or_refuse(actor, _locked(app)):
        raise ActionError("not allowed")
    if not reason.strip():
        raise ActionError("give the reason the family will be told")
    app.status, app.refusal_reason = S.REFUSED, reason
    if app.township_by_id is None:
        app.township_by, app.township_on = actor, timezone.localdate()
    else:
        app.county_by, app.county_on = actor, timezone.localdate()
    app.save(update_fields=["status", "refusal_reason", "township_by", "township_on", "county_by", "county_on"])
    _step(actor, app, K.REFUSED, reason, audit=DECIDE, request=request)
    _tell_village(app, kinds.DECIDED, outcome="refused", reason=reason)


@transaction.atomic
def do_approve(
    actor,
    app: Application,
    *,
    opinion: str,
    start_month: date | None = None,
    decided_on: date | None = None,
    request=None,
) -> Benefit | None:
    """The county approves (审批). A new application starts an allowance (from the month after
    approval unless local rules or the officer say otherwise); a change stops the running one and
    starts the new category from the same month; an exit stops it from the month after the change."""
    if not access.can_approve(actor, _locked(app)):
        raise ActionError("not allowed")
    today = decided_on or timezone.localdate()
    app.status, app.county_on, app.county_opinion, app.county_by = S.APPROVED, today, opinion, actor
    app.save(update_fields=["status", "county_on", "county_opinion", "county_by"])
    _step(actor, app, K.APPROVED, opinion, audit=DECIDE, request=request)
    rules = rules_for(app.village_id)
    created = None
    if app.kind == Application.Kind.NEW:
        start = months.month_of(start_month) if start_month else months.start_month(today, month_rules(rules))
        created = _start(app, start, rules)
    else:
        benefit = Benefit.objects.select_for_update().get(pk=app.benefit_id)
        if benefit.stop_month is not None:
            raise ActionError("this allowance has already stopped")
        event = app.event_on or today
        stop = months.month_of(start_month) if start_month else months.stop_month(event)
        stop = max(stop, months.add(benefit.start_month, 1))
        _stop(actor, benefit, stop, app.exit_reason or "other", event, request=request)
        if app.kind == Application.Kind.CHANGE:
            created = _start(app, stop, rules)
    _tell_village(app, kinds.DECIDED, outcome="approved")
    return created


def _start(app: Application, start: date, rules) -> Benefit:
    return Benefit.objects.create(
        child=app.child,
        village_id=app.village_id,
        application=app,
        category=app.category,
        start_month=start,
        next_recheck_on=months.add(start, rules.recheck_months),
    )


def _stop(actor, benefit: Benefit, stop: date, reason: str, event: date, *, request=None) -> None:
    benefit.stop_month, benefit.exit_reason, benefit.exit_on = stop, reason, event
    benefit.save(update_fields=["stop_month", "exit_reason", "exit_on"])
    bump_version(Benefit, benefit.pk)
    do_log(
        actor,
        STOP,
        child=benefit.child,
        request=request,
        details={"benefit": str(benefit.uuid), "stop_month": stop.isoformat()[:7], "reason": reason},
    )


@transaction.atomic
def do_record_recheck(actor, benefit: Benefit, *, checked_on: date | None = None, request=None) -> None:
    """The yearly re-check is done: the next is due after the local period."""
    if not access.can_apply(actor, benefit.child) or benefit.stop_month is not None:
        raise ActionError("not allowed")
    day = checked_on or timezone.localdate()
    benefit.next_recheck_on = months.add(months.month_of(day), rules_for(benefit.village_id).recheck_months)
    benefit.save(update_fields=["next_recheck_on"])
    bump_version(Benefit, benefit.pk)
    do_log(
        actor, STEP, child=benefit.child, request=request, details={"benefit": str(benefit.uuid), "recheck": str(day)}
    )


# Standards and rolls --------------------------------------------------------------------------


@transaction.atomic
def do_set_standard(actor, *, category: str, effective_from: date, amount: Decimal, request=None) -> PaymentStandard:
    """A new standard for the officer's county from a month on; earlier months keep theirs."""
    if not access.can_set_standards(actor):
        raise ActionError("not allowed")
    std, _created = PaymentStandard.objects.update_or_create(
        division_id=actor.division_id,
        category=category,
        effective_from=months.month_of(effective_from),
        defaults={"amount": amount, "created_by": actor},
    )
    do_log(
        actor,
        STANDARD,
        request=request,
        details={
            "division": actor.division_id,
            "category": category,
            "from": str(std.effective_from),
            "amount": str(amount),
        },
    )
    return std


@transaction.atomic
def do_build_roll(actor, month: date, *, county: str | None = None, request=None) -> Roll:
    """Build (or rebuild) the county's draft roll for a month; an issued roll is never rebuilt."""
    county = county or access.roll_county(actor)
    if county is None or not access.can_run_roll(actor):
        raise ActionError("not allowed")
    month = months.month_of(month)
    roll, _created = Roll.objects.select_for_update().get_or_create(county_id=county, month=month)
    if roll.status == Roll.Status.ISSUED:
        raise ActionError("this roll is issued and cannot change")
    counts = rolls.build(roll)
    roll.built_at, roll.built_by = timezone.now(), actor
    roll.save(update_fields=["built_at", "built_by", "comparison"])
    do_log(actor, ROLL, request=request, details={"roll": str(roll.uuid), "month": str(month)[:7], "built": counts})
    return roll


@transaction.atomic
def do_add_correction(actor, roll: Roll, benefit: Benefit, *, month: date, amount: Decimal, note: str, request=None):
    """An explicit correction line (a sum to recover is negative) on a draft roll."""
    roll = Roll.objects.select_for_update().get(pk=roll.pk)
    if not access.can_run_roll(actor, roll) or roll.status != Roll.Status.DRAFT:
        raise ActionError("not allowed")
    if not benefit.village_id.startswith(roll.county_id) or not note.strip():
        raise ActionError("a correction needs a beneficiary of the county and a reason")
    line = RollLine.objects.create(
        roll=roll,
        benefit=benefit,
        child_id=benefit.child_id,
        village_id=benefit.village_id,
        category=benefit.category,
        month=months.month_of(month),
        kind=RollLine.Kind.CORRECTION,
        amount=amount,
        note=note[:200],
    )
    rolls.number_lines(roll)
    rolls.store_totals(roll)
    do_log(
        actor,
        ROLL,
        child=benefit.child,
        request=request,
        details={"roll": str(roll.uuid), "correction": str(amount), "month": str(line.month)[:7]},
    )
    return line


@transaction.atomic
def do_issue_roll(actor, roll: Roll, *, request=None) -> None:
    """Freeze the roll: from now on only payments are recorded on it."""
    roll = Roll.objects.select_for_update().get(pk=roll.pk)
    if not access.can_run_roll(actor, roll) or roll.status != Roll.Status.DRAFT or roll.built_at is None:
        raise ActionError("not allowed")
    roll.status, roll.issued_at, roll.issued_by = Roll.Status.ISSUED, timezone.now(), actor
    roll.save(update_fields=["status", "issued_at", "issued_by"])
    do_log(actor, ROLL, request=request, details={"roll": str(roll.uuid), "issued": True})


@transaction.atomic
def do_record_payments(
    actor, roll: Roll, *, outcome: str, line_ids: list[int] | None = None, paid_on: date | None = None, request=None
) -> int:
    """Record lines of an issued roll as paid or returned by the bank (all pending lines when
    `line_ids` is None). The allowance's last month paid (末领年月) follows the paid lines."""
    roll = Roll.objects.select_for_update().get(pk=roll.pk)
    if not access.can_run_roll(actor, roll) or roll.status != Roll.Status.ISSUED:
        raise ActionError("not allowed")
    if outcome not in (RollLine.Payment.PAID, RollLine.Payment.RETURNED):
        raise ActionError("paid or returned")
    lines = roll.lines.all()
    lines = lines.filter(payment=RollLine.Payment.PENDING) if line_ids is None else lines.filter(pk__in=line_ids)
    touched = list(lines.values_list("benefit_id", "child_id"))
    n = lines.update(payment=outcome, payment_on=paid_on or timezone.localdate(), payment_by=actor)
    benefit_ids = {b for b, _c in touched}
    # One UPDATE for all: each allowance's latest paid month, from its lines.
    latest = (
        RollLine.objects.filter(benefit_id=OuterRef("pk"), payment=RollLine.Payment.PAID, amount__gt=0)
        .values("benefit_id")
        .annotate(m=Max("month"))
        .values("m")
    )
    Benefit.objects.filter(pk__in=benefit_ids).update(last_paid_month=Subquery(latest))
    rolls.store_totals(roll)
    child_ids = sorted({c for _b, c in touched})
    do_log(
        actor,
        PAYMENT,
        request=request,
        details={"roll": str(roll.uuid), "outcome": outcome, "lines": n, "children": len(child_ids)},
    )
    return n


@transaction.atomic
def do_mark_not_repaid(actor, line: RollLine, *, reason: str, request=None) -> None:
    """A month the bank returned is not to be paid again (the county's decision, with its reason):
    later rolls no longer bring it back as arrears. Only the county officer of the roll's county,
    only for a returned line of an issued roll, once."""
    line = RollLine.objects.select_for_update().select_related("roll", "child").get(pk=line.pk)
    if not access.can_run_roll(actor, line.roll) or line.roll.status != Roll.Status.ISSUED:
        raise ActionError("not allowed")
    if line.payment != RollLine.Payment.RETURNED or line.not_repaid_on is not None:
        raise ActionError("only a returned month, once")
    if not reason.strip():
        raise ActionError("give the reason it is not repaid")
    line.not_repaid_on, line.not_repaid_reason, line.not_repaid_by = timezone.localdate(), reason[:200], actor
    line.save(update_fields=["not_repaid_on", "not_repaid_reason", "not_repaid_by"])
    do_log(
        actor,
        NOT_REPAID,
        child=line.child,
        request=request,
        details={
            "roll": str(line.roll.uuid),
            "month": str(line.month)[:7],
            "amount": str(line.amount),
            "reason": UNRECORDED,
        },
    )


@transaction.atomic
def do_edit_standard(actor, std: PaymentStandard, *, seen_version: int, amount: Decimal, request=None) -> None:
    """Correct a standard's amount; StaleEdit if someone saved it since `seen_version`. Months
    already on an issued roll keep what they were issued at (their lines hold the amount)."""
    if not access.can_edit_standard(actor, std):
        raise ActionError("not allowed")
    if amount < 0:
        raise ActionError("an amount is not negative")
    if not claim_version(PaymentStandard, std.pk, seen_version):
        raise StaleEdit(["standard"], current=std)
    before = std.amount
    std.amount = amount
    std.save(update_fields=["amount"])
    std.lock_version = seen_version + 1
    do_log(
        actor,
        STANDARD,
        request=request,
        details={
            "division": std.division_id,
            "category": std.category,
            "from": str(std.effective_from),
            "amount": str(amount),
            "before": str(before),
        },
    )


def do_reassign_applications(actor, from_user, to_user, *, villages, request=None) -> int:
    """Hand a leaving CWD's allowance applications still being prepared or sent back (drafts) in
    these villages to their successor (workforce handovers). County officers only, or the
    nightly job (actor None) when a term ends."""
    if actor is not None and not (actor.is_active and actor.role in (User.Role.COUNTY_OFFICER, User.Role.ADMIN)):
        raise ActionError("not allowed")
    rows = Application.objects.select_for_update()
    moved = list(
        (rows if actor is None else scoped(rows, actor))
        .filter(prepared_by=from_user, status__in=Application.EDITABLE, village_id__in=list(villages))
        .select_related("child")
    )
    for app in moved:
        Application.objects.filter(pk=app.pk).update(prepared_by=to_user)
        do_log(
            actor,
            STEP,
            child=app.child,
            request=request,
            details={"application": str(app.uuid), "prepared_by": [from_user.pk, to_user.pk], "why": "handover"},
        )
    return len(moved)
