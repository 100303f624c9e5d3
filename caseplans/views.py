"""Case plans for red and yellow children. Their part of the profile, Today and the follow-up page is in panels.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.reads import note_read
from children.access import access_child
from core.versioning import conflict, merge_choices, save_merging
from followup.access import followup_of
from partners.access import organisations_serving
from referrals.access import referrals_for
from risk.checklist import DOMAINS

from . import access, actions
from .forms import (
    ActionEditForm,
    ActionForm,
    CancelForm,
    CommentForm,
    DoneForm,
    GoalEditForm,
    GoalForm,
    NoteForm,
    PlanEditForm,
    PlanForm,
    ReasonForm,
    ReviewForm,
)
from .models import Action, CasePlan, Goal

S = CasePlan.Status


def _tier(user, child) -> str | None:
    fu = followup_of(user, child)
    return fu.tier if fu is not None else None


def _current_plan(user, child) -> CasePlan | None:
    return access.case_plans_for(user).filter(child=child).exclude(status=S.CLOSED).first()


# Pages -----------------------------------------------------------------------------------------


@login_required
def child_plan(request, child_uuid):
    """The child's plan in force; without one, the form to make one (red and yellow children)."""
    user = request.user
    child = access_child(user, child_uuid)
    plan = _current_plan(user, child)
    if plan is not None:
        plan.child = child
        return _render_plan(request, plan)
    tier = _tier(user, child)
    can_create = access.can_create_plan(user, child, tier)
    form = PlanForm(request.POST or None, prefix="plan")
    if request.method == "POST":
        if not can_create:
            raise Http404
        if form.is_valid():
            actions.do_create_plan(
                user,
                child,
                summary=form.cleaned_data["summary"],
                review_on=form.cleaned_data["review_on"],
                request=request,
            )
            messages.success(request, _("Plan started. Add a goal for each need, then actions."))
            return redirect("case_plan", child_uuid=child.uuid)
    note_read(request, child, what="plan")
    return render(
        request,
        "caseplans/plan_new.html",
        {
            "child": child,
            "form": form,
            "can_create": can_create,
            "tier": tier,
            "past": _past(request, access.case_plans_for(user).filter(child=child, status=S.CLOSED)),
        },
        status=400 if form.is_bound else 200,
    )


def _past(request, plans):
    """A child's other plans, newest first, 20 a page (`?past_page=`)."""
    return Paginator(plans.order_by("-created_at", "-pk"), 20).get_page(request.GET.get("past_page"))


@login_required
def plan_detail(request, plan_uuid):
    """Any plan of a child, closed ones included (the history)."""
    plan = access.access_case_plan(request.user, plan_uuid)
    return _render_plan(request, plan)


def _render_plan(request, plan: CasePlan, bound: dict | None = None):
    user, child, bound = request.user, plan.child, bound or {}
    today = timezone.localdate()
    can_edit = access.can_edit_plan(user, plan)
    can_work = access.can_work_plan(user, plan)
    goals = list(plan.goals.prefetch_related("actions__organisation", "actions__referral"))
    order = {code: i for i, code in enumerate(DOMAINS)}
    goals.sort(key=lambda g: (order.get(g.domain, 99), g.pk))
    domains: list[tuple[str, list[Goal]]] = []
    for goal in goals:
        if not domains or domains[-1][0] != goal.get_domain_display():
            domains.append((goal.get_domain_display(), []))
        domains[-1][1].append(goal)
        for action in goal.actions.all():
            action.is_overdue = action.status == Action.Status.OPEN and action.due_on < today
            if can_work and action.status == Action.Status.OPEN:
                action.done_form = bound.get(("done", action.pk)) or DoneForm(
                    prefix=f"done{action.pk}", initial={"done_on": today}
                )
                action.cancel_form = bound.get(("cancel", action.pk)) or CancelForm(prefix=f"cancel{action.pk}")
    open_actions = sum(1 for g in goals for a in g.actions.all() if a.status == Action.Status.OPEN)
    note_read(request, plan.child_id, what="plan", plan=str(plan.uuid))
    return render(
        request,
        "caseplans/plan_detail.html",
        {
            "plan": plan,
            "child": child,
            "domains": domains,
            "today": today,
            "is_current": plan.status != S.CLOSED,
            "can_edit": can_edit,
            "can_work": can_work,
            "can_submit": access.can_submit_plan(user, plan) and open_actions > 0,
            "can_approve": access.can_approve_plan(user, plan),
            "can_review": can_work and plan.status == S.APPROVED,
            "can_revise": can_work and plan.status == S.APPROVED,
            "goal_form": bound.get("goal") or GoalForm(prefix="goal"),
            "review_form": bound.get("review")
            or ReviewForm(prefix="review", goals=goals, initial={"reviewed_on": today}),
            "approve_form": NoteForm(prefix="approve"),
            "return_form": bound.get("return") or CommentForm(prefix="return"),
            "revise_form": NoteForm(prefix="revise"),
            "close_form": bound.get("close") or ReasonForm(prefix="close"),
            "reviews": plan.reviews.select_related("by"),
            "events": plan.events.select_related("by"),
            "past": _past(request, access.case_plans_for(user).filter(child=child).exclude(pk=plan.pk)),
        },
        status=400 if bound else 200,
    )


