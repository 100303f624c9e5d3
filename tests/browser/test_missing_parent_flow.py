"""A CWD confirms, on a 360 px phone in Chinese, what an old "missing" parent really is (issue 12)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from children import choices as c
from children.models import Parent
from conftest import PASSWORD, make_child

from .support import CHROMIUM, NO_CHROMIUM, label, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

QUESTION = "Please confirm: declared missing by a court, or lost contact?"


def test_cwd_confirms_a_lost_contact_with_the_police_date_and_receipt(phone, live_server, people, geo):
    child = make_child(
        geo["village_a"],
        father={"condition": c.ParentCondition.SEVERE_DISABILITY, "condition_start": date(2020, 1, 1)},
        mother={"vital_status": c.VitalStatus.MISSING_UNCONFIRMED},
    )
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)

    # The file asks, on the mother's card, and the page fits the phone.
    page.goto(f"{live_server.url}/children/{child.uuid}/")
    expect(page.locator(".confirm-missing")).to_contain_text(tr(QUESTION))
    assert scroll_width(page) <= 360

    # The edit form asks too; she is only out of touch: alive, lost contact, police date and receipt.
    page.goto(f"{live_server.url}/children/{child.uuid}/edit/")
    expect(page.locator(".confirm-missing")).to_contain_text(tr(QUESTION))
    page.locator("#id_mother-vital_status").select_option(label=label(c.VitalStatus.ALIVE.label))
    page.locator("#id_mother-migration_status").select_option("away_outside")
    page.locator("#id_mother-work_city").fill("不详")
    fold = page.locator("#id_mother-condition").locator("xpath=ancestor::details")
    if not fold.evaluate("d => d.open"):
        fold.locator("summary").tap()
    page.locator("#id_mother-condition").select_option(c.ParentCondition.LOST_CONTACT)
    page.locator("#id_mother-condition_start").fill("2025-03-02")
    # Without the police's receipt the form says what is missing.
    page.locator("form.childform button[type=submit]").tap()
    expect(page.locator("#wrap-mother-condition_evidence .fielderror")).to_be_visible()
    page.locator("#id_mother-condition_evidence").fill("派出所受案回执（受案号88）")
    page.locator("form.childform button[type=submit]").tap()
    page.wait_for_url(f"{live_server.url}/children/{child.uuid}/")
    expect(page.locator(".confirm-missing")).to_have_count(0)

    mother = Parent.objects.get(household=child.household_id, role="mother")
    assert (mother.vital_status, mother.condition, mother.condition_start, mother.condition_evidence) == (
        c.VitalStatus.ALIVE,
        c.ParentCondition.LOST_CONTACT,
        date(2025, 3, 2),
        "派出所受案回执（受案号88）",
    )
