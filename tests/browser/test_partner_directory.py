"""The partner directory at laptop width: a county officer adds the county's education bureau and
corrects its phone number; the directory lists it and each change is on the audit trail."""

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from conftest import PASSWORD
from partners.models import Organisation

from .support import CHROMIUM, NO_CHROMIUM, log_in

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_county_officer_adds_and_corrects_a_partner(desktop, live_server, people, geo, results_dir):
    page = desktop
    log_in(page, live_server, people["county"], PASSWORD)
    page.goto(f"{live_server.url}/partners/")
    page.locator("main .pagehead a.button.primary").click()
    page.fill("#id_name", "仪陇县教育科技局")
    page.select_option("#id_type", "education_bureau")
    page.select_option("#id_division", geo["county"].code)
    page.locator("input[name=services][value=school_return]").check()
    page.fill("#id_phone", "0817-7222221")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/partners/")
    expect(page.locator("main .roster")).to_contain_text("仪陇县教育科技局")

    page.get_by_text("仪陇县教育科技局").click()
    page.fill("#id_phone", "0817-7222222")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/partners/")
    expect(page.locator("main .roster")).to_contain_text("0817-7222222")
    page.screenshot(path=str(results_dir / "partner-directory-desktop.png"), full_page=True)

    org = Organisation.objects.get(name="仪陇县教育科技局")
    events = AuditEvent.objects.filter(details__organisation=str(org.uuid)).order_by("pk")
    assert [(e.actor, e.action) for e in events] == [(people["county"], "create"), (people["county"], "update")]
    assert events[1].details["changes"] == {"phone": ["0817-7222221", "0817-7222222"]}
    assert page.context.js_errors == []