def _form_page(request, plan, form, title: str, *, submit: str):
    note_read(request, plan.child_id, what="plan_form", plan=str(plan.uuid))
    return render(
        request,
        "caseplans/form.html",
        {"plan": plan, "child": plan.child, "form": form, "title": title, "submit": submit},
        status=400 if form.is_bound else 200,
    )


def _done(request, plan):
    messages.success(request, _("Saved."))
    return redirect("case_plan", child_uuid=plan.child.uuid)


def _edit(request, plan, load, make_form, save, title: str):
    """An edit page of a versioned part of the plan. `load()` reads the record as saved now,
    `make_form(record, data)` builds its form, `save(record, form)` calls the action. A save from
    a stale form is merged with the other edit, or shows the conflict page (core.versioning)."""
    if request.method != "POST":
        return _form_page(request, plan, make_form(load(), None), title, submit=_("Save"))

    def attempt(data):
        form = make_form(load(), data)
        if not form.is_valid():
            return _form_page(request, plan, form, title, submit=_("Save"))
        save(form)
        return _done(request, plan)

    def merge(data):
        fresh = make_form(load(), data)
        if not fresh.is_valid():
            return _form_page(request, plan, fresh, title, submit=_("Save"))
        cancel_url = reverse("case_plan", args=[plan.child.uuid])
        note_read(request, plan.child_id, what="plan_form", plan=str(plan.uuid))
        return conflict(
            request, data, [(fresh, "", True)], title=title, cancel_url=cancel_url, context={"child": plan.child}
        )

    # On a conflict page's answer, each field picked as "now saved" takes that value.
    return save_merging(request, merge_choices(request.POST), attempt, merge)


@login_required
def plan_edit(request, plan_uuid):
    plan = access.access_case_plan(request.user, plan_uuid)
    if not access.can_edit_plan(request.user, plan):
        raise Http404

    def make_form(current, data):
        initial = {"summary": current.summary, "review_on": current.review_on, "lock_version": current.lock_version}
        return PlanEditForm(data, prefix="plan", initial=initial)

    def save(form):
        d = form.cleaned_data
        actions.do_edit_plan(
            request.user,
            plan,
            summary=d["summary"],
            review_on=d["review_on"],
            seen_version=form.seen_version,
            request=request,
        )

    def load():
        plan.refresh_from_db()
        return plan

    return _edit(request, plan, load, make_form, save, _("Assessment and review date"))


def _action_form(request, plan, action: Action | None = None, data=None):
    initial, form_class = {}, ActionForm
    if action is not None:
        form_class = ActionEditForm
        initial = {
            "text": action.text,
            "organisation": action.organisation_id,
            "due_on": action.due_on,
            "responsible_person": action.responsible_person,
            "referral": action.referral_id,
            "lock_version": action.lock_version,
        }
    else:
        data = request.POST or None
    return form_class(
        data,
        prefix="action",
        initial=initial,
        organisations=organisations_serving(plan.child.village),
        referrals=referrals_for(request.user).filter(child=plan.child).select_related("organisation"),
        current_due=action.due_on if action else None,
    )


@login_required
def action_new(request, plan_uuid, goal_id):
    plan = access.access_case_plan(request.user, plan_uuid)
    goal = _get(plan.goals, goal_id)
    if not access.can_edit_plan(request.user, plan):
        raise Http404
    form = _action_form(request, plan)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.do_add_action(
            request.user,
            goal,
            text=d["text"],
            due_on=d["due_on"],
            organisation=d["organisation"],
            responsible_person=d["responsible_person"],
            referral=d.get("referral"),
            request=request,
        )
        return _done(request, plan)
    return _form_page(request, plan, form, _("New action: %(goal)s") % {"goal": goal.text}, submit=_("Add the action"))


