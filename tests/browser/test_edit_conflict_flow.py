"""Two people save the same child's file from two phones: the second sees the conflict page with
only the field both changed, chooses and saves, without retyping; the other changes are merged."""

import re

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from conftest import PASSWORD, make_child

from .support import CHROMIUM, NO_CHROMIUM, PROFILE_URL, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_second_saver_merges_on_the_conflict_page(new_context, live_server, people, geo, results_dir):
    child = make_child(geo["village_a"], "张伟")
    edit_url = f"{live_server.url}/children/{child.uuid}/edit/"
    cwd, supervisor = new_context().new_page(), new_context().new_page()
    log_in(cwd, live_server, people["cwd_a"], PASSWORD)
    log_in(supervisor, live_server, people["supervisor"], PASSWORD)
    cwd.goto(edit_url)
    supervisor.goto(edit_url)

    supervisor.locator("#id_grade").fill("五年级")
    supervisor.locator("#id_school").fill("石佛村小学")
    supervisor.locator("form.childform button[type=submit]").tap()
    supervisor.wait_for_url(PROFILE_URL)

    cwd.locator("#id_grade").fill("四年级")
    cwd.locator("#id_father-phone").fill("13911112222")
    cwd.locator("form.childform button[type=submit]").tap()
    cwd.wait_for_load_state()
    expect(cwd.locator("main .notice.warn")).to_contain_text(
        tr(
            "Someone else saved changes to this record after you opened the form. Nothing of yours has been "
            "saved yet. You both changed the fields below: choose which value to keep. Everything else you "
            "entered is kept, and so are their changes to fields you did not touch."
        )
    )
    grade = cwd.locator("#conflict-grade")
    expect(grade.locator(".mine")).to_have_text("四年级")
    expect(grade.locator(".theirs")).to_have_text("五年级")
    # Only the grade is asked: the school only the supervisor changed is taken as saved.
    expect(cwd.locator(".conflict-row")).to_have_count(1)
    assert scroll_width(cwd) <= 360
    for box in cwd.locator(".conflict-row .pick, form.conflict button[type=submit]").all():
        assert box.bounding_box()["height"] >= 44
    results_dir.joinpath("edit-conflict-360.png").write_bytes(cwd.screenshot(full_page=True))

    grade.locator("input[value=mine]").check()
    cwd.locator("form.conflict button[type=submit]").tap()
    cwd.wait_for_url(PROFILE_URL)
    expect(cwd.locator(".messages")).to_contain_text(tr("Changes saved."))

    child.refresh_from_db()
    assert (child.grade, child.school) == ("四年级", "石佛村小学")
    assert child.household.parent("father").phone == "13911112222"
    actors = list(
        AuditEvent.objects.filter(child=child, action="update").order_by("pk").values_list("actor", flat=True)
    )
    assert actors == [people["supervisor"].pk, people["cwd_a"].pk]
    # The conflict page answers 409, which the browser reports in its console; nothing else may.
    assert [e for e in cwd.context.js_errors if "409 (Conflict)" not in e] == []
    assert re.search(r"/children/[0-9a-f-]{36}/$", cwd.url)
