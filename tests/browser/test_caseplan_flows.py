"""Issue 5 in a real browser: a CWD makes a case plan for a red child on her phone and submits it;
the township supervisor approves it at his desk; an overdue action then shows on the CWD's Today."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from caseplans.models import Action, CasePlan
from conftest import PASSWORD, make_child
from followup.models import FollowUp

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_make_submit_approve_and_see_overdue(phone, desktop, live_server, people, geo):
    today = timezone.localdate()
    org = people["partner"].organisation
    child = make_child(geo["village_a"], "刘小虎")
    FollowUp.objects.create(
        child=child,
        village_id=child.village_id,
        tier="red",
        computed_tier="red",
        tier_rank=0,
        due_on=today,
        computed_at=timezone.now(),
    )

    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/children/{child.uuid}/")
    page.locator("[data-make-plan]").tap()
    page.wait_for_url(re.compile(r"/children/[0-9a-f-]{36}/plan/$"))
    assert scroll_width(page) <= 360
    page.fill("#id_plan-summary", "祖母年迈，孩子体重下降，常独自在家")
    page.fill("#id_plan-review_on", (today + timedelta(days=30)).isoformat())
    page.locator("form[data-form=plan-new] button[type=submit]").tap()
    expect(page.locator(".caseplan[data-status=draft]")).to_be_visible()
    page.select_option("#id_goal-domain", "health")
    page.fill("#id_goal-text", "体重恢复正常")
    page.locator("form[data-form=goal] button[type=submit]").tap()
    page.locator("[data-add-action]").tap()
    page.fill("#id_action-text", "到乡镇卫生院体检")
    page.select_option("#id_action-organisation", str(org.pk))
    page.fill("#id_action-due_on", (today + timedelta(days=7)).isoformat())
    assert scroll_width(page) <= 360
    page.locator("form[data-form=plan-part] button[type=submit]").tap()
    expect(page.locator("[data-action]")).to_have_count(1)
    expect(page.locator("[data-action]")).to_contain_text(org.name)
    assert scroll_width(page) <= 360
    page.locator("form[data-form=submit] button[type=submit]").tap()
    expect(page.locator(".caseplan[data-status=submitted]")).to_be_visible()
    plan = CasePlan.objects.get()
    assert (plan.status, plan.created_by) == ("submitted", people["cwd_a"])
    action = Action.objects.get()
    assert (action.organisation, action.goal.domain) == (org, "health")

    boss = desktop
    log_in(boss, live_server, people["supervisor"], PASSWORD)
    boss.goto(f"{live_server.url}/follow-up/")
    boss.locator(f"[data-awaiting='{plan.uuid}'] a").click()
    boss.locator("form[data-form=approve] button[type=submit]").click()
    expect(boss.locator(".caseplan[data-status=approved]")).to_be_visible()
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == ("approved", people["supervisor"])

    Action.objects.filter(pk=action.pk).update(due_on=today - timedelta(days=2))
    page.goto(f"{live_server.url}/today/")
    overdue = page.locator(f"[data-overdue-action='{action.pk}']")
    expect(overdue).to_be_visible()
    expect(overdue).to_contain_text("到乡镇卫生院体检")
    assert scroll_width(page) <= 360
    overdue.locator("a").tap()
    expect(page.locator("[data-action][data-overdue]")).to_have_count(1)
    assert page.context.js_errors == []
    assert boss.context.js_errors == []
