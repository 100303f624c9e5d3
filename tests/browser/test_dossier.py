"""The printed file on a 360 px phone in Chinese: the CWD taps "print file" on a child's profile and
the PDF arrives; from the roster she prints the whole village, waits for the job and downloads it."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import PASSWORD, make_child

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]
MIN_TAP = 44
PDF_TIMEOUT = 60_000  # ms: typesetting a PDF takes seconds, more on a loaded CI machine


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages)), len(reader.pages)


def test_cwd_prints_a_childs_file_on_her_phone(phone, live_server, people, kids, results_dir):
    child = kids["a"]
    log_in(phone, live_server, people["cwd_a"], PASSWORD)
    phone.goto(f"{live_server.url}/children/{child.uuid}/")
    link = phone.get_by_role("link", name=tr("Print file"))
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["height"] >= MIN_TAP
    assert scroll_width(phone) <= 360
    phone.screenshot(path=str(results_dir / "dossier-profile-phone.png"))

    with phone.expect_download(timeout=PDF_TIMEOUT) as download:
        link.tap()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as f:
        text, pages = pdf_text(f.read())
    # The same address, asked again with the phone's session: a PDF, not a page.
    response = phone.request.get(download.value.url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "张伟" in text
    assert "农村留守儿童" in text
    assert "内部资料注意保密" in text
    assert f"第1页共{pages}页" in text


def test_cwd_prints_her_village_from_the_roster(phone, live_server, people, geo, results_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for name in ("张伟", "李娜"):
        make_child(geo["village_a"], name)
    log_in(phone, live_server, people["cwd_a"], PASSWORD)
    phone.goto(f"{live_server.url}/children/")
    phone.get_by_role("link", name=tr("Print the village's files")).tap()
    phone.wait_for_url(re.compile(r"/print/\?village="))
    assert scroll_width(phone) <= 360
    phone.get_by_role("button", name=tr("Print"), exact=True).tap()
    phone.wait_for_url(re.compile(r"/print/[0-9a-f-]{36}/$"))
    expect(phone.locator("[data-batch-status]")).to_have_attribute("data-batch-status", "queued")

    call_command("db_worker", "--batch", "--no-startup-delay")  # the worker a server runs beside the site
    phone.reload()
    expect(phone.locator("[data-batch-status]")).to_have_attribute("data-batch-status", "ready")
    phone.screenshot(path=str(results_dir / "dossier-batch-phone.png"))
    with phone.expect_download(timeout=PDF_TIMEOUT) as download:
        phone.get_by_role("link", name=tr("Download the PDF")).tap()
    with open(download.value.path(), "rb") as f:
        text, _pages = pdf_text(f.read())
    assert "张伟" in text
    assert "李娜" in text
