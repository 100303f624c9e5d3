"""Issue 16 in a real browser: the workforce.

The county officer (laptop) registers a new CWD for 石佛村, creates her account with a temporary
password, and hands the leaving CWD's work over to her: the checklist shows each open item, and
completing it moves them all and ends the leaver's access. The new CWD logs in and must choose
her own password. The township supervisor (360 px phone, Chinese) records a supervision log entry
with a follow-up action and scores a village of the county's spot check. Screenshots go to
test-results/workforce-*.png.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from alerts.models import Alert
from benefits.models import Application
from caseplans.models import CasePlan
from conftest import PASSWORD, make_child
from followup.services import recompute_all
from partners.models import Organisation
from referrals.models import Referral
from workforce import actions, handover
from workforce.models import Assignment, FollowUpAction, Handover, SpotCheckVillage, SupervisionLog, Worker

from .support import CHROMIUM, DESKTOP, NO_CHROMIUM, log_in, scroll_width
from .test_field_trial import SMALL_TARGETS_JS

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def _register(user):
    worker = Worker.objects.create(
        role=user.role, division_id=user.division_id, full_name=user.full_name, appointed_on="2022-03-01", user=user
    )
    if user.role == Worker.Role.CWD:
        Assignment.objects.create(worker=worker, village_id=user.division_id, starts_on="2022-03-01")
    return worker


def test_the_county_appoints_a_new_cwd_who_takes_over_every_open_item(
    new_context, live_server, people, geo, results_dir
):
    today = timezone.localdate()
    workers = {k: _register(people[k]) for k in ("cwd_a", "cwd_b", "cwd_c", "supervisor", "county")}
    leaving = people["cwd_a"]
    child = make_child(geo["village_a"], "张小雨", sex="F")
    org = Organisation.objects.get(name="金城镇卫生院")
    referral = Referral.objects.create(
        child=child, village_id=child.village_id, organisation=org, service="health", need="体检",
        guardian_consent=True, respond_by=timezone.now() + timedelta(days=3), created_by=leaving,
    )  # fmt: skip
    plan = CasePlan.objects.create(
        child=child, village_id=child.village_id, summary="照护", review_on=today, created_by=leaving
    )
    draft = Application.objects.create(
        child=child, village_id=child.village_id, category="de_facto_unsupported", prepared_by=leaving
    )
    Alert.objects.create(recipient=leaving, kind="contact_lapsed", child=child, params={"days": 40})
    recompute_all()  # the follow-up schedule: the child is due for a first visit
    shot = lambda page, name: page.screenshot(path=str(results_dir / f"workforce-{name}.png"), full_page=True)  # noqa: E731

    page = new_context(**DESKTOP).new_page()
    log_in(page, live_server, people["county"], PASSWORD)
    page.goto(f"{live_server.url}/today/")
    page.locator("[data-workforce-link]").click()
    page.locator("[data-new-worker]").click()
    page.select_option("#id_role", "cwd")
    page.select_option("#id_division", geo["village_a"].code)
    page.fill("#id_full_name", "周新")
    page.fill("#id_phone", "13912345678")
    page.locator("input[name=posts][value=womens_director]").check()
    page.fill("#id_term_ends_on", (today + timedelta(days=5 * 365)).isoformat())
    page.fill("#id_review_visits", "5")
    shot(page, "1-register")
    page.locator("form[data-form=workforce] button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("周新")
    new = Worker.objects.get(full_name="周新")
    assert new.posts == ["womens_director"]
    page.fill("#id_username", "zhouxin")
    page.locator("form[data-form=account] button[type=submit]").click()
    password = page.locator("[data-password]").inner_text()
    assert len(password) >= 12
    shot(page, "2-account")

    # The leaving CWD's page: hand over to the new CWD, today.
    page.goto(f"{live_server.url}/workforce/w/{workers['cwd_a'].uuid}/")
    page.locator("[data-hand-over]").click()
    page.select_option("#id_successor", str(new.pk))
    page.locator("form[data-form=workforce] button[type=submit]").click()
    expect(page.locator("[data-section=referrals] h2")).to_contain_text("(1)")
    expect(page.locator("[data-section=plans] h2")).to_contain_text("(1)")
    expect(page.locator("[data-section=drafts] h2")).to_contain_text("(1)")
    expect(page.locator("[data-section=visits_due]")).to_contain_text("张小雨")
    assert scroll_width(page) <= 1280
    shot(page, "3-checklist")
    page.fill("#id_reason", "调任乡镇工作")
    page.locator("[data-complete]").click()
    expect(page.locator("[data-moved-referrals]")).to_have_text("1")
    expect(page.locator("[data-moved-plans]")).to_have_text("1")
    expect(page.locator("[data-moved-drafts]")).to_have_text("1")
    shot(page, "4-done")

    successor = User.objects.get(username="zhouxin")
    for record in (referral, plan):
        record.refresh_from_db()
        assert record.created_by == successor
    draft.refresh_from_db()
    assert draft.prepared_by == successor
    assert handover.open_owned(User.objects.get(pk=leaving.pk)) == {
        "referrals": 0,
        "plans": 0,
        "drafts": 0,
        "alerts": 0,
    }
    assert not User.objects.get(pk=leaving.pk).is_active
    assert Handover.objects.get().status == Handover.Status.DONE
    # The registry shows every village with its CWD, and the leaver's history.
    page.goto(f"{live_server.url}/workforce/w/{workers['cwd_a'].uuid}/")
    expect(page.locator("[data-account-state]")).to_contain_text("账号已停用")
    page.goto(f"{live_server.url}/workforce/")
    expect(page.locator("[data-vacant]")).to_contain_text("每个村都有儿童主任")

    # The new CWD logs in with the temporary password and must choose her own first.
    phone = new_context().new_page()
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", "zhouxin")
    phone.fill("#id_password", password)
    phone.locator("main form button[type=submit]").tap()
    phone.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert "/password" in phone.url
    shot(phone, "5-new-cwd-first-login")


def test_a_supervisor_records_a_log_entry_and_a_spot_check(new_context, live_server, people, geo, results_dir):
    today = timezone.localdate()
    check = actions.do_draw_spot_check(people["county"], geo["county"], per_township=2, seed=2026, drawn_on=today)
    shot = lambda page, name: page.screenshot(path=str(results_dir / f"workforce-{name}.png"), full_page=True)  # noqa: E731
    phone = new_context().new_page()
    log_in(phone, live_server, people["supervisor"], PASSWORD)
    phone.goto(f"{live_server.url}/workforce/supervision/")
    phone.locator("[data-new-log]").tap()
    phone.select_option("#id_village", geo["village_b"].code)
    for item in ("files", "visits", "childrens_home"):
        phone.locator(f"input[name=checked][value={item}]").check()
    phone.fill("#id_findings", "儿童之家本月未开放，图书角缺少低龄读物。")
    phone.fill("#id_action_1", "每周开放两次并登记")
    phone.fill("#id_due_1", (today + timedelta(days=14)).isoformat())
    assert scroll_width(phone) <= 360
    assert phone.evaluate(SMALL_TARGETS_JS) == []
    shot(phone, "6-log-phone")
    phone.locator("form[data-form=supervision] button[type=submit]").tap()
    expect(phone.locator("[data-open-actions]")).to_contain_text("每周开放两次并登记")
    assert scroll_width(phone) <= 360
    assert phone.evaluate(SMALL_TARGETS_JS) == []
    shot(phone, "7-supervision-phone")
    log = SupervisionLog.objects.get()
    assert log.checked == ["files", "visits", "childrens_home"]
    assert FollowUpAction.objects.get(log=log).due_on == today + timedelta(days=14)

    # The county's spot check: the supervisor scores the drawn village of her township.
    phone.goto(f"{live_server.url}/workforce/spot-checks/{check.uuid}/")
    expect(phone.locator("[data-seed]")).to_contain_text("2026")
    # Township 2's village is drawn too, but is not hers to score.
    expect(phone.locator(f"[data-spot-village='{geo['village_c'].code}']")).to_have_count(0)
    drawn = SpotCheckVillage.objects.filter(spot_check=check, village__code__startswith="511324100").first()
    phone.locator(f"[data-spot-village='{drawn.village_id}'] a").tap()
    for item, score in (("files", "4"), ("visits", "3"), ("childrens_home", "1"), ("awareness", "5")):
        phone.select_option(f"#id_score_{item}", score)
    phone.fill("#id_findings", "走访记录签字不全。")
    phone.fill("#id_action_1", "补签走访记录")
    phone.fill("#id_due_1", (today + timedelta(days=7)).isoformat())
    assert scroll_width(phone) <= 360
    assert phone.evaluate(SMALL_TARGETS_JS) == []
    shot(phone, "8-spot-check-phone")
    phone.locator("form[data-form=supervision] button[type=submit]").tap()
    expect(phone.locator(f"[data-spot-village='{drawn.village_id}']")).to_contain_text("13")
    shot(phone, "9-spot-check-done-phone")
    drawn.refresh_from_db()
    assert drawn.total == 13
    assert drawn.checked_by == people["supervisor"]
    assert drawn.actions.get().text == "补签走访记录"
