"""Case plans: who sees and does what, the approval loop, reviews, the schedule and the nightly alerts."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from alerts.kinds import alert_link, alert_text
from alerts.models import Alert
from caseplans import actions, panels
from caseplans.models import Action, CasePlan, Goal, PlanEvent, Review
from caseplans.services import remind_overdue
from children.actions import do_transfer_child
from conftest import make_child
from core.errors import ActionError
from followup import services as followup_services
from followup.models import TIER_RANK, FollowUp, TierOverride

TODAY = timezone.localdate()


def set_tier(child, tier: str) -> None:
    FollowUp.objects.update_or_create(
        child=child,
        defaults={
            "village_id": child.village_id,
            "tier": tier,
            "computed_tier": tier,
            "tier_rank": TIER_RANK[tier],
            "due_on": TODAY + timedelta(days=7),
            "computed_at": timezone.now(),
        },
    )


def make_plan(child, author, *, status="draft", due=None, org=None) -> CasePlan:
    """A plan with one goal and one action, taken to `status` through the actions."""
    set_tier(child, "red")
    plan = actions.do_create_plan(
        author, child, summary="祖母无力照料，孩子常独自在家", review_on=TODAY + timedelta(days=30)
    )
    goal = actions.do_add_goal(author, plan, domain="supervision", text="孩子有可靠的照料人")
    actions.do_add_action(
        author,
        goal,
        text="联系父母确定委托照护人",
        due_on=due or TODAY + timedelta(days=10),
        organisation=org,
        responsible_person="" if org else "儿童主任",
    )
    if status in ("submitted", "approved"):
        actions.do_submit(author, plan)
    if status == "approved":
        from accounts.models import User

        approver = User.objects.get(username="sup1" if plan.village_id.startswith("511324100") else "county")
        actions.do_approve(approver, plan)
    plan.refresh_from_db()
    return plan


def plan_url(child):
    return reverse("case_plan", args=[child.uuid])


# Models ------------------------------------------------------------------------------------------


def test_one_plan_in_force_per_child_but_closed_plans_stay(people, kids):
    plan = make_plan(kids["a"], people["cwd_a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CasePlan.objects.create(child=kids["a"], village_id=kids["a"].village_id, summary="x", review_on=TODAY)
    actions.do_close(people["cwd_a"], plan, "孩子父母返乡")
    second = actions.do_create_plan(people["cwd_a"], kids["a"], summary="新计划", review_on=TODAY + timedelta(9))
    assert CasePlan.objects.filter(child=kids["a"]).count() == 2
    assert second.status == "draft"


def test_an_action_needs_someone_responsible(people, kids):
    plan = make_plan(kids["a"], people["cwd_a"])
    goal = plan.goals.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(goal=goal, plan=plan, text="x", due_on=TODAY)
    with pytest.raises(ActionError):
        actions.do_add_action(people["cwd_a"], goal, text="x", due_on=TODAY, responsible_person="  ")


def test_a_closed_plan_needs_a_reason(people, kids):
    plan = make_plan(kids["a"], people["cwd_a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CasePlan.objects.filter(pk=plan.pk).update(status="closed")


# Access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("outsider", ["cwd_b", "supervisor_t2", "other_county", "cwd_d", "partner"])
def test_outsiders_get_404_on_every_plan_page(people, kids, login, outsider):
    plan = make_plan(kids["a"], people["cwd_a"], status="submitted")
    action = plan.actions.get()
    client = login(people[outsider])
    assert client.get(plan_url(kids["a"])).status_code == 404
    assert client.get(reverse("case_plan_detail", args=[plan.uuid])).status_code == 404
    assert client.get(reverse("case_action_edit", args=[plan.uuid, action.pk])).status_code == 404
    assert client.post(reverse("case_plan_step", args=[plan.uuid, "approve"])).status_code == 404
    assert (
        client.post(
            reverse("case_action_done", args=[plan.uuid, action.pk]), {f"done{action.pk}-done_on": TODAY.isoformat()}
        ).status_code
        == 404
    )
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_the_village_cwd_supervisor_and_county_see_the_plan(people, kids, login):
    make_plan(kids["a"], people["cwd_a"])
    for who in ("cwd_a", "supervisor", "county", "admin"):
        response = login(people[who]).get(plan_url(kids["a"]))
        assert response.status_code == 200, who
        assert "联系父母确定委托照护人" in response.content.decode()


@pytest.mark.parametrize("tier", ["green", "blue", None])
def test_no_plan_for_green_or_blue_children(people, kids, login, tier):
    if tier:
        set_tier(kids["a"], tier)
    client = login(people["cwd_a"])
    response = client.get(plan_url(kids["a"]))
    assert response.status_code == 200
    assert 'data-form="plan-new"' not in response.content.decode()
    response = client.post(plan_url(kids["a"]), {"plan-summary": "x", "plan-review_on": (TODAY + timedelta(9))})
    assert response.status_code == 404
    assert not CasePlan.objects.exists()
    with pytest.raises(ActionError):
        actions.do_create_plan(people["cwd_a"], kids["a"], summary="x", review_on=TODAY + timedelta(9))


def test_an_override_to_yellow_allows_a_plan(people, kids, login):
    child = kids["a"]
    followup_services.reassess([child.pk])
    TierOverride.objects.create(
        child=child, tier="yellow", reason="祖母住院", expires_on=TODAY + timedelta(30), by=people["supervisor"]
    )
    followup_services.reassess([child.pk], source="override")
    assert FollowUp.objects.get(child=child).tier == "yellow"
    response = login(people["cwd_a"]).post(
        plan_url(child), {"plan-summary": "祖母住院，无人照料", "plan-review_on": (TODAY + timedelta(30)).isoformat()}
    )
    assert response.status_code == 302
    plan = CasePlan.objects.get(child=child)
    assert (plan.status, plan.created_by, plan.village_id) == ("draft", people["cwd_a"], child.village_id)


def test_the_profile_prompts_for_a_plan_then_shows_its_state(people, kids, login):
    client = login(people["cwd_a"])
    set_tier(kids["a"], "yellow")
    page = client.get(reverse("child_detail", args=[kids["a"].uuid])).content.decode()
    assert 'data-case-plan="none"' in page
    assert "data-make-plan" in page
    make_plan(kids["a"], people["cwd_a"], status="approved", due=TODAY)
    Action.objects.update(due_on=TODAY - timedelta(days=2))
    page = client.get(reverse("child_detail", args=[kids["a"].uuid])).content.decode()
    assert 'data-case-plan="approved"' in page
    assert 'data-plan-overdue="1"' in page
    set_tier(kids["b"], "green")
    page = login(people["cwd_b"]).get(reverse("child_detail", args=[kids["b"].uuid])).content.decode()
    assert "data-case-plan" not in page


# Forms ----------------------------------------------------------------------------------------------


def test_forms_keep_what_was_typed_and_say_what_is_wrong(people, kids, login):
    set_tier(kids["a"], "red")
    client = login(people["cwd_a"])
    response = client.post(
        plan_url(kids["a"]), {"plan-summary": "孩子独自在家", "plan-review_on": (TODAY + timedelta(120)).isoformat()}
    )
    assert response.status_code == 400
    assert "孩子独自在家" in response.content.decode()
    assert response.context["form"].errors["review_on"]
    plan = make_plan(kids["a"], people["cwd_a"])
    goal = plan.goals.get()
    url = reverse("case_action_new", args=[plan.uuid, goal.pk])
    response = client.post(url, {"action-text": "带孩子体检", "action-due_on": (TODAY - timedelta(1)).isoformat()})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["due_on"]
    assert form.non_field_errors()
    assert "带孩子体检" in response.content.decode()
    response = client.post(
        reverse("case_plan_step", args=[plan.uuid, "goal"]), {"goal-domain": "health", "goal-text": ""}
    )
    assert response.status_code == 400
    assert response.context["goal_form"].errors["text"]


def test_cwd_builds_a_plan_through_the_pages(people, kids, login):
    set_tier(kids["a"], "red")
    org = people["partner"].organisation
    client = login(people["cwd_a"])
    client.post(plan_url(kids["a"]), {"plan-summary": "营养不良", "plan-review_on": (TODAY + timedelta(30))})
    plan = CasePlan.objects.get()
    client.post(reverse("case_plan_step", args=[plan.uuid, "goal"]), {"goal-domain": "health", "goal-text": "体重恢复"})
    goal = Goal.objects.get()
    response = client.post(
        reverse("case_action_new", args=[plan.uuid, goal.pk]),
        {
            "action-text": "到卫生院体检",
            "action-organisation": org.pk,
            "action-due_on": (TODAY + timedelta(7)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.organisation, action.plan, action.status) == (org, plan, "open")
    client.post(reverse("case_plan_step", args=[plan.uuid, "submit"]))
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert list(plan.events.values_list("kind", flat=True)) == ["created", "goal_added", "action_added", "submitted"]
    # Once submitted, the plan cannot be changed by its author.
    response = client.post(
        reverse("case_plan_step", args=[plan.uuid, "goal"]), {"goal-domain": "health", "goal-text": "x"}
    )
    assert response.status_code == 404
    assert Goal.objects.count() == 1


# Approval loop -----------------------------------------------------------------------------------


def test_author_cannot_approve_even_a_supervisor(people, kids, login):
    plan = make_plan(kids["a"], people["supervisor"], status="submitted")
    response = login(people["supervisor"]).post(reverse("case_plan_step", args=[plan.uuid, "approve"]))
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.status == "submitted"
    # The county approves what a supervisor wrote, and was the one alerted.
    assert Alert.objects.filter(kind="case_plan_submitted", recipient=people["county"]).exists()
    login(people["county"]).post(reverse("case_plan_step", args=[plan.uuid, "approve"]))
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == ("approved", people["county"])


def test_cwd_cannot_approve(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="submitted")
    response = login(people["cwd_a"]).post(reverse("case_plan_step", args=[plan.uuid, "approve"]))
    assert response.status_code == 404


def test_supervisor_approves_and_the_author_is_alerted(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="submitted")
    alert = Alert.objects.get(kind="case_plan_submitted")
    assert alert.recipient == people["supervisor"]
    assert "李红" in alert_text(alert)
    assert alert_link(alert, people["supervisor"]) == reverse("case_plan_detail", args=[plan.uuid])
    response = login(people["supervisor"]).post(
        reverse("case_plan_step", args=[plan.uuid, "approve"]), {"approve-note": "同意"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == ("approved", people["supervisor"])
    assert plan.approved_at is not None
    approved = Alert.objects.get(kind="case_plan_approved")
    assert approved.recipient == people["cwd_a"]
    assert "王芳" in alert_text(approved)


def test_return_with_comment_goes_back_to_the_author(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="submitted")
    client = login(people["supervisor"])
    response = client.post(reverse("case_plan_step", args=[plan.uuid, "return"]), {"return-comment": ""})
    assert response.status_code == 400
    client.post(reverse("case_plan_step", args=[plan.uuid, "return"]), {"return-comment": "请补充教育方面的目标"})
    plan.refresh_from_db()
    assert (plan.status, plan.return_note) == ("returned", "请补充教育方面的目标")
    alert = Alert.objects.get(kind="case_plan_returned")
    assert alert.recipient == people["cwd_a"]
    assert "请补充教育方面的目标" in alert_text(alert)
    # The author can edit again and resubmit; the supervisor is alerted again.
    page = login(people["cwd_a"]).get(plan_url(kids["a"])).content.decode()
    assert "data-return-note" in page
    assert 'data-form="goal"' in page
    actions.do_add_goal(people["cwd_a"], plan, domain="education", text="按时上学")
    actions.do_submit(people["cwd_a"], plan)
    assert Alert.objects.filter(kind="case_plan_submitted", recipient=people["supervisor"]).count() == 2


def test_revising_an_approved_plan_needs_approval_again_and_keeps_history(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="approved")
    login(people["cwd_a"]).post(reverse("case_plan_step", args=[plan.uuid, "revise"]), {"revise-note": "父母返乡"})
    plan.refresh_from_db()
    assert (plan.status, plan.version, plan.approved_by) == ("draft", 2, None)
    kinds = list(plan.events.values_list("kind", "version"))
    assert ("approved", 1) in kinds
    assert ("revised", 2) in kinds
    actions.do_submit(people["cwd_a"], plan)
    actions.do_approve(people["supervisor"], plan)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("approved", 2)


# Work on an approved plan ---------------------------------------------------------------------------


def test_review_updates_goals_and_the_next_review(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="approved")
    goal = plan.goals.get()
    next_review = TODAY + timedelta(days=45)
    response = login(people["cwd_a"]).post(
        reverse("case_plan_step", args=[plan.uuid, "review"]),
        {
            "review-reviewed_on": TODAY.isoformat(),
            "review-progress": "已找到委托照护人",
            f"review-goal_{goal.pk}": "achieved",
            "review-next_review_on": next_review.isoformat(),
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    goal.refresh_from_db()
    assert plan.review_on == next_review
    assert goal.status == "achieved"
    review = Review.objects.get()
    assert review.goal_statuses == {str(goal.pk): "achieved"}
    assert review.by == people["cwd_a"]


def test_review_date_must_be_within_90_days(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="approved")
    response = login(people["cwd_a"]).post(
        reverse("case_plan_step", args=[plan.uuid, "review"]),
        {
            "review-reviewed_on": TODAY.isoformat(),
            "review-progress": "进展顺利",
            "review-next_review_on": (TODAY + timedelta(days=91)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "进展顺利" in response.content.decode()
    assert not Review.objects.exists()


def test_mark_done_and_close_cancels_the_rest(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="approved")
    goal = plan.goals.get()
    with pytest.raises(ActionError):  # goals and actions change only in a draft
        actions.do_add_action(people["cwd_a"], goal, text="x", due_on=TODAY, responsible_person="祖母")
    action = plan.actions.get()
    client = login(people["cwd_a"])
    client.post(
        reverse("case_action_done", args=[plan.uuid, action.pk]),
        {f"done{action.pk}-done_on": TODAY.isoformat(), f"done{action.pk}-note": "已签协议"},
    )
    action.refresh_from_db()
    assert (action.status, action.done_on, action.note) == ("done", TODAY, "已签协议")
    Action.objects.create(goal=goal, plan=plan, text="每周电话", due_on=TODAY, responsible_person="儿童主任")
    client.post(reverse("case_plan_step", args=[plan.uuid, "close"]), {"close-reason": "父母返乡照料"})
    plan.refresh_from_db()
    assert (plan.status, plan.closing_reason) == ("closed", "父母返乡照料")
    assert set(plan.actions.values_list("status", flat=True)) == {"done", "cancelled"}
    assert PlanEvent.objects.filter(plan=plan, kind="closed").exists()
    # The closed plan is still readable, and a new one can be made.
    assert client.get(reverse("case_plan_detail", args=[plan.uuid])).status_code == 200
    assert 'data-form="plan-new"' in client.get(plan_url(kids["a"])).content.decode()


def test_an_action_no_longer_needed_leaves_the_schedule_with_its_reason(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="approved")
    Action.objects.filter(plan=plan).update(due_on=TODAY - timedelta(days=3))
    action = plan.actions.get()
    url = reverse("case_action_cancel", args=[plan.uuid, action.pk])
    # Another village's CWD cannot touch it; a reason is required and the form says so.
    assert login(people["cwd_b"]).post(url, {f"cancel{action.pk}-reason": "x"}).status_code == 404
    client = login(people["cwd_a"])
    response = client.post(url, {f"cancel{action.pk}-reason": ""})
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.status == "open"
    client.post(url, {f"cancel{action.pk}-reason": "父母已返乡，自行照料"})
    action.refresh_from_db()
    assert (action.status, action.note) == ("cancelled", "父母已返乡，自行照料")
    assert PlanEvent.objects.filter(plan=plan, kind="action_cancelled").exists()
    assert "data-overdue-action" not in client.get(reverse("today")).content.decode()
    assert remind_overdue(TODAY) == 0
    assert "父母已返乡，自行照料" in client.get(plan_url(kids["a"])).content.decode()


def test_transfer_moves_the_plan(people, kids, geo):
    plan = make_plan(kids["a"], people["cwd_a"], status="approved")
    do_transfer_child(people["county"], kids["a"], geo["village_c"], TODAY, "搬家")
    plan.refresh_from_db()
    assert plan.village_id == geo["village_c"].code
    from caseplans import access

    assert not access.case_plans_for(people["supervisor"]).exists()
    assert access.case_plans_for(people["supervisor_t2"]).get() == plan


# Schedule ----------------------------------------------------------------------------------------


def test_overdue_action_is_on_today_for_the_cwd_only(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="approved")
    Action.objects.filter(plan=plan).update(due_on=TODAY - timedelta(days=3))
    action = plan.actions.get()
    page = login(people["cwd_a"]).get(reverse("today")).content.decode()
    assert f'data-overdue-action="{action.pk}"' in page
    page = login(people["cwd_b"]).get(reverse("today")).content.decode()
    assert "data-overdue-action" not in page
    # A supervisor's today covers the township.
    assert list(panels.today_context(people["supervisor"], TODAY)["plan_actions_overdue"]) == [action]
    assert list(panels.today_context(people["supervisor_t2"], TODAY)["plan_actions_overdue"]) == []
    assert panels.today_context(people["partner"], TODAY) == {}


def test_review_due_is_on_today(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="approved")
    CasePlan.objects.filter(pk=plan.pk).update(review_on=TODAY)
    page = login(people["cwd_a"]).get(reverse("today")).content.decode()
    assert f'data-review-due="{plan.uuid}"' in page


def test_followup_page_lists_plans_awaiting_the_supervisor(people, kids, login):
    plan = make_plan(kids["a"], people["cwd_a"], status="submitted")
    page = login(people["supervisor"]).get(reverse("followup_overdue")).content.decode()
    assert f'data-awaiting="{plan.uuid}"' in page
    page = login(people["supervisor_t2"]).get(reverse("followup_overdue")).content.decode()
    assert f'data-awaiting="{plan.uuid}"' not in page
    page = login(people["other_county"]).get(reverse("followup_overdue")).content.decode()
    assert f'data-awaiting="{plan.uuid}"' not in page
    assert login(people["cwd_a"]).get(reverse("followup_overdue")).status_code == 404


def test_followup_page_counts_overdue_actions_per_village(people, kids, login):
    make_plan(kids["a"], people["cwd_a"], status="approved")
    make_plan(kids["b"], people["cwd_b"], status="approved")
    Action.objects.update(due_on=TODAY - timedelta(days=1))
    CasePlan.objects.filter(child=kids["b"]).update(review_on=TODAY - timedelta(days=1))
    rows = panels.followup_context(people["supervisor"], TODAY)["plan_overdue_by_village"]
    assert {(r["village_id"], r["actions"], r["children"], r["reviews"]) for r in rows} == {
        (kids["a"].village_id, 1, 1, 0),
        (kids["b"].village_id, 1, 1, 1),
    }
    assert list(panels.followup_context(people["supervisor_t2"], TODAY)["plan_overdue_by_village"]) == []


def _many_plans(people, geo, n):
    for i in range(n):
        child = make_child(geo["village_a"], f"孩子{i}", dob=date(2014, 1, 1 + i))
        plan = make_plan(child, people["cwd_a"], status="approved")
        Action.objects.filter(plan=plan).update(due_on=TODAY - timedelta(days=2))
        CasePlan.objects.filter(pk=plan.pk).update(review_on=TODAY - timedelta(days=1))
        second = make_child(geo["village_b"], f"待批{i}", dob=date(2013, 1, 1 + i))
        make_plan(second, people["cwd_b"], status="submitted")


@pytest.mark.parametrize("n", [1, 6])
def test_schedule_queries_do_not_grow_with_rows(people, geo, django_assert_max_num_queries, n):
    _many_plans(people, geo, n)
    # Each list: its count (the total shown) and its page.
    with django_assert_max_num_queries(4):
        context = panels.today_context(people["cwd_a"], TODAY)
        assert len(context["plan_actions_overdue"]) == n
        [a.plan.child.village.name for a in context["plan_actions_overdue"]]
        [p.child.village.name for p in context["plan_reviews_due"]]
    with django_assert_max_num_queries(5):
        context = panels.followup_context(people["supervisor"], TODAY)
        assert len(context["plans_awaiting"]) == n
        [(p.child.village.name, p.submitted_by.display_name) for p in context["plans_awaiting"]]


def test_today_and_followup_pages_render_with_many_plans(people, geo, login):
    _many_plans(people, geo, 5)
    assert login(people["cwd_a"]).get(reverse("today")).status_code == 200
    assert login(people["supervisor"]).get(reverse("followup_overdue")).status_code == 200


# Nightly -----------------------------------------------------------------------------------------


def test_nightly_alerts_overdue_actions_and_reviews_once(people, kids):
    plan = make_plan(kids["a"], people["cwd_a"], status="approved")
    make_plan(kids["c"], people["cwd_c"], status="approved")  # not overdue
    Action.objects.filter(plan=plan).update(due_on=TODAY - timedelta(days=1))
    CasePlan.objects.filter(pk=plan.pk).update(review_on=TODAY - timedelta(days=1))
    assert remind_overdue(TODAY) == 2
    assert remind_overdue(TODAY) == 0
    alerts = Alert.objects.filter(kind__in=["case_action_overdue", "case_review_due"])
    assert {(a.kind, a.recipient.username, a.child_id) for a in alerts} == {
        ("case_action_overdue", "cwd_a", kids["a"].pk),
        ("case_review_due", "cwd_a", kids["a"].pk),
    }
    for alert in alerts:
        assert kids["a"].name in alert_text(alert)
    # A new review date, once passed, alerts again; a closed plan does not.
    CasePlan.objects.filter(pk=plan.pk).update(review_on=TODAY - timedelta(days=2))
    assert remind_overdue(TODAY) == 1
    plan.refresh_from_db()
    actions.do_close(people["cwd_a"], plan, "结案")
    Alert.objects.all().delete()
    assert remind_overdue(TODAY) == 0


def test_a_childs_earlier_plans_page_with_their_total(people, kids, login):
    child = kids["a"]
    for n in range(23):
        CasePlan.objects.create(
            child=child,
            village_id=child.village_id,
            summary=f"第{n}次",
            review_on=TODAY,
            status="closed",
            closing_reason="目标已达成",
        )
    client = login(people["cwd_a"])
    first = client.get(plan_url(child), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "(23)" in first
    assert first.count("目标已达成") == 20
    second = client.get(plan_url(child) + "?past_page=2").content.decode()
    assert second.count("目标已达成") == 3


def test_today_pages_overdue_actions_and_reviews_with_their_totals(people, geo, login):
    _many_plans(people, geo, 21)
    client = login(people["cwd_a"])
    first = client.get(reverse("today"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="plan-actions-total">21<' in first
    assert 'id="plan-reviews-total">21<' in first
    assert first.count("data-overdue-action=") == 20
    assert first.count("data-review-due=") == 20
    assert "?plan_actions_page=2" in first
    # The second page of actions keeps the reviews where they were, and shows the last action.
    second = client.get(reverse("today") + "?plan_actions_page=2").content.decode()
    assert second.count("data-overdue-action=") == 1
    assert second.count("data-review-due=") == 20
    assert client.get(reverse("today") + "?plan_reviews_page=2").content.decode().count("data-review-due=") == 1
    # The CWD of the next village sees none of them, on any page.
    other = login(people["cwd_b"])
    for query in ("", "?plan_actions_page=2", "?plan_reviews_page=2"):
        page = other.get(reverse("today") + query).content.decode()
        assert "data-overdue-action=" not in page
        assert "data-review-due=" not in page


def test_followup_pages_plans_awaiting_and_villages_with_their_totals(people, geo, login, monkeypatch):
    monkeypatch.setattr(panels, "AWAITING_PAGE", 4)
    monkeypatch.setattr(panels, "VILLAGE_PAGE", 1)
    _many_plans(people, geo, 6)
    make_plan(make_child(geo["village_b"], "逾期乙", dob=date(2012, 3, 3)), people["cwd_b"], status="approved")
    Action.objects.filter(plan__child__name="逾期乙").update(due_on=TODAY - timedelta(days=1))
    client = login(people["supervisor"])
    url = reverse("followup_overdue")
    first = client.get(url).content.decode()
    assert 'id="awaiting-total">6<' in first
    assert first.count("data-awaiting=") == 4
    assert client.get(url + "?awaiting_page=2").content.decode().count("data-awaiting=") == 2
    assert 'id="plan-village-total">2<' in first
    assert f'data-village="{geo["village_a"].code}"' in first  # six overdue actions: first
    second = client.get(url + "?plan_village_page=2").content.decode()
    assert f'data-village="{geo["village_b"].code}"' in second
    assert f'data-village="{geo["village_a"].code}"' not in second
    # Another township's supervisor sees none of them, on any page.
    other = login(people["supervisor_t2"])
    for query in ("", "?awaiting_page=2", "?plan_village_page=2"):
        page = other.get(url + query).content.decode()
        assert "data-awaiting=" not in page
        assert "data-village=" not in page
