"""The county's retention page in Chinese, at laptop width and on a phone: the officer finds it in
the menu, sees how many closed files are due, sets a longer period and sees the count change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audit.models import AuditEvent
from children import choices as c
from children.models import Child
from conftest import PASSWORD, make_child
from retention.audit_actions import POLICY
from retention.models import RetentionPolicy

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def _closed(geo, name, years_ago):
    child = make_child(geo["village_a"], name)
    closed_on = timezone.localdate() - timedelta(days=int(365.25 * years_ago))
    Child.objects.filter(pk=child.pk).update(
        status=c.Status.CLOSED, closed_on=closed_on, closure_reason=c.ClosureReason.values[0]
    )


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_county_officer_sets_the_retention_period(request, screen, live_server, people, geo, results_dir):
    page = request.getfixturevalue(screen)
    _closed(geo, "张伟", 4)
    _closed(geo, "李娜", 1)
    log_in(page, live_server, people["county"], PASSWORD)
    page.goto(f"{live_server.url}/retention/")
    expect(page.locator("h1")).to_contain_text(tr("Data retention"))
    expect(page.locator("[data-figure=closed]")).to_have_text("2")
    expect(page.locator("[data-figure=due]")).to_have_text("1")
    expect(page.locator("#id_minimise_after_years")).to_have_value("3")

    page.fill("#id_minimise_after_years", "5")
    page.fill("#id_note", "县档案馆规定")
    page.locator("form[data-form=retention] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/retention/")
    expect(page.locator(".messages")).to_contain_text(tr("The retention period is saved."))
    expect(page.locator("[data-figure=due]")).to_have_text("0")
    expect(page.locator("#id_minimise_after_years")).to_have_value("5")
    assert scroll_width(page) <= page.viewport_size["width"]
    page.screenshot(path=str(results_dir / f"retention-{screen}.png"), full_page=True)

    assert RetentionPolicy.objects.get(division=geo["county"]).minimise_after_years == 5
    assert AuditEvent.objects.filter(action=POLICY, actor=people["county"]).count() == 1
    assert page.context.js_errors == []


def test_a_period_of_zero_is_refused_in_chinese(desktop, live_server, people, geo):
    log_in(desktop, live_server, people["county"], PASSWORD)
    desktop.goto(f"{live_server.url}/retention/")
    desktop.fill("#id_minimise_after_years", "0")
    desktop.locator("form[data-form=retention] button[type=submit]").click()
    expect(desktop.locator(".fielderror")).to_be_visible()
    assert not RetentionPolicy.objects.exists()
