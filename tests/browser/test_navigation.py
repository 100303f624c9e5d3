"""The top bar on a phone: the daily links stay in view, the rest fold under a menu button."""

import itertools
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_phone_menu_folds_and_opens(phone, desktop, live_server, people, results_dir):
    from alerts.actions import do_alert

    for i in range(12):  # a two-digit unread count must still fit in the one-row bar
        do_alert([people["supervisor"]], "other", params={"text": f"提醒{i}"})
    page = phone
    log_in(page, live_server, people["supervisor"], PASSWORD)
    nav = page.locator("nav.mainnav")
    for href in ("/today/", "/children/", "/inbox/"):
        expect(nav.locator(f"a[href$='{href}']")).to_be_visible()
    expect(nav.locator("a[href$='/follow-up/']")).to_be_hidden()
    expect(nav.locator("form.logoutform")).to_be_hidden()
    expect(page.locator("#language")).to_be_hidden()
    # Folded, the bar is one short row: the page starts near the top of the screen.
    page.screenshot(path=results_dir / "nav-phone-folded.png")
    assert page.locator("header.topbar").bounding_box()["height"] <= 64
    assert scroll_width(page) <= 360

    toggle = page.locator(".navtoggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav.locator("a[href$='/follow-up/']")).to_be_visible()
    expect(nav.locator("form.logoutform button")).to_be_visible()
    expect(page.locator("#language")).to_be_visible()
    page.screenshot(path=results_dir / "nav-phone-open.png")
    nav.locator("a[href$='/follow-up/']").tap()
    page.wait_for_url(re.compile(r"/follow-up/$"))
    expect(nav.locator("a[href$='/follow-up/']")).to_be_hidden()  # folded again on the new page
    assert not page.context.js_errors

    # A laptop shows every link in the bar, with no menu button.
    log_in(desktop, live_server, people["supervisor"], PASSWORD)
    expect(desktop.locator(".navtoggle")).to_be_hidden()
    for href in ("/today/", "/follow-up/", "/overview/", "/referrals/", "/inbox/"):
        expect(desktop.locator(f"nav.mainnav a[href$='{href}']")).to_be_visible()


def test_phone_menu_opens_without_javascript(new_context, live_server, people):
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    expect(page.locator("nav.mainnav a[href$='/referrals/']")).to_be_hidden()
    page.locator(".navtoggle").tap()
    expect(page.locator("nav.mainnav a[href$='/referrals/']")).to_be_visible()


def test_a_county_officers_bar_shows_every_link_in_aligned_rows_on_a_laptop(desktop, live_server, people, results_dir):
    """Issues 13 to 16 added links (sweeps, allowances, ledgers, training, planning, workforce,
    dashboards): on a 1280 px laptop in Chinese the county officer's bar still shows every link, in
    at most two rows beside the language switch, each row's labels on the same line (folded links
    were once drawn higher than the rest), and nothing overlaps."""
    log_in(desktop, live_server, people["county"], PASSWORD)
    desktop.goto(f"{live_server.url}/today/")
    links = desktop.locator("nav.mainnav > a, nav.mainnav > form")
    assert links.count() >= 12
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    assert all(b is not None and b["width"] >= 44 and b["height"] >= 44 for b in boxes)
    tops = sorted({round(b["y"]) for b in boxes})
    assert len(tops) <= 2, tops
    for a, b in itertools.pairwise(boxes):  # in one row, each link right of the one before
        if round(a["y"]) == round(b["y"]):
            assert b["x"] >= a["x"] + a["width"] - 1
    # The labels themselves on one line per row (a box's top says nothing about where its text is drawn).
    label_tops = desktop.evaluate(
        """() => [...document.querySelectorAll("nav.mainnav > a")].map((a) => {
            const range = document.createRange(); range.selectNodeContents(a);
            return Math.round(range.getBoundingClientRect().top); })"""
    )
    anchors = [round(b["y"]) for b in boxes]  # the links come first, the log-out form last
    by_row: dict[int, list[int]] = {}
    for row, top in zip(anchors[: len(label_tops)], label_tops, strict=True):
        by_row.setdefault(row, []).append(top)
    assert all(max(row) - min(row) <= 1 for row in by_row.values()), label_tops
    bar = desktop.locator("header.topbar").bounding_box()
    assert bar["height"] <= 56 * len(tops)  # the language switch sits beside the links, not below them
    lang = desktop.locator(".langform").bounding_box()
    assert lang["y"] < bar["y"] + 56
    desktop.screenshot(path=results_dir / "nav-county-laptop.png")
