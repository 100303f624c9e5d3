"""Issue 13, exports, in a real browser: a county officer opens "Export ledgers" from the top bar on
a laptop, picks a village and the 花名册, and the workbook downloads with the village's children;
a CWD's phone shows the same page for their own village, without sideways scrolling."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from audit.models import AuditEvent
from conftest import PASSWORD, make_child
from ledger import exports

from .support import CHROMIUM, DESKTOP, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]
LAPTOP = {**DESKTOP, "viewport": {"width": 1366, "height": 768}}


def test_a_county_officer_downloads_a_villages_roster(new_context, live_server, people, geo, results_dir, tmp_path):
    kept = make_child(geo["village_a"], "王小红", sex="F")
    make_child(geo["village_b"], "李小军")  # another village of the same township
    page = new_context(**LAPTOP, accept_downloads=True).new_page()
    log_in(page, live_server, people["county"], PASSWORD)
    page.goto(f"{live_server.url}/children/")
    page.get_by_role("link", name=tr("Export ledgers")).first.click()
    expect(page.locator("h1")).to_have_text(tr("Export ledgers"))
    page.locator("#id_division").select_option(geo["village_a"].code)
    page.locator("input[name=product][value=roster]").check()
    page.screenshot(path=str(results_dir / "ledger-export-county.png"), full_page=True)
    assert scroll_width(page) <= 1366
    with page.expect_download() as info:
        page.locator("[data-export]").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    assert exports.ROSTER_TITLE in download.suggested_filename
    path = tmp_path / "roster.xlsx"
    download.save_as(path)
    ws = load_workbook(path).worksheets[0]
    assert ws["A1"].value == exports.ROSTER_TITLE
    names = [ws.cell(row=r, column=2).value for r in range(5, ws.max_row + 1)]
    assert kept.name in names
    assert "李小军" not in names
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
