"""Coverage planning at laptop width, in Chinese: the county officer opens the plan from the follow-up page,
changes the hours a CWD has in the what-if form and sees the CWDs needed change, nothing saved."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD, make_child
from followup.models import FollowUp
from planning.models import PlanningAssumptions

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def _red_files(village, n):
    for i in range(n):
        child = make_child(village, f"张红{i}")
        FollowUp.objects.create(
            child=child,
            village_id=village.code,
            tier="red",
            computed_tier="red",
            due_on=timezone.localdate(),
            computed_at=timezone.now(),
        )


def test_county_officer_tries_more_hours_per_cwd(desktop, live_server, people, geo, results_dir):
    page = desktop
    _red_files(geo["village_a"], 7)
    PlanningAssumptions.objects.create(area="511324", cwd_hours=10, target_percent=80, travel_minutes=90)
    log_in(page, live_server, people["county"], PASSWORD)
    # The bar is full on a laptop: the plan is found under the overdue visits of the follow-up page.
    page.locator("#mainnav").get_by_role("link", name=tr("Follow-up")).click()
    page.locator("[data-panel=planning]").get_by_role("link", name=tr("See the coverage plan")).click()
    page.wait_for_url(f"{live_server.url}/planning/511324/")
    expect(page.locator("h1")).to_contain_text(tr("Coverage planning"))
    # 石佛村: 7 red children weekly at 80 %: 25.85 hours ÷ 10 → 3 CWDs; one in each other village.
    expect(page.locator("[data-figure=cwds-needed]")).to_have_text("5")
    expect(page.locator("[data-figure=cwd-gap]")).to_have_text("2")
    expect(page.locator("#id_cwd_hours")).to_have_value("10")
    button = page.locator("form[data-form=whatif] button[type=submit]")
    assert button.bounding_box()["height"] >= 44
    assert page.locator("#id_cwd_hours").bounding_box()["height"] >= 44

    page.fill("#id_cwd_hours", "30")
    button.click()
    page.wait_for_url(lambda url: "whatif=1" in url)
    expect(page.locator("[data-figure=cwds-needed]")).to_have_text("3")
    expect(page.locator("[data-figure=cwd-gap]")).to_have_text("0")
    expect(page.locator("#id_cwd_hours")).to_have_value("30")
    expect(page.locator("[data-whatif=on]")).to_be_visible()
    expect(page.locator("#wrap-cwd_hours")).to_have_class("field assumption changed")
    # The assumptions stand beside the result on a laptop, and nothing scrolls sideways.
    side, main = page.locator(".planside").bounding_box(), page.locator(".planmain").bounding_box()
    assert side["x"] + side["width"] <= main["x"]
    assert scroll_width(page) <= page.viewport_size["width"]
    page.screenshot(path=str(results_dir / "planning-whatif-desktop.png"), full_page=True)

    assert PlanningAssumptions.objects.get(area="511324").cwd_hours == 10

    # Saving it for the county: the assumptions page, with the remote villages' travel and the sources.
    page.get_by_role("link", name=tr("Change the saved assumptions")).click()
    page.wait_for_url(f"{live_server.url}/planning/assumptions/511324/")
    expect(page.locator("#id_cwd_hours")).to_have_value("10")
    expect(page.locator("[data-section=sources]")).to_contain_text("13.8")
    page.fill("#id_cwd_hours", "30")
    page.locator("[data-section=village-travel] summary").click()
    page.fill("#id_travel_511324101201", "240")
    assert scroll_width(page) <= page.viewport_size["width"]
    page.screenshot(path=str(results_dir / "planning-assumptions-desktop.png"), full_page=True)
    page.locator("form[data-form=assumptions] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/planning/511324/")
    expect(page.locator(".messages")).to_contain_text(tr("The assumptions are saved."))
    expect(page.locator("[data-figure=cwds-needed]")).to_have_text("3")
    saved = PlanningAssumptions.objects.get(area="511324")
    assert (saved.cwd_hours, saved.travel_overrides) == (30, {"511324101201": 240})
    assert page.context.js_errors == []
