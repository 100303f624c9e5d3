"""Issue 15 in a real browser, on a laptop in Chinese: a county officer finds the township with the
most overdue visits on the dashboard and goes down to the children behind the figure; a province
official reads the counties' aggregates and meets "not found" on any child."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from conftest import PASSWORD, make_child, make_user
from dashboards.tests import test_board as board_tests
from followup.models import FollowUp
from geo.models import Division

from .support import CHROMIUM, DESKTOP, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]
LAPTOP = {**DESKTOP, "viewport": {"width": 1366, "height": 768}}
# The dashboard tests' indicators and snapshot figures (township 新政镇 the most behind).
test_indicators = board_tests.test_indicators
figures = board_tests.figures


@pytest.fixture
def late_children(geo):
    """Two red children of village C (新政镇) whose visits are late, nobody having acted."""
    late = timezone.localdate() - timedelta(days=6)
    made = []
    for name in ("王小红", "李小军"):
        child = make_child(geo["village_c"], name)
        now = timezone.now()
        FollowUp.objects.create(
            child=child, village_id=child.village_id, tier="red", computed_tier="red", due_on=late, computed_at=now
        )
        made.append(child)
    return made


def test_a_county_officer_finds_the_township_most_behind_and_its_children(
    new_context, live_server, people, figures, late_children, results_dir
):
    page = new_context(**LAPTOP).new_page()
    log_in(page, live_server, people["county"], PASSWORD)
    page.locator("nav.mainnav a[href$='/follow-up/']").click()
    page.locator("a[data-board-link]").click()
    expect(page.locator("h1")).to_contain_text(figures["county"].name)
    page.locator("nav.tabs a", has_text=tr("Visits")).click()
    # The definition sits beside the figure.
    expect(page.locator("[data-figure=visits_overdue]")).to_contain_text("Children counted for visits overdue")
    page.locator("[data-section=compare] thead a", has_text="Visits overdue").click()
    rows = page.locator("[data-section=compare] tbody tr")
    expect(rows.first).to_contain_text(figures["t2"].name)
    expect(page.locator("[data-section=compare] [aria-sort=descending]")).to_contain_text("Visits overdue")
    expect(page.locator("[data-section=compare] svg.bars")).to_be_visible()
    expect(page.locator("[data-section=trend] svg.line")).to_be_visible()
    assert scroll_width(page) <= 1366
    page.screenshot(path=results_dir / "board-county-laptop.png", full_page=True)
    # Down to the township's own dashboard, its villages, then back and to the children.
    rows.first.locator("th a").click()
    expect(page.locator("h1")).to_contain_text(figures["t2"].name)
    expect(page.locator("[data-section=compare] tbody tr").first).to_contain_text(figures["village_c"].name)
    page.go_back()
    page.locator("[data-section=compare] tbody tr").first.locator("a[data-children]").click()
    expect(page.locator("main")).to_contain_text(late_children[0].name)
    expect(page.locator("main")).to_contain_text(late_children[1].name)
    page.screenshot(path=results_dir / "board-county-children.png")
    assert not page.context.js_errors


def test_a_province_official_sees_county_aggregates_but_no_child(
    new_context, live_server, figures, late_children, results_dir
):
    official = make_user("prov1", User.Role.OFFICIAL, Division.objects.get(code="51"), full_name="孙处长")
    page = new_context(**LAPTOP).new_page()
    log_in(page, live_server, official, PASSWORD)  # an official starts on the dashboard
    expect(page.locator("h1")).to_contain_text(figures["county"].parent.parent.name)
    page.locator("nav.tabs a", has_text=tr("Visits")).click()
    page.locator("[data-section=compare] a", has_text=tr("Every county")).click()
    rows = page.locator("[data-section=compare] tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("[data-section=compare]")).to_contain_text(figures["county"].name)
    expect(page.locator("[data-section=compare] [data-total]")).to_contain_text("2")
    expect(page.locator("a[data-children]")).to_have_count(0)
    page.screenshot(path=results_dir / "board-province-laptop.png", full_page=True)
    # Down to a village: figures, and still no way to a child.
    page.locator("[data-section=compare] tbody tr th a", has_text=figures["county"].name).click()
    page.locator("[data-section=compare] tbody tr th a", has_text=figures["t2"].name).click()
    page.locator("[data-section=compare] tbody tr th a", has_text=figures["village_c"].name).click()
    expect(page.locator("h1")).to_contain_text(figures["village_c"].name)
    expect(page.locator("a[data-children]")).to_have_count(0)
    for path in (f"/children/{late_children[0].uuid}/", "/follow-up/?area=511324101"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
    page.goto(f"{live_server.url}/children/")
    expect(page.locator("main")).not_to_contain_text(late_children[0].name)
