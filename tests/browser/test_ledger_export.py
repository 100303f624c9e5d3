"""Issue 13, exports, in a real browser: a county officer opens "Export ledgers" from the top bar on
a laptop, asks for the county's 花名册, sees it being prepared (the background job), and once the
worker has made it the page shows the download by itself, and the workbook holds the county's
children; a CWD's phone shows the same page for their own village, without sideways scrolling."""

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from audit.models import AuditEvent
from conftest import PASSWORD, make_child
from ledger import exports

from .support import CHROMIUM, DESKTOP, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]
LAPTOP = {**DESKTOP, "viewport": {"width": 1366, "height": 768}}
PREPARING = (
    "The file is being prepared. A whole county's file can take a few minutes. This page updates itself; "
    "you may also leave and come back from the export page."
)


def test_a_county_officer_asks_for_the_county_roster_and_downloads_it_when_ready(
    new_context, live_server, people, geo, results_dir, tmp_path
):
    kept = make_child(geo["village_a"], "王小红", sex="F")
    also = make_child(geo["village_c"], "李小军")  # another township of the county
    elsewhere = make_child(geo["village_d"], "赵小兰")  # another county
    page = new_context(**LAPTOP, accept_downloads=True).new_page()
    log_in(page, live_server, people["county"], PASSWORD)
    page.goto(f"{live_server.url}/children/")
    page.get_by_role("link", name=tr("Export ledgers")).first.click()
    expect(page.locator("h1")).to_have_text(tr("Export ledgers"))
    page.locator("#id_division").select_option(geo["county"].code)
    page.locator("input[name=product][value=roster]").check()
    page.screenshot(path=str(results_dir / "ledger-export-county.png"), full_page=True)
    assert scroll_width(page) <= 1366
    page.locator("[data-export]").click()

    # The request answers at once: the export's own page, the file being prepared.
    status = page.locator("[data-export-status]")
    expect(status).to_have_attribute("data-export-status", "queued")
    expect(page.get_by_role("status")).to_contain_text(tr(PREPARING))
    expect(page.locator("[data-export-download]")).to_have_count(0)
    page.screenshot(path=str(results_dir / "ledger-export-preparing.png"), full_page=True)

    call_command("db_worker", "--batch", "--no-startup-delay")  # the worker a server runs beside the site
    # No reload: htmx asks for the status every few seconds and swaps in the download.
    expect(status).to_have_attribute("data-export-status", "ready", timeout=10_000)
    link = page.locator("[data-export-download]")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["height"] >= 44  # a tap target
    assert scroll_width(page) <= 1366
    page.screenshot(path=str(results_dir / "ledger-export-ready.png"), full_page=True)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    assert exports.ROSTER_TITLE in download.suggested_filename
    path = tmp_path / "roster.xlsx"
    download.save_as(path)
    book = load_workbook(path)
    assert book.worksheets[0]["A1"].value == exports.ROSTER_TITLE
    names = {ws.cell(row=r, column=2).value for ws in book.worksheets for r in range(5, ws.max_row + 1)}
    assert {kept.name, also.name} <= names
    assert elsewhere.name not in names
    assert AuditEvent.objects.filter(action="export", child=kept, details__product="roster").exists()
    assert page.context.js_errors == []


def test_a_cwd_sees_the_export_page_on_a_phone(phone, live_server, people, geo, results_dir):
    make_child(geo["village_a"], "王小红", sex="F")
    log_in(phone, live_server, people["cwd_a"], PASSWORD)
    phone.goto(f"{live_server.url}/ledger/export/")
    expect(phone.locator("h1")).to_have_text(tr("Export ledgers"))
    expect(phone.locator("#id_division option")).to_have_count(1)
    expect(phone.locator("input[name=product][value=full]")).to_have_count(0)
    assert scroll_width(phone) <= 360
    phone.screenshot(path=str(results_dir / "ledger-export-phone.png"), full_page=True)
    assert phone.context.js_errors == []
