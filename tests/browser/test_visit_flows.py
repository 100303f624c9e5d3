"""Visits in a real browser on a 360 px phone in Chinese: record one, keep a draft, comment,
and a visit where nothing was checked saved as a contact only.

Each test drives Debian's Chromium against the live server, asserts what is on the screen,
then re-reads the database to check what was stored.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from alerts.models import Alert
from conftest import PASSWORD, make_child
from followup.models import FollowUp
from followup.texts import item_label
from measurements.models import Measurement
from measurements.texts import describe
from visits import actions
from visits.alert_kinds import SUPERVISOR_COMMENT
from visits.models import Visit, VisitComment
from visits.views import CONTACT_ONLY_SAVED, draft_key

from .support import CHROMIUM, NO_CHROMIUM, label, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

VISIT_URL = re.compile(r"/children/[0-9a-f-]{36}/visits/[0-9a-f-]{36}/$")
REPORT_NOW = (
    "Report now: these facts oblige a mandatory report (police 110, civil affairs, education, or the "
    "12355 hotline). No approval is needed."
)


def open_new_visit_form(page, live_server, child):
    """From the child's visits page, as a CWD does."""
    page.goto(f"{live_server.url}/children/{child.uuid}/visits/")
    page.locator("main .pagehead a.button.primary").tap()
    page.wait_for_url(re.compile(r"/visits/new/$"))


def wait_for_draft(page, key: str):
    page.wait_for_function("key => window.localStorage.getItem(key) !== null", arg=key)


def choose_mode(page, mode: str):
    """Tap how the CWD was in touch (never preset)."""
    page.locator(f"#wrap-mode label:has(input[value={mode}])").tap()


