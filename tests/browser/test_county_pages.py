"""Issue 11: the supervisor's follow-up page and the county's overview answer "where are children
being missed" on a laptop's first screen, fit a 1366 px laptop and a 360 px phone without the page
scrolling sideways, and keep the details (files by category and status) one tap away."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD, make_child
from followup.models import FollowUp

from .support import CHROMIUM, DESKTOP, NO_CHROMIUM, log_in, scroll_width, tr
from .test_field_trial import SMALL_TARGETS_JS

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]
LAPTOP = {**DESKTOP, "viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def missed(geo):
    """Two red children of village A nobody has acted on, late; a late yellow child in village B."""
    late = timezone.localdate() - timedelta(days=5)
    for village, name, tier in (
        ("village_a", "王小红", "red"),
        ("village_a", "李小军", "red"),
        ("village_b", "周黄", "yellow"),
    ):
        child = make_child(geo[village], name)
        now = timezone.now()
        FollowUp.objects.create(
            child=child, village_id=child.village_id, tier=tier, computed_tier=tier, due_on=late, computed_at=now
        )
    return geo


def first_screen_text(page) -> str:
    """The text of what is visible without scrolling."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *')]
             .filter(el => el.children.length === 0 && el.getBoundingClientRect().bottom <= innerHeight
                           && el.getBoundingClientRect().height > 0)
             .map(el => el.textContent.trim()).join(' ')"""
    )


def test_the_supervisor_sees_where_children_are_missed_on_a_laptop(new_context, live_server, people, missed):
    page = new_context(**LAPTOP).new_page()
    log_in(page, live_server, people["supervisor"], PASSWORD)  # the supervisor starts on the follow-up page
    expect(page.locator("h1")).to_contain_text(tr("Follow-up"))
    seen = first_screen_text(page)
    assert tr("Where children are being missed") in seen
    assert tr("Red, no report or referral") in seen
    assert missed["village_a"].name in seen  # the worst village, on the first screen
    rows = page.locator("[data-section=missed] tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(missed["village_a"].name)
    expect(page.locator("[data-figure=red_unattended] dd").first).to_have_text("2")
    assert scroll_width(page) <= 1366
    assert page.evaluate("document.documentElement.scrollHeight / innerHeight") <= 4


def test_the_county_overview_fits_a_laptop_with_details_on_demand(new_context, live_server, people, missed):
    page = new_context(**LAPTOP).new_page()
    log_in(page, live_server, people["county"], PASSWORD)
    expect(page.locator("h1")).to_contain_text(missed["county"].name)
    seen = first_screen_text(page)
    assert tr("Overdue visits") in seen
    assert tr("Risk, reports and referrals") in seen
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('main table')].map(t => t.scrollWidth))")
    assert widest <= 1366
    assert scroll_width(page) <= 1366
    categories = page.locator("[data-section=categories]")
    expect(categories.locator("table")).to_be_hidden()
    categories.locator("summary").click()
    expect(categories.locator("table")).to_be_visible()
    expect(categories.locator("tbody tr").first).to_contain_text(missed["t1"].name)


@pytest.mark.parametrize(
    ("who", "path"), [("supervisor", "/follow-up/"), ("county", "/overview/"), ("county", "/follow-up/")]
)
def test_no_page_scrolls_sideways_on_a_phone(phone, live_server, people, missed, who, path):
    log_in(phone, live_server, people[who], PASSWORD)
    phone.goto(live_server.url + path)
    expect(phone.locator("[data-summary]")).to_be_visible()
    assert scroll_width(phone) <= 360
    assert phone.evaluate(SMALL_TARGETS_JS) == []
