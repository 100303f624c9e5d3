"""Issue 17, a case conference in real browsers: the township supervisor (laptop, Chinese)
convenes one from a red child's profile with the school, the health centre and the police, sharing
only the child's identity and risk; each agency's representative (phone, 360 px) reads only that
briefing; the police officer completes the police action; the school's action goes overdue and the
nightly job raises it with the supervisor; a follow-up conference is convened and the first one
closed. Screenshots in test-results/ (conference-*.png)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Alert
from conferences import services
from conferences.alert_kinds import INVITED, OVERDUE
from conferences.models import AgencyAction, Conference
from conferences.tests.test_conferences import table  # noqa: F401  (the council fixture)
from conftest import PASSWORD, make_child
from followup.models import FollowUp, Tier
from visits import actions as visit_actions
from visits.models import Visit

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr
from .test_field_trial import SMALL_TARGETS_JS

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]
LAPTOP = {"viewport": {"width": 1280, "height": 900}}


def test_a_supervisor_convenes_agencies_around_a_red_child(new_context, live_server, people, geo, table, results_dir):  # noqa: F811
    child = make_child(geo["village_a"], "刘小花", sex="F")
    visit_actions.do_record_visit(
        people["cwd_a"],
        Visit(child=child, visited_on=timezone.localdate(), saw_child=True, answers={"domestic_violence": "yes"}),
    )
    assert FollowUp.objects.get(child=child).tier == Tier.RED
    today = timezone.localdate()

    # The supervisor convenes from the child's profile.
    sup = new_context(**LAPTOP).new_page()
    log_in(sup, live_server, people["supervisor"], PASSWORD)
    sup.goto(f"{live_server.url}/children/{child.uuid}/")
    sup.locator("[data-convene]").click()
    form = sup.locator("[data-form='convene']")
    form.locator("textarea[name='reason']").fill("孩子说奶奶打她，身上有新伤")
    form.locator("select[name='urgency']").select_option("urgent")
    form.locator("input[name='place']").fill("金城镇政府会议室")
    for org in ("金城镇中心小学", "金城镇卫生院", "金城派出所"):
        form.get_by_label(org).check()
    for section in ("schooling",):  # identity, place and risk are ticked already
        form.locator(f"input[name='briefing'][value='{section}']").uncheck()
    sup.screenshot(path=str(results_dir / "conference-convene-1280.png"), full_page=True)
    form.locator("[data-submit]").click()
    expect(sup.locator("[data-status]")).to_have_text(tr("Planned"))
    conference = Conference.objects.get()
    assert sorted(a.recipient.username for a in Alert.objects.filter(kind=INVITED)) == ["officer", "partner", "teacher"]

    # The minutes and three actions (one already late for the school).
    minutes = sup.locator("[data-form='minutes']")
    for org in ("金城镇中心小学", "金城派出所"):
        minutes.get_by_label(org).check()
    minutes.locator("textarea[name='child_views']").fill("她说想妈妈回来")
    minutes.locator("textarea[name='family_views']").fill("奶奶说管不住")
    minutes.locator("textarea[name='assessment']").fill("疑似家暴，监护缺失")
    minutes.locator("textarea[name='decisions']").fill("派出所上门核查；学校每天关注出勤和伤情")
    minutes.locator("input[name='follow_up_until']").fill(str(today + timedelta(days=60)))
    minutes.locator("button[type='submit']").click()
    expect(sup.locator("[data-status]")).to_have_text(tr("Held: actions under way"))
    for org, what, due in (
        ("金城派出所", "上门核查并联系父母", today + timedelta(days=3)),
        ("金城镇中心小学", "每天记录出勤和伤情", today + timedelta(days=1)),
    ):
        assign = sup.locator("[data-form='assign']")
        assign.locator("select[name='member']").select_option(label=org)
        assign.locator("input[name='description']").fill(what)
        assign.locator("input[name='due_on']").fill(str(due))
        assign.locator("button[type='submit']").click()
        expect(sup.locator("[data-action]", has_text=what)).to_be_visible()
    sup.screenshot(path=str(results_dir / "conference-held-1280.png"), full_page=True)

    # Each agency reads only the briefing: the police officer on a phone completes the action.
    police = new_context().new_page()
    log_in(police, live_server, table["reps"]["police"], PASSWORD)
    police.goto(f"{live_server.url}/agency-tasks/")
    police.locator("[data-task]", has_text="上门核查并联系父母").click()
    expect(police.locator("[data-confidential]")).to_be_visible()
    expect(police.locator("[data-pack='identity']")).to_contain_text("刘小花")
    expect(police.locator("[data-pack]")).to_have_count(3)  # identity, village, risk
    expect(police.locator("[data-section='minutes']")).to_have_count(0)
    expect(police.locator("body")).not_to_contain_text("她说想妈妈回来")
    expect(police.locator("[data-action]")).to_have_count(1)
    assert scroll_width(police) <= 360
    assert police.evaluate(SMALL_TARGETS_JS) == []
    action = police.locator("[data-action]")
    action.locator("textarea[name='note']").fill("已上门核查，已联系父亲")
    action.get_by_label(tr("Done")).check()
    action.locator("button[type='submit']").click()
    expect(police.locator("[data-action]")).to_have_attribute("data-action-status", "done")
    police.screenshot(path=str(results_dir / "conference-police-360.png"), full_page=True)
    # Another agency's representative without an invitation gets nothing.
    women = new_context().new_page()
    log_in(women, live_server, table["reps"]["women"], PASSWORD)
    response = women.goto(f"{live_server.url}/conferences/{conference.uuid}/")
    assert response.status == 404

    # The school's action goes overdue: the nightly job tells the supervisor.
    AgencyAction.objects.filter(member=table["members"]["school"]).update(due_on=today - timedelta(days=2))
    assert services.escalate_overdue(today)["convener"] == 1
    assert Alert.objects.filter(kind=OVERDUE, recipient=people["supervisor"]).exists()
    sup.goto(f"{live_server.url}/conferences/")
    expect(sup.locator(f"[data-conference='{conference.uuid}']")).to_contain_text("1 项任务逾期")

    # A follow-up reviews it, and the first conference is closed with its outcome.
    sup.goto(f"{live_server.url}/conferences/{conference.uuid}/")
    sup.locator("[data-follow-up]").click()
    sup.locator("[data-form='convene'] [data-submit]").click()
    expect(sup.locator("[data-status]")).to_have_text(tr("Planned"))
    follow = Conference.objects.exclude(pk=conference.pk).get()
    assert follow.previous == conference
    sup.goto(f"{live_server.url}/conferences/{conference.uuid}/")
    close = sup.locator("[data-form='close']")
    close.locator("textarea[name='outcome']").fill("派出所已处理，学校继续关注，转入跟进会商")
    close.locator("button[type='submit']").click()
    expect(sup.locator("[data-status]")).to_have_text(tr("Closed"))
