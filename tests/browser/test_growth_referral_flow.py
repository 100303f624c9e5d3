"""Issue 11 in a real browser at 360 px in Chinese: a CWD records a measurement with severe acute
malnutrition, reads one reason with the z-scores in plain words, taps the referral button, finds
the referral form filled in for a health service today, and sends it."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_child
from referrals.models import Referral

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_severe_finding_to_prefilled_referral(phone, live_server, people, geo, results_dir):
    org = people["partner"].organisation  # the township health centre
    org.services = ["health", "nutrition"]
    org.save()
    born = date.today() - timedelta(days=1000)
    child = make_child(geo["village_a"], "刘小虎", dob=born)

    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/children/{child.uuid}/growth/")
    page.fill("#id_weight_kg", "12.6")
    page.fill("#id_length_cm", "100")
    page.locator("input[name=position][value=standing]").check()
    page.fill("#id_muac_mm", "110")  # SAM by arm circumference, moderate wasting by weight-for-height
    page.get_by_role("button", name="保存测量").tap()

    latest = page.locator("main section.card").first
    expect(latest.locator("ul.findings li")).to_have_count(1)  # one reason: SAM, not also wasting
    expect(latest).to_contain_text("重度急性营养不良")
    expect(page.locator(".zscores").first).to_contain_text("体重/身高")
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "growth-referral-360.png"), full_page=True)

    latest.get_by_role("link", name="今天转介到医疗机构").tap()
    page.wait_for_url(re.compile(r"/referrals/new/\?"))
    expect(page.locator("#id_service")).to_have_value("health")
    expect(page.locator(f"input[name=organisation][value='{org.pk}']")).to_be_checked()
    expect(page.locator("input[type=radio][name=urgency][value=urgent]")).to_be_checked()
    expect(page.locator("#id_need")).to_have_value(re.compile(r"生长测量：重度急性营养不良（.*上臂围 110 毫米"))
    assert scroll_width(page) <= 360
    page.check("#id_guardian_consent")
    page.locator("form.card button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    referral = Referral.objects.get()
    assert (referral.child, referral.organisation, referral.service, referral.urgency) == (
        child,
        org,
        "health",
        "urgent",
    )
    assert "重度急性营养不良" in referral.need
    assert not page.context.js_errors