def test_cwd_records_a_visit_with_a_measurement_and_sees_the_growth_finding(
    phone, live_server, people, geo, results_dir
):
    today = timezone.localdate()
    # A boy of 1000 days: 11.5 kg at 100 cm standing is severe wasting by the WHO standards.
    child = make_child(geo["village_a"], "刘小虎", dob=today - timedelta(days=1000))
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/children/{child.uuid}/")
    expect(page.locator("main h1")).to_contain_text("刘小虎")
    open_new_visit_form(page, live_server, child)
    widths = {"form": scroll_width(page)}

    # A first visit: every section open, nothing assumed, not even how the CWD came.
    expect(page.locator("details.checklist-domain[open]")).to_have_count(8)
    expect(page.locator("#id_visited_on")).to_have_value(today.isoformat())
    expect(page.locator("input[name=mode]:checked")).to_have_count(0)
    choose_mode(page, "home")
    # "No to all in this section" (done in the page, no reload), then one worrying answer.
    page.evaluate("window.__sameDocument = true")
    page.locator("button[data-all-no=supervision]").tap()
    for code in ("lives_alone", "under8_unattended", "caregiver_incapable", "caregiver_disqualified", "unsafe_home"):
        expect(page.locator(f"input[name=answer_{code}][value=no]")).to_be_checked()
    assert page.evaluate("window.__sameDocument") is True
    item = page.locator("#item-domestic_violence")
    expect(item.locator("legend")).to_have_text(label(item_label("domestic_violence")))
    item.locator("label.ans-yes").tap()
    expect(page.locator("details[data-domain=abuse] [data-yes-count]")).to_have_text("1")
    item.locator("input[type=text]").fill("手臂上有新的淤青")
    page.locator("input[name=saw_caregiver]").check()
    page.locator("#id_actions_taken").fill("已报告派出所")

    # The measurement: weight and height, standing.
    page.locator("details.measure > summary").tap()
    page.locator("#id_m-weight_kg").fill("11.5")
    page.locator("#id_m-length_cm").fill("100")
    page.locator("input[name=m-position][value=standing]").check()
    widths["form filled"] = scroll_width(page)
    page.screenshot(path=str(results_dir / "visit-form-360.png"), full_page=True)
    page.locator("button[data-save]").tap()

    # The saved visit: the growth finding at once, the report notice, a link to the chart.
    page.wait_for_url(VISIT_URL)
    expect(page.locator(".messages .msg-success")).to_have_text(tr("Visit saved."))
    visit = Visit.objects.get(child=child)
    m = visit.measurement
    assert "sam" in m.findings
    with translation.override("zh-hans"):
        findings = describe(m.findings)
    expect(page.locator(".visit-growth .findings li")).to_have_text(findings)
    expect(page.locator(f".visit-growth a[href$='/children/{child.uuid}/growth/']")).to_be_visible()
    expect(page.locator(".notice.danger strong")).to_have_text(tr(REPORT_NOW))
    expect(page.locator(".worrying")).to_contain_text(label(item_label("domestic_violence")))
    expect(page.locator(".worrying")).to_contain_text("手臂上有新的淤青")
    widths["visit page"] = scroll_width(page)
    page.screenshot(path=str(results_dir / "visit-saved-360.png"), full_page=True)

    assert page.url.endswith(f"/children/{child.uuid}/visits/{visit.uuid}/")
    assert (visit.visited_on, visit.mode, visit.saw_child, visit.saw_caregiver) == (today, "home", True, True)
    assert visit.answers["domestic_violence"] == "yes"
    assert visit.notes == {"domestic_violence": "手臂上有新的淤青"}
    assert all(visit.answers[c] == "no" for c in ("lives_alone", "under8_unattended", "unsafe_home"))
    assert visit.answers["truancy"] == "unknown"
    assert (visit.recorded_by, visit.version, visit.is_current) == (people["cwd_a"], 1, True)
    assert (m.measured_on, float(m.weight_kg), float(m.length_cm), m.measured_lying) == (today, 11.5, 100.0, False)
    assert Measurement.objects.count() == 1

    # The visits page lists it, with the tier it led to.
    page.locator(".pagehead a.button[href$='/visits/']").tap()
    page.wait_for_url(re.compile(r"/visits/$"))
    expect(page.locator(".visit-list .roster-item")).to_have_count(1)
    expect(page.locator(".visit-list .roster-item .tier-red")).to_be_visible()
    widths["visits page"] = scroll_width(page)
    page.screenshot(path=str(results_dir / "visits-360.png"), full_page=True)

    assert all(w <= 360 for w in widths.values()), f"horizontal scroll at 360 px: {widths}"
    assert page.context.js_errors == []


def test_the_draft_survives_a_reload_and_is_cleared_on_save(phone, live_server, people, kids):
    child, cwd = kids["a"], people["cwd_a"]
    key = draft_key(cwd, child)
    page = phone
    log_in(page, live_server, cwd, PASSWORD)
    open_new_visit_form(page, live_server, child)
    notice = page.locator("[data-draft-notice]")
    expect(notice).to_be_hidden()

    page.locator("#id_living_conditions").fill("屋顶漏水，正在修")
    page.locator("input[name=answer_truancy][value=yes]").check()
    page.locator("input[name=saw_caregiver]").check()
    page.locator("input[name=mode][value=phone]").check()
    wait_for_draft(page, key)

    # The connection drops, the page is reloaded: what was typed is back, and said so.
    page.reload()
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(
        tr(
            "Draft restored: what you typed before the page closed is back in the form. "
            "It is not saved until you press Save."
        )
    )
    expect(page.locator("#id_living_conditions")).to_have_value("屋顶漏水，正在修")
    expect(page.locator("input[name=answer_truancy][value=yes]")).to_be_checked()
    expect(page.locator("input[name=saw_caregiver]")).to_be_checked()
    expect(page.locator("input[name=mode][value=phone]")).to_be_checked()
    expect(page.locator("details[data-domain=education] [data-yes-count]")).to_have_text("1")

    # Discarding it puts the form back as the server sent it.
    page.locator("[data-draft-discard]").tap()
    expect(notice).to_be_hidden()
    expect(page.locator("#id_living_conditions")).to_have_value("")
    expect(page.locator("input[name=answer_truancy][value=unknown]")).to_be_checked()
    assert page.evaluate("key => window.localStorage.getItem(key)", key) is None
    page.reload()
    expect(notice).to_be_hidden()

    # Typed again and saved: the page after saving clears the draft.
    choose_mode(page, "home")
    page.locator("#id_needs").fill("冬天的衣服")
    wait_for_draft(page, key)
    page.locator("button[data-save]").tap()
    page.wait_for_url(VISIT_URL)
    page.wait_for_function("key => window.localStorage.getItem(key) === null", arg=key)
    assert Visit.objects.get(child=child).needs == "冬天的衣服"
    open_new_visit_form(page, live_server, child)
    expect(notice).to_be_hidden()
    assert page.context.js_errors == []


