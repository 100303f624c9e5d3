"""Workforce pages: the registry and each worker's record, accounts, handovers, caseloads,
supervision (the log, spot checks, quiet workers, visits to review)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.reads import note_read
from core.errors import ActionError
from core.scope import code_range, scope_division
from core.versioning import conflict, merge_choices, save_merging
from geo.access import divisions_for, villages_for
from geo.models import Division

from . import access, actions, handover, queries
from .forms import (
    AccountForm,
    AssignForm,
    CompleteHandoverForm,
    DrawForm,
    HandoverForm,
    LeaveForm,
    LogForm,
    NormForm,
    ReviewForm,
    ScoreForm,
    WorkerEditForm,
    WorkerForm,
)
from .models import Assignment, CaseloadNorm, CaseloadSnapshot, Handover, Post, VisitReview, Worker

PAGE = 50
QUIET_DAYS = 30
HISTORY_MONTHS = 6


def _need(ok: bool) -> None:
    if not ok:
        raise Http404("Not here")


def _why(exc: ActionError) -> str:
    """An action's refusal in the reader's words."""
    texts = {
        "hand the villages over first": _("This CWD still serves villages: hand them over first."),
        "the worker already has an account": _("The worker already has an account."),
        "this user name is taken": _("This user name is taken: choose another."),
        "a worker with this ID number is already registered": _("A worker with this ID number is already registered."),
        "the division does not fit the role": _(
            "A CWD belongs to a village, a supervisor to a township, an officer to a county."
        ),
        "the successor must be another CWD in service on the day": _(
            "The successor must be another CWD in service on the handover day."
        ),
        "the township has no supervisor to take over for now": _(
            "The township has no supervisor with an account to cover for now: register one first."
        ),
        "a handover is already being prepared": _("A handover of this CWD is already being prepared."),
        "the successor has no active account yet": _("Create the successor's account first."),
        "not before the handover day": _("The handover can be completed on the handover day, not before."),
        "the handover is already complete": _("The handover is already complete."),
    }
    return texts.get(str(exc), _("This cannot be done."))


def _county(user) -> Division | None:
    division = scope_division(user)
    if division is None:
        return None
    return Division.objects.get(code=division.code[:6])


# The registry ------------------------------------------------------------------------------------


@login_required
def home(request):
    user = request.user
    _need(access.can_see_workforce(user))
    workers = access.workers_for(user).select_related("division", "user")
    role, state, q = request.GET.get("role", ""), request.GET.get("state", "active"), request.GET.get("q", "").strip()
    today = timezone.localdate()
    if role in Worker.Role.values:
        workers = workers.filter(role=role)
    if state == "active":
        workers = workers.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
    elif state == "left":
        workers = workers.filter(left_on__lte=today)
    if q:
        workers = workers.filter(full_name__icontains=q)
    page = Paginator(workers.order_by("division_id", "role", "full_name"), PAGE).get_page(request.GET.get("page"))
    vacant = _vacant(user, today)
    return render(
        request,
        "workforce/home.html",
        {
            "page": page,
            "roles": Worker.Role.choices,
            "role": role,
            "state": state,
            "q": q,
            "can_manage": access.can_manage(user),
            "vacant": vacant,
            "open_handovers": access.handovers_for(user)
            .filter(status=Handover.Status.OPEN)
            .select_related("leaving", "successor"),
        },
    )


def _vacant(user, day):
    """The villages of the user's reach with no CWD in service on the day."""
    villages = list(villages_for(user).values_list("code", "name"))
    serving = queries.serving([c for c, _ in villages], day)
    return [
        (code, name, bool(serving[code]))
        for code, name in villages
        if not any(a.kind != Assignment.Kind.INTERIM for a in serving[code])
    ]


