"""Issue 11, the field trial: a CWD's whole day on a 360 px phone in Chinese, by taps alone.

Log in → Today → a routine visit to the first child due → back to Today → a visit with a
measurement to the next → a referral for that child from her profile → a parent contact →
register a newly found left-behind child. Only the login page is opened by its address; every other
page is reached by tapping. The recorder (daytrial.Day) counts every fill, tap, select and check,
the page loads and the bytes on the wire (cache off: every page cold); the table is printed and
written to test-results/cwd-day.json, and the figures are in docs/performance.md ("A CWD's day").

The budgets are loose on purpose: they catch a regression (a step that needs more taps, a page
that got heavy), not noise. Registration and referral are separate functions because their forms
are being reworked; a change there should only touch those functions and the budgets.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from children import choices as c
from children.identity import make_id_number
from children.models import Child
from conftest import PASSWORD, make_child
from followup import services
from followup.texts import item_label
from partners.models import Service
from referrals.models import Referral
from visits.models import ParentContact, Visit

from .daytrial import Day
from .support import CHROMIUM, NO_CHROMIUM, PROFILE_URL, label, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

VISIT_URL = re.compile(r"/children/[0-9a-f-]{36}/visits/[0-9a-f-]{36}/$")

# Budgets: the figures measured on 2026-12-01 (docs/performance.md, "A CWD's day") plus about 20 %:
# 59 interactions, 20 page loads, 77.8 KB of pages; the heaviest page cold is the roster, 25.7 KB.
MAX_INTERACTIONS = 71
MAX_PAGE_LOADS = 24
MAX_DAY_KB_WARM = 94  # the day's pages alone, as a phone with the static files cached downloads them
MAX_PAGE_KB_COLD = 30  # issue 11's target: every page with its stylesheet, scripts and icon, no cache

# Found by this test: the growth summary's link "Measurements and chart ›" on the profile and on the
# visit page is one line of text high (212 × 19 px). To fix in templates/measurements/_child_latest.html
# and templates/visits/visit_detail.html (outside this test's branch); then empty this set.
KNOWN_SMALL_TARGETS: set[str] = set()  # tap targets known to be too small (none now)

NEED = "身高体重偏低，请卫生院检查营养状况"
NEW_CHILD = {"name": "陈小雨", "sex": "F", "dob": date(2016, 4, 12)}


@pytest.fixture
def village(people, geo):
    """Two children of the CWD's village, four years old, never visited: both due today. Their
    township health centre offers health care and nutrition."""
    born = timezone.localdate() - timedelta(days=1500)
    children = [make_child(geo["village_a"], name, dob=born, sex="F") for name in ("刘小红", "王小芳")]
    for child in children:
        child.household.parents.update(phone="13800001111")
    services.reassess([child.pk for child in children])
    org = people["partner"].organisation
    org.services = [Service.HEALTH, Service.NUTRITION]
    org.save()
    return {"children": children, "org": org}


def test_a_cwds_day_by_taps_alone(phone, live_server, people, geo, village, results_dir):
    assert tr("Today") != "Today", "no Chinese translations: run scripts/compile_messages.py"
    page = phone
    day = Day(page, live_server.url)
    cwd = people["cwd_a"]

    with day.step("log in → Today"):
        day.open_page(f"{live_server.url}/accounts/login/")
        day.fill(page.locator("#id_username"), cwd.username)
        day.fill(page.locator("#id_password"), PASSWORD)
        day.tap(page.locator("main form").get_by_role("button"))
        page.wait_for_url(re.compile(r"/today/$"))
        expect(page.locator("#due-total")).to_contain_text("2")

    with day.step("visit 1: routine"):
        first = open_first_due_child(day)
        open_visit_form(day)
        day.check(page.get_by_role("radio", name=label(Visit.Mode.HOME.label)))
        for domain in ("supervision", "abuse"):  # nothing worrying in these two sections
            day.tap(page.locator(f"details[data-domain={domain}]").get_by_role("button"))
        answer(day, "truancy", "No")
        answer(day, "looks_malnourished", "No")
        answer(day, "emotional_problems", "No")
        save_visit(day)

    with day.step("back to Today"):
        day.tap(page.locator("nav.mainnav").get_by_role("link", name=tr("Today"), exact=True))
        page.wait_for_url(re.compile(r"/today/$"))
        expect(page.locator("#due-total")).to_contain_text("1")  # the first child is off the list

    with day.step("visit 2: with a measurement"):
        second = open_first_due_child(day)
        assert second != first
        open_visit_form(day)
        day.check(page.get_by_role("radio", name=label(Visit.Mode.HOME.label)))
        day.tap(page.locator("details[data-domain=supervision]").get_by_role("button"))
        answer(day, "looks_malnourished", "No")
        day.tap(page.locator("details.measure > summary"))
        day.fill(page.locator("#id_m-weight_kg"), "15.2")
        day.fill(page.locator("#id_m-length_cm"), "101.5")
        day.check(page.locator("input[name=m-position][value=standing]"))
        save_visit(day)

    with day.step("referral"):
        day.tap(page.locator("main h1").get_by_role("link", name=second))  # the visit page → her profile
        page.wait_for_url(PROFILE_URL)
        day.arrived()
        send_referral(day, village["org"], need=NEED)

    with day.step("parent contact"):
        day.tap(page.locator("main").get_by_role("link", name=second))  # the referral → her profile
        page.wait_for_url(PROFILE_URL)
        day.arrived()
        day.tap(page.locator(".pagehead").get_by_role("link", name=tr("Visits"), exact=True))
        page.wait_for_url(re.compile(r"/visits/$"))
        day.arrived()
        day.tap(page.get_by_text(tr("Record a parent contact"), exact=True))
        form = page.locator("form.contactform")
        day.check(form.get_by_role("radio", name=tr("Mother"), exact=True))
        day.check(form.get_by_role("radio", name=tr("Video call"), exact=True))
        day.fill(form.get_by_role("textbox", name=re.compile(tr("note"), re.I)), "妈妈每周日晚上视频")
        day.tap(form.get_by_role("button", name=tr("Save contact")))
        page.wait_for_url(re.compile(r"/visits/$"))
        expect(page.locator(".messages")).to_contain_text(tr("Parent contact saved."))

    with day.step("register a child"):
        id_number = register_child(day, geo["village_a"], **NEW_CHILD)

    print("\n" + day.table())
    day.write(results_dir / "cwd-day.json")

    # Every step is in the database, as typed.
    today = timezone.localdate()
    by_name = {child.name: child for child in village["children"]}
    visit1 = Visit.objects.get(child=by_name[first], is_current=True)
    assert (visit1.visited_on, visit1.mode, visit1.recorded_by) == (today, "home", cwd)
    assert all(visit1.answers[code] == "no" for code in ("lives_alone", "domestic_violence", "truancy"))
    assert visit1.answers["looks_malnourished"] == "no"
    assert visit1.measurement is None
    visit2 = Visit.objects.get(child=by_name[second], is_current=True)
    m = visit2.measurement
    assert (visit2.mode, float(m.weight_kg), float(m.length_cm), m.measured_lying) == ("home", 15.2, 101.5, False)
    referral = Referral.objects.get()
    assert (referral.child, referral.service, referral.organisation) == (by_name[second], "health", village["org"])
    assert (referral.status, referral.guardian_consent, referral.need) == ("sent", True, NEED)
    contact = ParentContact.objects.get()
    assert (contact.child, contact.parent_role, contact.mode) == (by_name[second], "mother", "video")
    assert (contact.contact_on, contact.note, contact.recorded_by) == (today, "妈妈每周日晚上视频", cwd)
    child = Child.objects.get(name=NEW_CHILD["name"])
    assert (child.village, child.sex, child.date_of_birth, child.id_number) == (
        geo["village_a"],
        "F",
        NEW_CHILD["dob"],
        id_number,
    )
    assert c.Category.RURAL_LEFT_BEHIND in child.categories
    assert {(p.role, p.migration_status) for p in child.household.parents.all()} == {
        ("father", "away_outside"),
        ("mother", "away_outside"),
    }
    assert (child.household.caregiver_name, child.household.caregiver_relation) == ("陈奶奶", "grandmother")

    # Every page fits a 360 px screen and every tap target is at least 44 × 44 px.
    assert [w.url for w in day.pages if not w.checked] == [], "call day.arrived() after each page load"
    for weight in day.pages:
        small = [t for t in weight.small_targets if t.rsplit(" ", 1)[0] not in KNOWN_SMALL_TARGETS]
        assert small == [], weight.url
        assert weight.scroll_width <= 360, weight.url
    # Budgets.
    total = day.totals()
    assert total.interactions <= MAX_INTERACTIONS, day.table()
    assert total.page_loads <= MAX_PAGE_LOADS, day.table()
    assert total.doc_bytes <= MAX_DAY_KB_WARM * 1024, day.table()
    heavy = [(w.url, w.bytes) for w in day.pages if w.bytes > MAX_PAGE_KB_COLD * 1024]
    assert heavy == [], heavy
    assert page.context.js_errors == []


# --- the steps, each reached by tapping ---------------------------------------------------------


def open_first_due_child(day) -> str:
    """Today → the first child due: her profile. Returns her name."""
    page = day.page
    item = page.locator("main ul.today .roster-item").first
    name = item.locator(".name").inner_text().split()[0]
    day.tap(item.get_by_role("link"))
    page.wait_for_url(PROFILE_URL)
    day.arrived()
    expect(page.locator("main h1")).to_contain_text(name)
    return name


def open_visit_form(day):
    page = day.page
    day.tap(page.locator(".pagehead").get_by_role("link", name=tr("Record a visit")))
    page.wait_for_url(re.compile(r"/visits/new/$"))
    day.arrived()


def answer(day, code: str, choice: str):
    """One checklist item: tap Yes, No or Unknown beside its question."""
    item = day.page.get_by_role("group", name=label(item_label(code)), exact=True)
    day.tap(item.get_by_text(tr(choice), exact=True))


def save_visit(day):
    page = day.page
    day.tap(page.get_by_role("button", name=tr("Save visit")))
    page.wait_for_url(VISIT_URL)
    expect(page.locator(".messages")).to_contain_text(tr("Visit saved."))


def send_referral(day, org, *, need: str):
    """From the child's profile: Referrals → Refer → the service → the suggested organisation →
    what is needed → the guardian's consent → send. The service is asked once; the nearest
    organisation offering it comes back ticked, as a card the CWD could tap to change."""
    page = day.page
    day.tap(page.locator(".pagehead").get_by_role("link", name=tr("Referrals"), exact=True))
    page.wait_for_url(re.compile(r"/referrals/$"))
    day.arrived()
    day.tap(page.locator(".pagehead").get_by_role("link", name=tr("Refer"), exact=True))
    page.wait_for_url(re.compile(r"/referrals/new/$"))
    day.arrived()
    day.select(page.locator("#id_service"), value=Service.HEALTH)  # the form comes back with its cards
    card = page.locator("label.orgpick").first
    expect(card).to_contain_text(org.name)
    day.arrived()
    expect(card.locator("input")).to_be_checked()  # the nearest organisation is ticked already
    day.fill(page.locator("#id_need"), need)
    day.check(page.locator("#id_guardian_consent"))
    day.tap(page.get_by_role("button", name=tr("Send the referral")))
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    day.arrived()


def register_child(day, village, *, name: str, sex: str, dob: date) -> str:
    """Children → Register a child → a left-behind girl with her ID number, both parents working
    away, living with her grandmother (a new household). Returns the ID number typed. The number
    fills in the date of birth and the sex; rare sections stay folded."""
    page = day.page
    id_number = make_id_number(village.code, dob, 907, sex)
    day.tap(page.locator("nav.mainnav").get_by_role("link", name=tr("Children"), exact=True))
    page.wait_for_url(re.compile(r"/children/$"))
    day.arrived()
    day.tap(page.get_by_role("link", name=re.compile(re.escape(tr("Register a child")))))
    page.wait_for_url(re.compile(r"/children/new/$"))
    day.arrived()
    day.fill(page.locator("#id_name"), name)
    # The duplicate check runs as soon as the number is typed; a CWD reads its answer before going on.
    with page.expect_response(lambda r: "/children/new/duplicates/" in r.url and "id_number=" in r.url):
        day.fill(page.locator("#id_id_number"), id_number)
    # The ID number fills in the date of birth and the sex.
    expect(page.locator("#id_date_of_birth")).to_have_value(dob.isoformat())
    expect(page.locator(f"input[name=sex][value={sex}]")).to_be_checked()
    day.select(page.locator("#id_hukou_type"), value=c.HukouType.RURAL)
    day.check(page.locator(f"input[name=categories][value={c.Category.RURAL_LEFT_BEHIND}]"))
    day.select(page.locator("#id_schooling_status"), value=c.SchoolingStatus.PRIMARY)
    day.fill(page.locator("#id_school"), "金城镇中心小学")
    for role, parent_name in (("father", "陈大勇"), ("mother", "周丽")):
        day.fill(page.locator(f"#id_{role}-name"), parent_name)
        day.select(page.locator(f"#id_{role}-migration_status"), value=c.MigrationStatus.AWAY_OUT_OF_PROVINCE)
        day.fill(page.locator(f"#id_{role}-work_city"), "东莞")
    day.check(page.locator("#id_household-has_caregiver"))
    day.fill(page.locator("#id_household-caregiver_name"), "陈奶奶")
    day.select(page.locator("#id_household-caregiver_relation"), value=c.CaregiverRelation.PATERNAL_GRANDMOTHER)
    day.tap(page.get_by_role("button", name=tr("Register"), exact=True))
    page.wait_for_url(PROFILE_URL)
    day.arrived()
    expect(page.locator("main h1")).to_contain_text(name)
    return id_number