@login_required
def action_edit(request, plan_uuid, action_id):
    plan = access.access_case_plan(request.user, plan_uuid)
    action = _get(plan.actions, action_id)
    if not access.can_edit_plan(request.user, plan) or action.status != Action.Status.OPEN:
        raise Http404

    def save(form):
        d = form.cleaned_data
        actions.do_edit_action(
            request.user,
            action,
            text=d["text"],
            due_on=d["due_on"],
            organisation=d["organisation"],
            responsible_person=d["responsible_person"],
            referral=d.get("referral"),
            seen_version=form.seen_version,
            request=request,
        )

    def load():
        action.refresh_from_db()
        return action

    return _edit(
        request, plan, load, lambda a, data: _action_form(request, plan, a, data), save, _("Change the action")
    )


@login_required
def goal_edit(request, plan_uuid, goal_id):
    plan = access.access_case_plan(request.user, plan_uuid)
    goal = _get(plan.goals, goal_id)
    if not access.can_edit_plan(request.user, plan):
        raise Http404

    def make_form(current, data):
        initial = {"domain": current.domain, "text": current.text, "lock_version": current.lock_version}
        return GoalEditForm(data, prefix="goal", initial=initial)

    def save(form):
        d = form.cleaned_data
        actions.do_edit_goal(
            request.user, goal, domain=d["domain"], text=d["text"], seen_version=form.seen_version, request=request
        )

    def load():
        goal.refresh_from_db()
        return goal

    return _edit(request, plan, load, make_form, save, _("Change the goal"))


@login_required
@require_POST
def action_done(request, plan_uuid, action_id):
    plan = access.access_case_plan(request.user, plan_uuid)
    action = _get(plan.actions, action_id)
    form = DoneForm(request.POST, prefix=f"done{action.pk}")
    if not form.is_valid():
        return _render_plan(request, plan, {("done", action.pk): form})
    actions.do_mark_action_done(request.user, action, request=request, **form.cleaned_data)
    return _done(request, plan)


@login_required
@require_POST
def action_cancel(request, plan_uuid, action_id):
    plan = access.access_case_plan(request.user, plan_uuid)
    action = _get(plan.actions, action_id)
    form = CancelForm(request.POST, prefix=f"cancel{action.pk}")
    if not form.is_valid():
        return _render_plan(request, plan, {("cancel", action.pk): form})
    actions.do_cancel_action(request.user, action, reason=form.cleaned_data["reason"], request=request)
    return _done(request, plan)


STEPS = {
    "goal": (GoalForm, lambda u, p, f, req: actions.do_add_goal(u, p, request=req, **f.cleaned_data)),
    "submit": (None, lambda u, p, f, req: actions.do_submit(u, p, request=req)),
    "approve": (NoteForm, lambda u, p, f, req: actions.do_approve(u, p, f.cleaned_data["note"], request=req)),
    "return": (CommentForm, lambda u, p, f, req: actions.do_return(u, p, f.cleaned_data["comment"], request=req)),
    "review": (
        ReviewForm,
        lambda u, p, f, req: actions.do_review(
            u,
            p,
            reviewed_on=f.cleaned_data["reviewed_on"],
            progress=f.cleaned_data["progress"],
            goal_statuses=f.goal_statuses(),
            next_review_on=f.cleaned_data["next_review_on"],
            request=req,
        ),
    ),
    "revise": (NoteForm, lambda u, p, f, req: actions.do_revise(u, p, f.cleaned_data["note"], request=req)),
    "close": (ReasonForm, lambda u, p, f, req: actions.do_close(u, p, f.cleaned_data["reason"], request=req)),
}
DONE_MESSAGES = {
    "submit": gettext_lazy("Sent to the supervisor for approval."),
    "approve": gettext_lazy("Plan approved."),
    "return": gettext_lazy("Plan returned with your comment."),
    "revise": gettext_lazy("The plan is a draft again; submit it for approval when the changes are made."),
    "close": gettext_lazy("Plan closed."),
}


@login_required
@require_POST
def plan_step(request, plan_uuid, step):
    if step not in STEPS:
        raise Http404
    plan = access.access_case_plan(request.user, plan_uuid)
    form_class, run = STEPS[step]
    form = None
    if form_class is ReviewForm:
        form = ReviewForm(request.POST, prefix=step, goals=plan.goals.all())
    elif form_class is not None:
        form = form_class(request.POST, prefix=step)
    if form is not None and not form.is_valid():
        return _render_plan(request, plan, {step: form})
    run(request.user, plan, form, request)
    messages.success(request, str(DONE_MESSAGES.get(step, _("Saved."))))
    if step == "close":
        return redirect("case_plan_detail", plan_uuid=plan.uuid)
    return redirect("case_plan", child_uuid=plan.child.uuid)


def _get(related, pk):
    try:
        return related.get(pk=pk)
    except (related.model.DoesNotExist, ValueError):
        raise Http404 from None
