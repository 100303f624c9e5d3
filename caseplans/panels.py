"""Case plans on the child's profile, at the top of Today and at the end of the follow-up page."""

from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from audit.reads import note_read
from children.access import can_see_overview
from core import panels
from core.scope import is_staff_role, scope_division
from followup.access import followup_of
from geo.models import Division

from . import access
from .models import Action, CasePlan

S = CasePlan.Status
SCHEDULE_PAGE = 20  # a compact list at the top of Today, paged (`?plan_actions_page=`, `?plan_reviews_page=`)
AWAITING_PAGE = 50
VILLAGE_PAGE = 100
STAFF = (User.Role.CWD, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER)


def child_context(user, child) -> dict:
    """What the child's profile shows of the case plan (templates/caseplans/_child_plan.html)."""
    if user.role == User.Role.PARTNER:
        return {}
    plan = access.case_plans_for(user).filter(child=child).exclude(status=S.CLOSED).first()
    fu = followup_of(user, child)
    tier = fu.tier if fu is not None else None
    context = {
        "case_plan": plan,
        "case_plan_tier": tier,
        "can_create_plan": plan is None and access.can_create_plan(user, child, tier),
    }
    if plan is not None:
        counts = plan.actions.filter(status=Action.Status.OPEN).aggregate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate()))
        )
        context |= {"case_plan_open": counts["open"], "case_plan_overdue": counts["overdue"]}
    return context


def _open_actions(user, day: date):
    """Open actions past their due date in the user's scope (closing a plan cancels its open
    actions, so every open action belongs to a plan in force)."""
    return Action.objects.filter(status=Action.Status.OPEN, due_on__lt=day, plan__in=access.case_plans_for(user))


def _page(items, size: int, query, param: str) -> Page:
    """One page of a panel's list; the page number comes from the page's own query string, so
    each list of a page pages on its own parameter (templates use `{% pager page param=… %}`)."""
    return Paginator(items, size).get_page(query.get(param) if query is not None else None)


def today_context(user, day, query=None) -> dict:
    """Overdue case-plan actions and reviews for the CWD's today page (templates/caseplans/_today.html),
    oldest first, each list paged with its total; `query` is the request's GET."""
    if not is_staff_role(user, *STAFF):
        return {}
    overdue = _open_actions(user, day).select_related("plan__child", "plan__child__village", "organisation")
    reviews = access.case_plans_for(user).filter(status=S.APPROVED, review_on__lte=day)
    return {
        "plan_actions_overdue": _page(overdue.order_by("due_on", "pk"), SCHEDULE_PAGE, query, "plan_actions_page"),
        "plan_reviews_due": _page(
            reviews.select_related("child", "child__village").order_by("review_on", "pk"),
            SCHEDULE_PAGE,
            query,
            "plan_reviews_page",
        ),
    }


def followup_context(user, day, query=None) -> dict:
    """Plans awaiting the user's approval, and overdue actions and reviews per village, for the
    supervisor's and county's follow-up page (templates/caseplans/_followup.html), each paged
    with its total; `query` is the request's GET."""
    if not can_see_overview(user):
        return {}
    plans = access.case_plans_for(user)
    awaiting = _page(
        plans.filter(status=S.SUBMITTED)
        .exclude(created_by=user)
        .exclude(submitted_by=user)
        .select_related("child", "child__village", "submitted_by")
        .order_by("submitted_at", "pk"),
        AWAITING_PAGE,
        query,
        "awaiting_page",
    )
    # Grouped scans over the partial indexes: one row per village, never one query per plan.
    by_village: dict[str, dict] = {}
    for row in (
        Action.objects.filter(status=Action.Status.OPEN, due_on__lt=day, plan__in=plans)
        .values("plan__village_id")
        .annotate(actions=Count("pk"), children=Count("plan__child_id", distinct=True))
        .order_by()
    ):
        by_village[row["plan__village_id"]] = {"actions": row["actions"], "children": row["children"], "reviews": 0}
    for row in (
        plans.filter(status=S.APPROVED, review_on__lt=day).values("village_id").annotate(n=Count("pk")).order_by()
    ):
        by_village.setdefault(row["village_id"], {"actions": 0, "children": 0, "reviews": 0})["reviews"] = row["n"]
    rows = sorted(by_village.items(), key=lambda kv: (-kv[1]["actions"], -kv[1]["reviews"], kv[0]))
    villages = _page(rows, VILLAGE_PAGE, query, "plan_village_page")
    names = dict(Division.objects.filter(code__in=[code for code, _ in villages]).values_list("code", "name"))
    villages.object_list = [
        {"village_id": code, "name": names.get(code, code), **counts} for code, counts in villages.object_list
    ]
    return {"plans_awaiting": awaiting, "plan_overdue_by_village": villages}


@panels.register("child_profile", order=30)
def child_plan(request, child) -> str:
    context = child_context(request.user, child)
    if not context:
        return ""
    return panels.render_template("caseplans/_child_plan.html", {**context, "child": child}, request)


@panels.register("today", order=10)
def today(request, day) -> str:
    user = request.user
    context = today_context(user, day, request.GET)
    if not context:
        return ""
    scope = scope_division(user)
    shown = [a.plan.child_id for a in context["plan_actions_overdue"]] + [
        p.child_id for p in context["plan_reviews_due"]
    ]
    note_read(request, shown, what="plan_schedule")
    return panels.render_template(
        "caseplans/_today.html", {**context, "today": day, "show_village": scope is None or scope.level < 5}, request
    )


@panels.register("followup", order=10)
def followup(request, day) -> str:
    context = followup_context(request.user, day, request.GET)
    if not context:
        return ""
    note_read(request, [p.child_id for p in context["plans_awaiting"]], what="plan_schedule")
    return panels.render_template("caseplans/_followup.html", context, request)
