"""Two people editing the same plan, goal or action from two sessions: a stale save is merged
with the other edit and asks only about fields both changed; it never overwrites."""

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from caseplans.models import PlanEvent
from caseplans.tests.test_caseplans import TODAY, make_plan
from core.tests.pageform import form_of


def _session(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _picks(html: str) -> list[str]:
    return sorted(set(re.findall(r'name="(pick:[^"]+)"', html)))


def _open(client, url) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200
    return form_of(page.content.decode(), "card")


def test_a_stale_plan_edit_is_refused_and_merged_from_the_conflict_page(people, kids):
    plan = make_plan(kids["a"], people["cwd_a"])
    url = reverse("case_plan_edit", args=[plan.uuid])
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open(cwd, url), _open(supervisor, url)
    review_on = (TODAY + timedelta(days=20)).isoformat()

    theirs["plan-summary"] = ["祖母住院，孩子暂住姑姑家"]
    assert supervisor.post(url, theirs).status_code == 302
    mine["plan-summary"] = ["父亲答应每周打电话"]
    mine["plan-review_on"] = [review_on]
    page = cwd.post(url, mine)
    assert page.status_code == 409
    html = page.content.decode()
    assert "祖母住院，孩子暂住姑姑家" in html
    assert "父亲答应每周打电话" in html
    plan.refresh_from_db()
    assert plan.summary == "祖母住院，孩子暂住姑姑家"
    assert [e.by for e in PlanEvent.objects.filter(plan=plan, kind="edited")] == [people["supervisor"]]
    edits = AuditEvent.objects.filter(child=plan.child, details__event="edited")
    assert [e.actor for e in edits] == [people["supervisor"]]

    # The review date only this user changed is not asked about: it is kept.
    assert _picks(html) == ["pick:plan-summary"]
    choice = form_of(html, "conflict")
    choice["pick:plan-summary"] = ["theirs"]
    assert cwd.post(url, choice).status_code == 302
    plan.refresh_from_db()
    assert plan.summary == "祖母住院，孩子暂住姑姑家"
    assert plan.review_on.isoformat() == review_on


def test_a_stale_goal_edit_is_refused(people, kids):
    plan = make_plan(kids["a"], people["cwd_a"])
    goal = plan.goals.get()
    url = reverse("case_goal_edit", args=[plan.uuid, goal.pk])
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open(cwd, url), _open(supervisor, url)
    theirs["goal-text"] = ["孩子每天有人接送上学"]
    assert supervisor.post(url, theirs).status_code == 302
    mine["goal-text"] = ["孩子有固定的委托照护人"]
    page = cwd.post(url, mine)
    assert page.status_code == 409
    assert "孩子每天有人接送上学" in page.content.decode()
    goal.refresh_from_db()
    assert goal.text == "孩子每天有人接送上学"
    assert PlanEvent.objects.filter(plan=plan, kind="goal_edited").count() == 1

    choice = form_of(page.content.decode(), "conflict")
    choice["pick:goal-text"] = ["mine"]
    assert cwd.post(url, choice).status_code == 302
    goal.refresh_from_db()
    assert goal.text == "孩子有固定的委托照护人"


def test_a_stale_action_edit_asks_only_what_both_changed_and_keeps_the_rest(people, kids):
    plan = make_plan(kids["a"], people["cwd_a"])
    action = plan.actions.get()
    url = reverse("case_action_edit", args=[plan.uuid, action.pk])
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open(cwd, url), _open(supervisor, url)
    due = (TODAY + timedelta(days=10)).isoformat()
    theirs["action-responsible_person"] = ["村妇女主任"]
    theirs["action-due_on"] = [due]
    assert supervisor.post(url, theirs).status_code == 302
    mine["action-text"] = ["给父母打电话"]
    mine["action-responsible_person"] = ["奶奶"]
    page = cwd.post(url, mine)
    assert page.status_code == 409
    html = page.content.decode()
    assert _picks(html) == ["pick:action-responsible_person"]
    action.refresh_from_db()
    assert (action.text, action.responsible_person) == ("联系父母确定委托照护人", "村妇女主任")

    choice = form_of(html, "conflict")
    choice["pick:action-responsible_person"] = ["mine"]
    assert cwd.post(url, choice).status_code == 302
    action.refresh_from_db()
    assert (action.text, action.responsible_person, action.due_on.isoformat()) == ("给父母打电话", "奶奶", due)


def test_edits_of_different_parts_of_an_action_are_merged_without_a_question(people, kids):
    plan = make_plan(kids["a"], people["cwd_a"])
    action = plan.actions.get()
    url = reverse("case_action_edit", args=[plan.uuid, action.pk])
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open(cwd, url), _open(supervisor, url)
    theirs["action-responsible_person"] = ["村妇女主任"]
    assert supervisor.post(url, theirs).status_code == 302
    mine["action-text"] = ["给父母打电话"]
    assert cwd.post(url, mine).status_code == 302
    action.refresh_from_db()
    assert (action.text, action.responsible_person) == ("给父母打电话", "村妇女主任")
    assert [e.by for e in PlanEvent.objects.filter(plan=plan, kind="action_edited").order_by("pk")] == [
        people["supervisor"],
        people["cwd_a"],
    ]
