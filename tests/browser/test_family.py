"""Issue 21, the family link on phones (360 px, Chinese): the CWD invites a father from the
child's profile; he joins with the code from the text message, confirms the entrustment, logs a
video call and answers the CWD's notice about absences; the CWD sees all of it and the father's
last contact moves to today; the father gets 404 on anything that is not his child's."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from children.models import Parent
from conftest import PASSWORD, make_child
from family.models import OutboxMessage

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr
from .test_field_trial import SMALL_TARGETS_JS

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]
FATHER_PASSWORD = "Zhang-fu-2026!x"


def test_a_cwd_links_a_father_who_takes_part(new_context, live_server, people, geo, results_dir):
    child = make_child(geo["village_a"], "张小明")
    other = make_child(geo["village_a"], "李四")
    today = timezone.localdate()
    Parent.objects.filter(household=child.household, role="father").update(last_contact=today - timedelta(days=45))

    cwd = new_context().new_page()
    log_in(cwd, live_server, people["cwd_a"], PASSWORD)
    cwd.goto(f"{live_server.url}/children/{child.uuid}/")
    cwd.locator("[data-family]").tap()
    invite = cwd.locator("[data-form='invite']")
    invite.locator("select[name='relation']").select_option("father")
    invite.locator("input[name='name']").fill("张建国")
    invite.locator("input[name='phone']").fill("138 0000 1111")
    invite.locator("button[type='submit']").tap()
    expect(cwd.locator(".messages")).to_contain_text(tr("The code was sent by text message."))
    notice = cwd.locator("[data-form='notice']")
    notice.locator("textarea[name='text']").fill("小明这周有两天没去上学，请给班主任打个电话。")
    notice.locator("button[type='submit']").tap()
    expect(cwd.locator(".messages")).to_contain_text(tr("The notice was sent to the family."))
    assert scroll_width(cwd) <= 360
    code = re.search(r"\b(\d{6})\b", OutboxMessage.objects.latest("pk").text).group(1)

    # The father joins on his own phone with the code.
    father = new_context().new_page()
    father.goto(f"{live_server.url}/family/join/")
    form = father.locator("[data-form='join']")
    form.locator("input[name='phone']").fill("13800001111")
    form.locator("input[name='code']").fill(code)
    form.locator("input[name='password']").fill(FATHER_PASSWORD)
    form.locator("[data-submit]").tap()
    card = father.locator("[data-child-card]")
    expect(card).to_contain_text("张小明")
    expect(father.locator("[data-notice]")).to_contain_text("没去上学")
    expect(father.locator("body")).not_to_contain_text("李四")
    assert scroll_width(father) <= 360
    assert father.evaluate(SMALL_TARGETS_JS) == []
    father.screenshot(path=str(results_dir / "family-father-360.png"), full_page=True)

    # Confirms the entrustment, logs a video call, answers the notice.
    entrust = card.locator("[data-form='entrust']")
    entrust.locator("input[name$='caregiver_name']").fill("张奶奶")
    entrust.locator("input[name$='caregiver_relation']").fill("奶奶")
    entrust.locator("input[name$='since']").fill(str(today - timedelta(days=400)))
    entrust.locator("input[name$='statement']").check()
    entrust.locator("button[type='submit']").tap()
    expect(father.locator("[data-entrustment]")).to_contain_text("张奶奶")
    call = father.locator("[data-form='call']")
    call.get_by_label(tr("Video call")).check()
    call.locator("button[type='submit']").tap()
    expect(father.locator(".messages")).to_contain_text(tr("Thank you: the call is recorded."))
    answer = father.locator("[data-form='answer']")
    answer.locator("textarea").fill("我今天给班主任打电话。")
    answer.locator("button[type='submit']").tap()
    expect(father.locator("[data-answered]")).to_contain_text("我今天给班主任打电话。")
    father.screenshot(path=str(results_dir / "family-father-done-360.png"), full_page=True)
    for url in (f"/children/{other.uuid}/", f"/children/{child.uuid}/", f"/children/{child.uuid}/family/"):
        assert father.goto(f"{live_server.url}{url}").status == 404, url

    # The CWD sees all of it; the father's last contact is today.
    cwd.goto(f"{live_server.url}/children/{child.uuid}/family/")
    expect(cwd.locator("[data-section='links']")).to_contain_text(today.isoformat())
    expect(cwd.locator("[data-section='entrustment']")).to_contain_text("张奶奶")
    expect(cwd.locator("[data-section='notices']")).to_contain_text("我今天给班主任打电话。")
    expect(cwd.locator("[data-section='calls']")).to_contain_text(today.isoformat())
    cwd.screenshot(path=str(results_dir / "family-cwd-360.png"), full_page=True)
    assert Parent.objects.get(household=child.household, role="father").last_contact == today
