"""Issue 11 in a real browser at 360 px in Chinese: the CWD opens the referral form from a child's
profile, picks the service once, sees the nearest organisation ticked, taps another organisation's
card (anywhere on it), ticks consent and sends; the referral lands at the organisation she tapped."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_child
from partners.models import Organisation
from referrals.models import Referral

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr
from .test_field_trial import SMALL_TARGETS_JS

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_pick_service_tap_a_card_and_send(phone, live_server, people, geo, results_dir):
    health_centre = people["partner"].organisation  # 金城镇卫生院, the township's
    health_centre.services = ["health", "nutrition"]
    health_centre.save()
    village_clinic = Organisation.objects.create(
        name="石佛村卫生室", type="township_health_centre", division=geo["village_a"], services=["health"]
    )
    Organisation.objects.create(
        name="仪陇县人民医院", type="county_hospital", division=geo["county"], services=["health", "rehabilitation"]
    )
    Organisation.objects.create(
        name="南部县人民医院", type="county_hospital", division=geo["other_county"], services=["health"]
    )
    child = make_child(geo["village_a"], "刘小红", sex="F")

    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/children/{child.uuid}/")
    page.locator("main a.button", has_text=tr("Referrals")).tap()
    page.locator("main .pagehead a.button.primary").tap()  # "Refer"
    page.wait_for_url(re.compile(r"/referrals/new/$"))
    expect(page.locator("select[name=service]")).to_have_count(1)  # the service is asked once
    expect(page.locator("input[name=organisation]")).to_have_count(0)  # nothing preset before it

    page.select_option("#id_service", "health")  # the form comes back with that service's cards
    cards = page.locator("label.orgpick")
    expect(cards).to_have_count(3)  # 南部县 does not serve this village
    expect(cards.nth(0)).to_contain_text("石佛村卫生室")  # nearest first: the village's own clinic
    expect(cards.nth(0).locator("input")).to_be_checked()
    expect(cards.nth(1)).to_contain_text("金城镇卫生院")
    expect(cards.nth(1)).to_contain_text("乡镇: 金城镇")
    expect(cards.nth(1)).to_contain_text("0个进行中的转介")
    assert scroll_width(page) <= 360
    for i in range(3):
        box = cards.nth(i).bounding_box()
        assert box["height"] >= 44, box  # the whole card is the target
        assert box["width"] >= 300, box
    assert page.evaluate(SMALL_TARGETS_JS) == []
    page.screenshot(path=str(results_dir / "referral-form-cards-360.png"), full_page=True)

    cards.nth(1).locator(".name").tap()  # the organisation's name, not the little circle
    expect(cards.nth(1).locator("input")).to_be_checked()
    expect(cards.nth(0).locator("input")).not_to_be_checked()
    page.fill("#id_need", "近两个月体重下降，需要体检")
    page.check("#id_guardian_consent")
    page.locator("form.card button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    referral = Referral.objects.get()
    assert (referral.child, referral.organisation, referral.service) == (child, health_centre, "health")
    assert referral.organisation != village_clinic
    expect(page.locator("main")).to_contain_text(health_centre.name)
    assert scroll_width(page) <= 360

    page.goto(f"{live_server.url}/children/{child.uuid}/referrals/")
    expect(page.locator("#referrals-total")).to_have_text("共1个转介")
    assert not page.context.js_errors
