"""Issue 4, as a CWD and her supervisor live it: "today", a visit that turns a child red, the alert.

On a 360 px phone in Chinese the CWD opens "today", records a visit with a measurement, sees the
tier change to red with its reasons, the report triggers and the growth finding; on a laptop
the township supervisor finds the alert in the inbox the same day.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Alert
from conftest import PASSWORD, make_child
from followup import services
from followup.models import FollowUp
from followup.texts import reason_text, trigger_text

from .support import CHROMIUM, NO_CHROMIUM, label, log_in, scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_today_visit_turns_red_and_supervisor_is_alerted(phone, desktop, live_server, people, geo, results_dir):
    today = timezone.localdate()
    child = make_child(geo["village_a"], "刘小虎", dob=today - timedelta(days=1000))
    services.reassess([child.pk])
    assert FollowUp.objects.get(child=child).tier != "red"

    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/today/")
    expect(page.locator("main .roster-item")).to_have_count(1)  # never visited: due today
    page.locator("main .roster-item a").first.tap()
    page.wait_for_url(re.compile(rf"/children/{child.uuid}/$"))
    page.locator(f"a[href='/children/{child.uuid}/visits/new/']").first.tap()
    page.wait_for_url(re.compile(r"/visits/new/$"))

    page.locator("#wrap-mode label:has(input[value=home])").tap()
    page.locator("#item-domestic_violence label.ans-yes").tap()
    page.locator("details.measure > summary").tap()
    page.locator("#id_m-weight_kg").fill("11.5")
    page.locator("#id_m-length_cm").fill("100")
    page.locator("input[name=m-position][value=standing]").check()
    page.locator("button[data-save]").tap()
    page.wait_for_url(re.compile(r"/visits/[0-9a-f-]{36}/$"))

    # The profile: red, with the reasons, the report prompt and the growth finding.
    page.goto(f"{live_server.url}/children/{child.uuid}/")
    card = page.locator("section.risk")
    expect(card.locator(".tier")).to_have_class(re.compile("tier-red"))
    expect(card).to_contain_text(label(reason_text("domestic_violence")))
    expect(card).to_contain_text(label(reason_text("sam")))
    expect(card.locator(".notice.danger")).to_contain_text(label(trigger_text("SUSPECTED_DOMESTIC_VIOLENCE")))
    expect(page.locator("ul.findings")).to_have_count(1)
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "profile-red-360.png"), full_page=True)

    fu = FollowUp.objects.get(child=child)
    assert fu.tier == "red"
    assert fu.due_on == today + timedelta(days=7)
    assert Alert.objects.filter(kind="new_red", child=child, recipient=people["supervisor"]).exists()

    # The supervisor, on a laptop, sees it in the inbox and in the follow-up view.
    sup = desktop
    log_in(sup, live_server, people["supervisor"], PASSWORD)
    expect(sup.locator("header .count-badge")).to_have_text("1")
    sup.goto(f"{live_server.url}/inbox/")
    expect(sup.locator("main .roster-item.unread")).to_contain_text("刘小虎")
    sup.goto(f"{live_server.url}/follow-up/")
    expect(sup.locator("main")).to_contain_text("刘小虎")
