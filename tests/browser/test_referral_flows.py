"""Issue 5 in a real browser: a CWD refers a child to the township health centre; the centre's
staff see only that child, accept and complete; then their access ends."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_child
from referrals.models import Referral

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_refer_accept_complete(phone, desktop, live_server, people, geo):
    org = people["partner"].organisation
    org.services = ["health", "nutrition"]
    org.save()
    child = make_child(geo["village_a"], "刘小虎")
    other = make_child(geo["village_a"], "王小明")

    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/children/{child.uuid}/referrals/")
    page.locator("main .pagehead a.button.primary").tap()
    page.select_option("#id_service", "health")  # reloads with the suggestions
    expect(page.locator("main label.orgpick").first).to_contain_text(org.name)
    page.fill("#id_need", "近两个月体重下降，需要体检")
    page.check("#id_guardian_consent")
    page.locator("input[name=urgency][value=urgent]").check()
    page.locator("form.card button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    assert scroll_width(page) <= 360
    referral = Referral.objects.get()
    assert (referral.status, referral.organisation, referral.urgency) == ("sent", org, "urgent")

    clinic = desktop
    log_in(clinic, live_server, people["partner"], PASSWORD)
    clinic.wait_for_url(re.compile(r"/referrals/$"))
    expect(clinic.locator("main .roster-item")).to_have_count(1)
    expect(clinic.locator("main")).not_to_contain_text(other.name)
    clinic.locator("main .roster-item a").click()
    expect(clinic.locator("main")).not_to_contain_text(child.id_number)
    clinic.locator("form[action$='/accept/'] button").click()
    clinic.locator("details:has(form[action$='/complete/']) > summary").click()
    clinic.fill("#id_outcome", "已体检，建议营养随访")
    clinic.check("input[name=services][value=health]")
    clinic.locator("form[action$='/complete/'] button").click()
    clinic.wait_for_url(re.compile(r"/referrals/$"))
    expect(clinic.locator("main .roster-item")).to_have_count(0)
    referral.refresh_from_db()
    assert referral.status == "completed"
    response = clinic.goto(f"{live_server.url}/referrals/{referral.uuid}/")
    assert response.status == 404
    response = clinic.goto(f"{live_server.url}/children/{child.uuid}/")
    assert response.status == 404
