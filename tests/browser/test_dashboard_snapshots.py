"""Issue 15: the county officer's overview and follow-up page read today's snapshot, say how fresh
its figures are, and show the same figures as counting live."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from dashboards import snapshots
from dashboards.models import Figure

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr
from .test_county_pages import LAPTOP, missed  # noqa: F401  the fixture: late red children of village A

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_the_county_officer_reads_todays_snapshot_with_its_time(new_context, live_server, people, missed, tmp_path):  # noqa: F811
    snapshots.take_snapshot(timezone.localdate(), "511324")
    page = new_context(**LAPTOP).new_page()
    log_in(page, live_server, people["county"], PASSWORD)  # the county officer starts on the overview
    as_of = page.locator(".as-of[data-as-of]")
    expect(as_of).to_be_visible()
    expect(as_of).to_contain_text(re.compile(r"\d\d:\d\d"))
    expect(page.locator("[data-figure=red_unattended] dd").first).to_have_text("2")
    expect(page.locator("[data-figure=overdue] dd").first).to_have_text("3")
    assert scroll_width(page) <= 1366
    page.screenshot(path=tmp_path / "overview-snapshot.png", full_page=True)

    page.get_by_role("link", name=tr("Overdue visits")).first.click()
    expect(page.locator("h1")).to_contain_text(tr("Follow-up"))
    expect(page.locator(".as-of[data-as-of]")).to_be_visible()
    rows = page.locator("[data-section=missed] tbody tr")
    expect(rows.first).to_contain_text(missed["t1"].name)
    expect(page.locator("#red-total")).to_contain_text("2")
    page.screenshot(path=tmp_path / "followup-snapshot.png", full_page=True)

    # Without today's snapshot the same page counts live, and says so.
    Figure.objects.all().delete()
    page.reload()
    expect(page.locator(".as-of[data-live]")).to_contain_text(tr("Figures counted just now."))
    expect(page.locator("[data-figure=red_unattended] dd").first).to_have_text("2")
