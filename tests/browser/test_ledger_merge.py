"""Issue 13: a township supervisor merges two files of the same child from the profile (laptop width,
Chinese), reads the side-by-side comparison, confirms, and undoes the merge."""

from datetime import date

import pytest
from playwright.sync_api import expect

from children import choices as c
from children.models import Child, Parent
from conftest import PASSWORD, make_child
from ledger.models import ChildMerge
from visits.models import Visit

from .support import CHROMIUM, DESKTOP, NO_CHROMIUM, log_in, scroll_width, tr
from .test_field_trial import SMALL_TARGETS_JS

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]
LAPTOP = {**DESKTOP, "viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def twins(geo):
    """张伟 registered in village A, and again (without ID number) in village B with two visits."""
    keep = make_child(geo["village_a"], "张伟")
    drop = make_child(geo["village_b"], "张伟", with_id=False, address="龙岗村3组")
    Child.objects.filter(pk=drop.pk).update(school="石佛小学")
    Parent.objects.filter(household=drop.household, role="father").update(name="张大山", work_city="东莞")
    for day in (2, 16):
        Visit.objects.create(child=drop, visited_on=date(2026, 11, day))
    return keep, drop


def test_a_supervisor_merges_two_files_and_undoes_it(new_context, live_server, people, twins, results_dir):
    keep, drop = twins
    page = new_context(**LAPTOP).new_page()
    log_in(page, live_server, people["supervisor"], PASSWORD)
    page.goto(f"{live_server.url}/children/{keep.uuid}/")
    page.locator("[data-merge-action]").click()
    expect(page.locator("h1")).to_have_text(tr("Merge two files of the same child"))
    page.screenshot(path=results_dir / "ledger-merge-pick.png", full_page=True)
    # The registration's duplicate check offers the other file at once.
    page.locator("[data-candidates] a").first.click()
    expect(page.locator("h1")).to_contain_text("张伟")
    rows = page.locator(".merge-row")
    codes = rows.evaluate_all("els => els.map(e => e.dataset.code)")
    assert {"child.school", "child.address", "father.name", "child.village", "household.key"} <= set(codes)
    # Defaults: the kept file's value, blanks filled from the other.
    expect(page.locator("#row-child__school input[value=keep]")).to_be_checked()
    expect(page.locator("#row-child__address input[value=drop]")).to_be_checked()
    expect(page.locator("[data-moves]")).to_contain_text(tr("visits"))
    expect(page.locator("[data-moves]")).to_contain_text("2")
    assert scroll_width(page) <= 1366
    assert page.evaluate(SMALL_TARGETS_JS) == []
    # The two choices of a field sit side by side at laptop width.
    keep_box = page.locator("#row-child__school label.pick").nth(0).bounding_box()
    drop_box = page.locator("#row-child__school label.pick").nth(1).bounding_box()
    assert abs(keep_box["y"] - drop_box["y"]) < 5
    assert drop_box["x"] > keep_box["x"]
    page.screenshot(path=results_dir / "ledger-merge-compare.png", full_page=True)
    page.locator("#row-child__school label.pick").nth(1).click()
    page.locator("[data-confirm-merge]").click()
    # Back on the kept profile, with the message and the undo button.
    done = (
        "The two files are merged: this file now holds everything that was recorded in the other one, which is "
        "closed as merged. You can undo the merge below."
    )
    expect(page.locator(".messages")).to_contain_text(tr(done))
    expect(page.locator("[data-merge-notice]")).to_be_visible()
    expect(page.locator("[data-undo-merge]")).to_be_visible()
    page.screenshot(path=results_dir / "ledger-merge-done.png", full_page=True)
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert keep.school == "石佛小学"
    assert drop.closure_reason == c.ClosureReason.MERGED
    assert Visit.objects.filter(child=keep).count() == 2
    # Undo.
    page.locator("[data-undo-merge]").click()
    expect(page.locator(".messages")).to_contain_text(tr("The merge is undone: both files are as they were before it."))
    expect(page.locator("[data-merge-notice]")).to_have_count(0)
    page.screenshot(path=results_dir / "ledger-merge-undone.png", full_page=True)
    drop.refresh_from_db()
    assert drop.status == c.Status.ACTIVE
    assert Visit.objects.filter(child=drop).count() == 2
    assert ChildMerge.objects.get().undone_at is not None
    assert not page.context.js_errors


def test_the_comparison_fits_a_phone(new_context, live_server, people, twins, results_dir):
    """Supervisors work at a laptop, but the comparison also works on a 360 px phone: stacked choices."""
    keep, drop = twins
    page = new_context().new_page()
    log_in(page, live_server, people["supervisor"], PASSWORD)
    page.goto(f"{live_server.url}/ledger/merge/{keep.uuid}/with/{drop.uuid}/")
    expect(page.locator(".merge-row").first).to_be_visible()
    assert scroll_width(page) <= 360
    assert page.evaluate(SMALL_TARGETS_JS) == []
    page.screenshot(path=results_dir / "ledger-merge-compare-phone.png", full_page=True)
    assert not page.context.js_errors