@login_required
def worker_new(request):
    user = request.user
    _need(access.can_manage(user))
    divisions = divisions_for(user).filter(level__in=(3, 4, 5)).order_by("code")
    form = WorkerForm(request.POST or None, divisions=divisions, villages=villages_for(user).order_by("code"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            worker = actions.do_register_worker(
                user,
                role=d["role"],
                division=d["division"],
                full_name=d["full_name"],
                sex=d["sex"],
                id_number=d["id_number"],
                phone=d["phone"],
                posts=d["posts"],
                appointed_on=d["appointed_on"],
                term_ends_on=d["term_ends_on"],
                review_visits=d["review_visits"],
                villages=list(d["villages"]),
                request=request,
            )
        except ActionError as exc:
            form.add_error(None, _why(exc))
        else:
            messages.success(request, _("Registered."))
            return redirect("workforce_worker", worker.uuid)
    return render(request, "workforce/worker_form.html", {"form": form, "title": _("Register a worker")})


@login_required
def worker_detail(request, worker_uuid):
    user = request.user
    worker = access.access_worker(user, worker_uuid)
    today = timezone.localdate()
    load = queries.caseloads([worker], today)[0] if worker.role == Worker.Role.CWD else None
    can_edit = access.can_edit_worker(user, worker)
    changes = Paginator(worker.changes.select_related("by"), PAGE).get_page(request.GET.get("page"))
    _summarise(changes)
    return render(
        request,
        "workforce/worker.html",
        {
            "worker": worker,
            "id_masked": _mask_id(worker.id_number),
            "assignments": worker.assignments.select_related("village").order_by("-starts_on"),
            "changes": changes,
            "load": load,
            "history": CaseloadSnapshot.objects.filter(worker=worker)[:HISTORY_MONTHS],
            "can_edit": can_edit,
            "is_active": worker.active_on(today),
            "can_hand_over": can_edit and worker.role == Worker.Role.CWD and worker.left_on is None,
            "handovers": worker.handovers_out.all()[:5],
            "account_form": AccountForm() if can_edit and not worker.user_id and worker.left_on is None else None,
        },
    )


def _summarise(changes) -> None:
    """Each change in words: old → new values, village names for codes (one query)."""
    codes = {v for c in changes for v in [c.fields.get("village"), *(c.fields.get("division") or [])] if v}
    names = dict(Division.objects.filter(code__in=codes).values_list("code", "name"))
    posts = dict(Post.choices)
    for c in changes:
        parts = []
        for key, value in c.fields.items():
            if key in ("village", "division"):
                values = value if isinstance(value, list) else [value]
                parts.append(" → ".join(names.get(v, v) for v in values if v))
            elif isinstance(value, list) and len(value) == 2:
                old, new = ("、".join(str(posts.get(p, p)) for p in v) if isinstance(v, list) else v for v in value)
                parts.append(f"{old or '—'} → {new or '—'}")
        c.summary = "; ".join(parts)


def _mask_id(number: str) -> str:
    return f"{number[:6]}********{number[-4:]}" if len(number) == 18 else ""


@login_required
def worker_edit(request, worker_uuid):
    user = request.user
    worker = access.access_worker(user, worker_uuid)
    _need(access.can_edit_worker(user, worker))
    title = _("Change the worker's details")

    def load():
        return Worker.objects.get(pk=worker.pk)

    def make_form(current, data):
        initial = {f: getattr(current, f) for f in actions.EDITABLE}
        initial["lock_version"] = current.lock_version
        return WorkerEditForm(data, initial=initial)

    def page(form, status=200):
        return render(
            request, "workforce/worker_form.html", {"form": form, "title": title, "worker": worker}, status=status
        )

    if request.method != "POST":
        return page(make_form(load(), None))

    def attempt(data):
        form = make_form(load(), data)
        if not form.is_valid():
            return page(form, 400)
        try:
            actions.do_edit_worker(
                user,
                worker,
                seen_version=form.seen_version,
                request=request,
                **{k: v for k, v in form.cleaned_data.items() if k in actions.EDITABLE},
            )
        except ActionError as exc:
            if exc.__class__.__name__ == "StaleEdit":
                raise
            form.add_error(None, _why(exc))
            return page(form, 400)
        messages.success(request, _("Saved."))
        return redirect("workforce_worker", worker.uuid)

    def merge(data):
        fresh = make_form(load(), data)
        if not fresh.is_valid():
            return page(fresh, 400)
        cancel = reverse("workforce_worker", args=[worker.uuid])
        return conflict(request, data, [(fresh, "", True)], title=title, cancel_url=cancel)

    return save_merging(request, merge_choices(request.POST), attempt, merge)


@login_required
@require_POST
def worker_account(request, worker_uuid):
    user = request.user
    worker = access.access_worker(user, worker_uuid)
    _need(access.can_edit_worker(user, worker))
    form = AccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Letters, digits and . _ - only, 3 to 40 characters."))
        return redirect("workforce_worker", worker.uuid)
    try:
        account, password = actions.do_create_account(
            user, worker, username=form.cleaned_data["username"], request=request
        )
    except ActionError as exc:
        messages.error(request, _why(exc))
        return redirect("workforce_worker", worker.uuid)
    response = render(
        request, "workforce/account_created.html", {"worker": worker, "account": account, "password": password}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def worker_assign(request, worker_uuid):
    user = request.user
    worker = access.access_worker(user, worker_uuid)
    _need(access.can_edit_worker(user, worker) and worker.left_on is None)
    form = AssignForm(request.POST or None, villages=villages_for(user).order_by("code"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_assign_village(
                user, worker, d["village"], kind=d["kind"], starts_on=d["starts_on"], request=request
            )
        except ActionError as exc:
            form.add_error(None, _why(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("workforce_worker", worker.uuid)
    return render(
        request, "workforce/worker_form.html", {"form": form, "title": _("Add a village served"), "worker": worker}
    )


@login_required
def worker_leave(request, worker_uuid):
    user = request.user
    worker = access.access_worker(user, worker_uuid)
    _need(access.can_edit_worker(user, worker) and worker.left_on is None)
    form = LeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_deactivate_worker(
                user, worker, on=form.cleaned_data["left_on"], reason=form.cleaned_data["reason"], request=request
            )
        except ActionError as exc:
            form.add_error(None, _why(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("workforce_worker", worker.uuid)
    return render(
        request, "workforce/worker_form.html", {"form": form, "title": _("The worker leaves"), "worker": worker}
    )


# Handovers ---------------------------------------------------------------------------------------


@login_required
def handover_start(request, worker_uuid):
    user = request.user
    worker = access.access_worker(user, worker_uuid)
    _need(access.can_edit_worker(user, worker) and worker.role == Worker.Role.CWD and worker.left_on is None)
    open_one = worker.handovers_out.filter(status=Handover.Status.OPEN).first()
    if open_one:
        return redirect("workforce_handover", open_one.uuid)
    successors = (
        access.workers_for(user)
        .filter(role=Worker.Role.CWD, left_on__isnull=True, division__pk__range=code_range(worker.division_id[:6]))
        .exclude(pk=worker.pk)
        .select_related("division")
        .order_by("division_id", "full_name")
    )
    form = HandoverForm(request.POST or None, successors=successors)
    if request.method == "POST" and form.is_valid():
        try:
            h = actions.do_start_handover(
                user,
                worker,
                successor=form.cleaned_data["successor"],
                handover_on=form.cleaned_data["handover_on"],
                request=request,
            )
        except ActionError as exc:
            form.add_error(None, _why(exc))
        else:
            return redirect("workforce_handover", h.uuid)
    return render(
        request, "workforce/worker_form.html", {"form": form, "title": _("Hand over the CWD's work"), "worker": worker}
    )


@login_required
def handover_detail(request, handover_uuid):
    user = request.user
    h = access.access_handover(user, handover_uuid)
    sections = handover.checklist(h) if h.status == Handover.Status.OPEN else []
    children = [
        item.child if hasattr(item, "child") else item.plan.child
        for s in sections
        if s.key != "alerts"
        for item in s.items
    ]
    if children:
        note_read(request, children, what="workforce_handover")
    form = CompleteHandoverForm(request.POST or None)
    can_complete = access.can_edit_worker(user, h.leaving) and h.status == Handover.Status.OPEN
    if request.method == "POST":
        _need(can_complete)
        if form.is_valid():
            try:
                moved = actions.do_complete_handover(user, h, reason=form.cleaned_data["reason"], request=request)
            except ActionError as exc:
                form.add_error(None, _why(exc))
            else:
                messages.success(
                    request,
                    _("Handed over: %(villages)s villages and %(items)s open items.")
                    % {"villages": moved["villages"], "items": sum(v for k, v in moved.items() if k != "villages")},
                )
                return redirect("workforce_handover", h.uuid)
    taker = h.successor or actions.interim_for(h.leaving)
    return render(
        request,
        "workforce/handover.html",
        {
            "h": h,
            "sections": sections,
            "villages": Division.objects.filter(code__in=handover.leaving_villages(h)).order_by("code")
            if h.status == Handover.Status.OPEN
            else [],
            "taker": taker,
            "form": form,
            "can_complete": can_complete,
            "today": timezone.localdate(),
        },
    )


# Caseloads ---------------------------------------------------------------------------------------


@login_required
def caseloads(request):
    user = request.user
    _need(access.can_see_workforce(user))
    today = timezone.localdate()
    workers = list(
        access.workers_for(user)
        .filter(role=Worker.Role.CWD)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .select_related("division")
    )
    loads = sorted(queries.caseloads(workers, today), key=lambda load: (-load.over_norm, -load.files))
    county = _county(user)
    norm = CaseloadNorm.objects.filter(county=county).first() if county else None
    norm_form = None
    if access.can_manage(user) and county is not None and county.level == Division.Level.COUNTY:
        initial = {"max_files": norm.max_files if norm else 60, "max_hours": norm.max_hours if norm else 40}
        norm_form = NormForm(request.POST or None, initial=initial)
        if request.method == "POST" and norm_form.is_valid():
            actions.do_set_norm(user, county, **norm_form.cleaned_data, request=request)
            messages.success(request, _("Saved."))
            return redirect("workforce_caseloads")
    page = Paginator(loads, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/caseloads.html",
        {"page": page, "over": sum(1 for load in loads if load.over_norm), "norm_form": norm_form, "norm": norm},
    )


# Supervision -------------------------------------------------------------------------------------


@login_required
def supervision(request):
    user = request.user
    _need(access.can_see_workforce(user))
    logs = access.logs_for(user).select_related("village", "author").prefetch_related("actions")
    open_actions = access.actions_for(user).filter(done_on__isnull=True).select_related("village")
    reviews = access.reviews_for(user).filter(reviewed_at__isnull=True).select_related("worker", "visit__child")
    review_page = Paginator(reviews, PAGE).get_page(request.GET.get("reviews_page"))
    if review_page.object_list:
        note_read(request, [r.visit.child for r in review_page], what="workforce_reviews")
    return render(
        request,
        "workforce/supervision.html",
        {
            "logs": Paginator(logs, PAGE).get_page(request.GET.get("page")),
            "open_actions": Paginator(open_actions, PAGE).get_page(request.GET.get("actions_page")),
            "reviews": review_page,
            "today": timezone.localdate(),
            "review_form": ReviewForm(),
        },
    )


@login_required
def log_new(request):
    user = request.user
    _need(access.can_see_workforce(user))
    form = LogForm(request.POST or None, villages=villages_for(user).order_by("code"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_record_log(
                user,
                village=d["village"],
                visited_on=d["visited_on"],
                checked=d["checked"],
                findings=d["findings"],
                actions=d["actions"],
                request=request,
            )
        except ActionError as exc:
            form.add_error(None, _why(exc))
        else:
            messages.success(request, _("Saved in the supervision log."))
            return redirect("workforce_supervision")
    return render(request, "workforce/log_form.html", {"form": form, "title": _("New supervision log entry")})


@login_required
@require_POST
def action_done(request, action_uuid):
    user = request.user
    action = access.access_action(user, action_uuid)
    try:
        actions.do_action_done(user, action, done_on=timezone.localdate(), request=request)
    except ActionError as exc:
        messages.error(request, _why(exc))
    else:
        messages.success(request, _("Marked as done."))
    return redirect("workforce_supervision")


@login_required
@require_POST
def review_visit(request, review_id):
    user = request.user
    try:
        review = access.reviews_for(user).select_related("worker").get(pk=review_id)
    except VisitReview.DoesNotExist:
        raise Http404("No such review") from None
    form = ReviewForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    actions.do_review_visit(user, review, comment=comment, request=request)
    messages.success(request, _("Marked as reviewed."))
    return redirect("workforce_supervision")


@login_required
def spot_checks(request):
    user = request.user
    _need(access.can_see_workforce(user))
    county = _county(user)
    form = None
    if county is not None and access.can_draw(user, county.code):
        form = DrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            check = actions.do_draw_spot_check(
                user,
                county,
                per_township=form.cleaned_data["per_township"],
                seed=form.cleaned_data["seed"],
                drawn_on=timezone.localdate(),
                request=request,
            )
            return redirect("workforce_spot_check", check.uuid)
    page = Paginator(access.spot_checks_for(user).select_related("county"), PAGE).get_page(request.GET.get("page"))
    return render(request, "workforce/spot_checks.html", {"page": page, "form": form})


@login_required
def spot_check(request, check_uuid):
    user = request.user
    check = access.access_spot_check(user, check_uuid)
    villages = list(access.spot_villages_for(user, check).prefetch_related("actions"))
    return render(request, "workforce/spot_check.html", {"check": check, "villages": villages})


@login_required
def spot_village(request, check_uuid, village_code):
    user = request.user
    check = access.access_spot_check(user, check_uuid)
    spot = access.access_spot_village(user, check, village_code)
    initial = {f"score_{k}": v for k, v in spot.scores.items()}
    if spot.findings:
        initial["findings"] = spot.findings
    form = ScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_score_village(
                user,
                spot,
                scores=d["scores"],
                findings=d["findings"],
                checked_on=d["checked_on"],
                actions=d["actions"],
                request=request,
            )
        except ActionError as exc:
            form.add_error(None, _why(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("workforce_spot_check", check.uuid)
    title = _("Spot check: %(village)s") % {"village": spot.village.name}
    return render(request, "workforce/log_form.html", {"form": form, "title": title, "check": check, "spot": spot})


@login_required
def quiet(request):
    user = request.user
    _need(access.can_see_workforce(user))
    try:
        days = max(7, min(365, int(request.GET.get("days", QUIET_DAYS))))
    except ValueError:
        days = QUIET_DAYS
    today = timezone.localdate()
    workers = list(access.workers_for(user).filter(role=Worker.Role.CWD).select_related("division", "user"))
    found = queries.quiet_workers(workers, today, days)
    since = (today.replace(day=1) - timedelta(days=31 * (HISTORY_MONTHS - 1))).replace(day=1)
    snapshots = CaseloadSnapshot.objects.filter(worker__in=[w.pk for w in workers], month__gte=since)
    months = sorted({s.month for s in snapshots})
    table: dict[int, dict] = {}
    for s in snapshots:
        table.setdefault(s.worker_id, {})[s.month] = round(100 * s.overdue / s.files) if s.files else 0
    by_id = {w.pk: w for w in workers}
    rows = [(by_id[pk], [cells.get(m) for m in months]) for pk, cells in table.items()]
    rows.sort(key=lambda r: (r[0].division_id, r[0].full_name))
    return render(
        request,
        "workforce/quiet.html",
        {
            "quiet": Paginator(found, PAGE).get_page(request.GET.get("page")),
            "days": days,
            "months": months,
            "rates": Paginator(rows, PAGE).get_page(request.GET.get("rates_page")),
        },
    )