def test_what_was_typed_on_a_form_sent_back_with_an_error_is_kept_as_the_draft(phone, live_server, people, kids):
    child, cwd = kids["a"], people["cwd_a"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = phone
    log_in(page, live_server, cwd, PASSWORD)
    open_new_visit_form(page, live_server, child)
    page.locator("#id_visited_on").fill(tomorrow)
    page.locator("#id_needs").fill("眼镜")
    page.locator("button[data-save]").tap()
    expect(page.locator("#wrap-visited_on .fielderror")).to_have_text(tr("This date cannot be in the future."))
    expect(page.locator("#id_needs")).to_have_value("眼镜")
    assert not Visit.objects.exists()

    # The CWD leaves and comes back later to the form: her answers are still there.
    page.goto(f"{live_server.url}/children/{child.uuid}/")
    open_new_visit_form(page, live_server, child)
    expect(page.locator("[data-draft-notice]")).to_be_visible()
    expect(page.locator("#id_needs")).to_have_value("眼镜")
    expect(page.locator("#id_visited_on")).to_have_value(tomorrow)
    assert page.context.js_errors == []


def test_a_supervisor_comments_and_the_cwd_is_alerted(new_context, live_server, people, kids):
    child = kids["a"]
    visit = actions.do_record_visit(
        people["cwd_a"], Visit(child=child, visited_on=timezone.localdate(), answers={"truancy": "yes"})
    )[0]
    supervisor = new_context().new_page()
    log_in(supervisor, live_server, people["supervisor"], PASSWORD)
    supervisor.goto(f"{live_server.url}/children/{child.uuid}/visits/")
    supervisor.locator(".visit-list .roster-item a").tap()
    supervisor.wait_for_url(VISIT_URL)
    supervisor.locator("#id_text").fill("请联系学校班主任，下周再去一次。")
    supervisor.locator("#comments button[type=submit]").tap()
    supervisor.wait_for_url(re.compile(r"/visits/[0-9a-f-]{36}/#comments$"))
    expect(supervisor.locator(".messages .msg-success")).to_have_text(
        tr("Comment saved. The person who made the visit is alerted.")
    )
    expect(supervisor.locator("#comments .visit-comment")).to_contain_text("请联系学校班主任")
    assert scroll_width(supervisor) <= 360

    comment = VisitComment.objects.get()
    assert (comment.visit, comment.author) == (visit, people["supervisor"])
    alert = Alert.objects.get(kind=SUPERVISOR_COMMENT)
    assert (alert.recipient, alert.child) == (people["cwd_a"], child)

    # The CWD sees the comment on her visit, and has no comment form of her own.
    cwd = new_context().new_page()
    log_in(cwd, live_server, people["cwd_a"], PASSWORD)
    cwd.goto(f"{live_server.url}/children/{child.uuid}/visits/{visit.uuid}/")
    expect(cwd.locator("#comments .visit-comment")).to_contain_text("请联系学校班主任")
    expect(cwd.locator("#comments form")).to_have_count(0)
    assert supervisor.context.js_errors == []
    assert cwd.context.js_errors == []


def test_an_untouched_first_visit_asks_what_was_checked_and_the_draft_survives_a_lost_connection(
    phone, live_server, people, kids, results_dir
):
    child, cwd = kids["a"], people["cwd_a"]
    key = draft_key(cwd, child)
    page = phone
    log_in(page, live_server, cwd, PASSWORD)
    open_new_visit_form(page, live_server, child)
    question = page.locator("#nothing-checked")
    expect(question).to_have_count(0)

    # Field trial: the CWD saves the first visit without touching it. Nothing is saved: the form
    # asks how she was in touch and what she checked.
    page.locator("button[data-save]").tap()
    page.wait_for_url(re.compile(r"/visits/new/$"))
    expect(page.locator("#wrap-mode .fielderror")).to_have_text(tr("Choose how you were in touch with the child."))
    expect(question).to_be_visible()
    expect(question).to_contain_text(
        tr("You did not record anything you checked: every item is “unknown” and nothing is written.")
    )
    expect(question.locator("[data-record-checked]")).to_have_text(tr("Record what I checked"))
    expect(question.locator("[data-contact-only]")).to_have_text(tr("Save as contact only"))
    assert not Visit.objects.exists()
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "visit-nothing-checked-360.png"), full_page=True)

    # It was a short phone call. She picks "phone", then the connection drops as she confirms.
    choose_mode(page, "phone")
    wait_for_draft(page, key)
    page.context.set_offline(True)
    question.locator("[data-contact-only]").tap(no_wait_after=True)
    page.wait_for_timeout(500)
    assert not Visit.objects.exists()
    page.context.set_offline(False)

    # Back online, she opens the form again: what she chose is still there, and she confirms.
    open_new_visit_form(page, live_server, child)
    expect(page.locator("[data-draft-notice]")).to_be_visible()
    expect(page.locator("input[name=mode][value=phone]")).to_be_checked()
    page.locator("button[data-save]").tap()
    expect(question).to_be_visible()
    expect(page.locator("#wrap-mode .fielderror")).to_have_count(0)
    question.locator("[data-contact-only]").tap()
    page.wait_for_url(VISIT_URL)
    expect(page.locator(".messages .msg-success")).to_have_text(tr(str(CONTACT_ONLY_SAVED)))
    expect(page.locator(".notice.contact-only")).to_be_visible()
    page.wait_for_function("key => window.localStorage.getItem(key) === null", arg=key)
    contact = Visit.objects.get(child=child)
    assert (contact.contact_only, contact.mode, contact.visited_on) == (True, "phone", timezone.localdate())
    # Not a visit: the child is still never visited, and due.
    assert FollowUp.objects.get(child=child).last_visit_on is None
    page.goto(f"{live_server.url}/children/{child.uuid}/visits/")
    expect(page.locator(".visit-list .roster-item .contact-only")).to_have_text(tr("contact only, not a visit"))

    # The real visit, later: asked again, she goes back to the checklist and records what she checked.
    open_new_visit_form(page, live_server, child)
    expect(page.locator("[data-draft-notice]")).to_be_hidden()
    expect(page.locator("input[name=mode]:checked")).to_have_count(0)  # not copied from the contact
    choose_mode(page, "home")
    page.locator("button[data-save]").tap()
    expect(question).to_be_visible()
    question.locator("[data-record-checked]").tap()
    expect(page.locator("#checklist")).to_be_in_viewport()
    page.locator("button[data-all-no=supervision]").tap()
    page.locator("button[data-save]").tap()
    page.wait_for_url(VISIT_URL)
    expect(page.locator(".messages .msg-success")).to_have_text(tr("Visit saved."))
    visit = Visit.objects.get(child=child, contact_only=False)
    assert (visit.mode, visit.answers["lives_alone"], visit.answers["truancy"]) == ("home", "no", "unknown")
    assert FollowUp.objects.get(child=child).last_visit_on == timezone.localdate()
    assert [e for e in page.context.js_errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
