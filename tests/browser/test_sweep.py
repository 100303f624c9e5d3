"""Issue 13, the sweep (摸底排查) in a real browser: a CWD on a 360 px phone in Chinese works through
her village's list from the Today page (confirms one child, closes one who moved away, adds one
she found), and the township supervisor at laptop width sees the progress. Screenshots go to
test-results/ (sweep-*.png); every tap target is at least 44×44 px and nothing scrolls sideways."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from children import choices as c
from children.models import Child
from conftest import PASSWORD, make_child
from sweeps.actions import do_start_sweep
from sweeps.models import SweepItem

from .support import CHROMIUM, NO_CHROMIUM, PROFILE_URL, fill_child_form, log_in, scroll_width, submit_child_form, tr
from .test_field_trial import SMALL_TARGETS_JS

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.fixture
def sweep(people, geo):
    children = (("刘小红", "F", date(2016, 5, 1)), ("王小明", "M", date(2014, 9, 9)), ("张小军", "M", date(2012, 1, 3)))
    for name, sex, born in children:
        make_child(geo["village_a"], name, sex=sex, dob=born)
    make_child(geo["village_b"], "李娜", sex="F")
    return do_start_sweep(
        people["county"],
        name="2026年摸底排查",
        reference_date=date(2026, 7, 31),
        deadline=timezone.localdate() + timedelta(days=14),
    )


def test_cwd_works_through_her_village_list_and_the_supervisor_sees_it(
    phone, new_context, live_server, people, geo, sweep, results_dir
):
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/today/")
    card = page.locator("[data-sweep-today]")
    expect(card).to_contain_text("2026年摸底排查")
    expect(card).to_contain_text("3")
    page.screenshot(path=str(results_dir / "sweep-today-360.png"), full_page=True)
    card.locator("[data-open-list]").tap()

    # The list: three children to check, the deadline, plain words.
    expect(page.locator("[data-sweep-head]")).to_contain_text("3")
    expect(page.locator("li.sweep-item")).to_have_count(3)
    assert scroll_width(page) <= 360
    assert page.evaluate(SMALL_TARGETS_JS) == []
    page.screenshot(path=str(results_dir / "sweep-list-360.png"), full_page=True)

    # 1. Still here, nothing changed: one tap; the child leaves the "to check" list.
    item = page.locator("li.sweep-item", has_text="刘小红")
    item.locator("[data-confirm]").tap()
    expect(page.locator(".messages")).to_contain_text("刘小红")
    expect(page.locator("li.sweep-item")).to_have_count(2)

    # 2. No longer here: the family moved to the city.
    page.locator("li.sweep-item", has_text="张小军").locator("[data-close]").tap()
    expect(page.locator("h1")).to_contain_text("张小军")
    page.locator("#id_reason").select_option(c.ClosureReason.MOVED)
    page.locator("#id_note").fill("随父母去成都")
    assert page.evaluate(SMALL_TARGETS_JS) == []
    page.screenshot(path=str(results_dir / "sweep-close-360.png"), full_page=True)
    page.locator("[data-close-submit]").tap()
    expect(page.locator("li.sweep-item")).to_have_count(1)
    expect(page.locator("[data-sweep-head]")).to_contain_text("1")

    # 3. A child found who is not on the list: the registration form, then back to the list.
    page.locator("[data-add-found]").tap()
    fill_child_form(page, name="陈小雨")
    submit_child_form(page)
    expect(page).to_have_url(PROFILE_URL)
    page.locator("[data-back-to-list]").tap()
    page.locator("[data-tab=found]").tap()
    expect(page.locator("li.sweep-item")).to_have_count(1)
    expect(page.locator("li.sweep-item")).to_contain_text("陈小雨")
    page.locator("[data-tab=done]").tap()
    expect(page.locator("li.sweep-item")).to_have_count(2)
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "sweep-done-360.png"), full_page=True)

    found = Child.objects.get(name="陈小雨")
    assert SweepItem.objects.get(sweep=sweep, child=found).kind == SweepItem.Kind.FOUND
    assert Child.objects.get(name="张小军").closure_reason == c.ClosureReason.MOVED

    # The township supervisor, at laptop width: village A 2 of 3 checked, village B not started.
    laptop = new_context(viewport={"width": 1366, "height": 900}, is_mobile=False, has_touch=False).new_page()
    log_in(laptop, live_server, people["supervisor"], PASSWORD)
    laptop.goto(f"{live_server.url}/sweeps/")
    laptop.locator("main li.roster-item a").first.click()
    table = laptop.locator("[data-progress]")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("龙岗村")  # least progress first: village B
    expect(rows.nth(1)).to_contain_text("2 / 3")
    expect(laptop.locator("[data-not-started]")).to_have_text("1")
    expect(laptop.locator("[data-found]")).to_have_text("1")
    laptop.screenshot(path=str(results_dir / "sweep-progress-1366.png"), full_page=True)
    rows.nth(1).locator("a").click()
    expect(laptop.locator("h1")).to_contain_text(tr("Check every child's file"))

    # The county closes the sweep and reads the report of changes.
    county = new_context(viewport={"width": 1366, "height": 900}, is_mobile=False, has_touch=False).new_page()
    log_in(county, live_server, people["county"], PASSWORD)
    county.goto(f"{live_server.url}/sweeps/{sweep.uuid}/")
    county.locator("[data-close-sweep] summary").click()
    county.locator("[data-close-submit]").click()
    # Closing is a background job: the page says so, then (htmx) links the report once it is made.
    expect(county.locator("[data-sweep-status]")).to_have_attribute("data-sweep-status", "closing")
    call_command("db_worker", "--batch", "--no-startup-delay")  # the worker a server runs beside the site
    county.locator("[data-sweep-report]").click(timeout=15_000)
    expect(county.locator("[data-summary] [data-found]")).to_have_text("1")
    expect(county.locator("[data-summary] [data-closed]")).to_have_text("1")
    expect(county.locator("[data-list=closed]")).to_contain_text("张小军")
    expect(county.locator("[data-list=found]")).to_contain_text("陈小雨")
    county.screenshot(path=str(results_dir / "sweep-report-1366.png"), full_page=True)
    with county.expect_download() as download:
        county.locator("[data-export]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
