"""What a CWD, a township supervisor and a stranger to a village see in a real browser.

Each test drives Debian's Chromium against the live server, asserts what is on the screen,
then re-reads the database to check what was stored.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import User
from children import choices as c
from children.forms import ID_ERRORS
from children.identity import make_id_number
from children.models import Child, Household, Parent
from conftest import PASSWORD, make_child

from .support import (
    CHROMIUM,
    DESKTOP,
    NO_CHROMIUM,
    PROFILE_URL,
    fill_child_form,
    label,
    log_in,
    scroll_width,
    submit_child_form,
    tr,
)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

REGISTERED = "%(name)s has been registered and sent to the township for confirmation."


def open_roster(page):
    """A CWD starts on Today; the roster is the top bar's "Children"."""
    page.locator("nav.mainnav a[href$='/children/']").tap()
    page.wait_for_url(re.compile(r"/children/$"))


def open_register_form(page):
    open_roster(page)
    page.locator("main .pagehead a.button.primary[href$='/children/new/']").tap()
    page.wait_for_url(re.compile(r"/children/new/$"))


def test_cwd_registers_a_child_on_a_phone_and_finds_her_by_pinyin_initials(
    phone, live_server, people, geo, results_dir
):
    make_child(geo["village_a"], "张伟")  # someone else on the roster, whom the search must leave out
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)

    # The roster, in Chinese, styled, and no wider than the phone.
    open_roster(page)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor") == "rgb(179, 38, 30)", (
        "shouhu.css did not load"
    )
    assert page.request.get(f"{live_server.url}/static/css/shouhu.css").ok
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    expect(page.locator("#roster-results .roster-item")).to_have_count(1)
    widths = {"roster": scroll_width(page)}

    open_register_form(page)
    widths["register form"] = scroll_width(page)
    fill_child_form(
        page, name="陈小雨", sex="F", dob="2016-04-12", hukou="rural", school="金城镇中心小学", work_city="东莞"
    )
    submit_child_form(page)

    # The child's profile, with the success message.
    page.wait_for_url(PROFILE_URL)
    expect(page.locator(".messages .msg-success")).to_have_text(tr(REGISTERED, name="陈小雨"))
    expect(page.locator("main h1")).to_contain_text("陈小雨")
    expect(page.locator("main h1 .badge-registered")).to_have_text(label(c.Status.REGISTERED.label))
    expect(page.locator("main")).to_contain_text("东莞")
    expect(page.locator("main")).to_contain_text("陈奶奶")
    widths["profile"] = scroll_width(page)
    page.screenshot(path=str(results_dir / "profile-360.png"), full_page=True)

    child = Child.objects.select_related("household").get(name="陈小雨")
    assert page.url.endswith(f"/children/{child.uuid}/")
    assert (child.sex, child.date_of_birth, child.hukou_type) == ("F", date(2016, 4, 12), "rural")
    assert (child.schooling_status, child.school) == ("primary", "金城镇中心小学")
    assert [cat.value for cat in child.categories] == [c.Category.RURAL_LEFT_BEHIND]
    assert child.village == geo["village_a"]
    assert child.registered_by == people["cwd_a"]
    assert child.status == c.Status.REGISTERED
    assert child.name_initials == "cxy"
    parents = {p.role: p for p in child.household.parents.all()}
    assert {role: (p.name, p.migration_status, p.work_city) for role, p in parents.items()} == {
        "father": ("陈大勇", "away_outside", "东莞"),
        "mother": ("周丽", "away_outside", "东莞"),
    }
    household = child.household
    assert household.has_caregiver
    assert household.caregiver_name == "陈奶奶"
    assert household.caregiver_relation == c.CaregiverRelation.PATERNAL_GRANDMOTHER

    # Back to the roster: typing pinyin initials narrows it live (htmx), without reloading the page.
    page.locator("nav.mainnav a[href$='/children/']").tap()
    page.wait_for_url(re.compile(r"/children/$"))
    expect(page.locator("#roster-results .roster-item")).to_have_count(2)
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(lambda r: "q=cxy" in r.url and r.request.headers.get("hx-request") == "true") as hx:
        page.locator("input[name=q]").press_sequentially("cxy", delay=60)
    assert hx.value.ok
    expect(page.locator("#roster-results .roster-item")).to_have_count(1)
    expect(page.locator("#roster-results .roster-item .name")).to_have_text("陈小雨")
    expect(page).to_have_url(re.compile(r"[?&]q=cxy"))  # hx-push-url: the search survives a reload
    assert page.evaluate("window.__sameDocument") is True, "the search reloaded the whole page"
    widths["roster after search"] = scroll_width(page)
    page.screenshot(path=str(results_dir / "roster-360.png"), full_page=True)

    assert all(w <= 360 for w in widths.values()), f"horizontal scroll at 360 px: {widths}"
    assert page.context.js_errors == []


def test_the_phone_ui_is_in_chinese(phone, live_server, people):
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    open_roster(page)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expected = tr("Register a child")
    assert expected != "Register a child", (
        "gettext under zh-hans returns the English msgid: compile the catalogues (scripts/compile_messages.py)"
    )
    expect(page.locator("main .pagehead a.button.primary")).to_contain_text(expected)


def test_form_errors_show_next_to_the_field_keep_the_input_and_store_nothing(phone, live_server, people, geo):
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    open_register_form(page)
    good = make_id_number(geo["village_a"].code, date(2016, 4, 12), 7, "F")
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")  # the check digit is wrong
    fill_child_form(page, name="陈小雨", dob="2016-04-12", id_number=bad, hukou=None)  # hukou type left empty
    submit_child_form(page)

    expect(page.locator(".messages .msg-error")).to_have_text(
        tr("Please correct the fields marked below. Nothing has been saved yet.")
    )
    expect(page).to_have_url(re.compile(r"/children/new/$"))
    id_wrap, hukou_wrap = page.locator("#wrap-id_number"), page.locator("#wrap-hukou_type")
    expect(id_wrap).to_have_class(re.compile(r"\bhas-error\b"))
    expect(id_wrap.locator(".fielderror")).to_have_text(label(ID_ERRORS["checksum"]))
    expect(hukou_wrap).to_have_class(re.compile(r"\bhas-error\b"))
    expect(hukou_wrap.locator(".fielderror")).to_have_text(tr("This field is required."))
    expect(page.locator(".fielderror")).to_have_count(2)
    # Next to the field: the error sits right under its own input.
    field_box = id_wrap.locator("input").bounding_box()
    error_box = id_wrap.locator(".fielderror").bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 60
    # What was typed is still there.
    expect(page.locator("#id_name")).to_have_value("陈小雨")
    expect(page.locator("#id_id_number")).to_have_value(bad)
    expect(page.locator("#id_date_of_birth")).to_have_value("2016-04-12")
    expect(page.locator("#id_school")).to_have_value("金城镇中心小学")
    expect(page.locator("#id_household-caregiver_name")).to_have_value("陈奶奶")
    expect(page.locator("#id_father-work_city")).to_have_value("东莞")
    assert scroll_width(page) <= 360

    assert not Child.objects.exists()
    assert not Household.objects.exists()
    assert not Parent.objects.exists()


def test_a_possible_duplicate_elsewhere_is_masked_and_can_be_overridden(phone, live_server, people, geo):
    other = make_child(geo["village_b"], "张伟", dob=date(2015, 3, 8))
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    open_register_form(page)
    fill_child_form(page, name="章伟", sex="M", dob="2015-03-08")
    submit_child_form(page)

    box = page.locator("section.duplicates")
    expect(box).to_be_visible()
    expect(box.locator("li")).to_have_count(1)
    expect(box.locator("li")).to_contain_text("张*")
    expect(box.locator("li")).to_contain_text("2015-03-08")
    expect(box).not_to_contain_text("张伟")
    expect(box.locator("a")).to_have_count(0)  # a file outside the CWD's village is not linked
    expect(box).to_contain_text(tr("This file is kept outside your area: contact that village or township."))
    expect(page.locator("#id_name")).to_have_value("章伟")
    assert not Child.objects.filter(name="章伟").exists()

    page.locator("#id_not_duplicate").check()
    submit_child_form(page)
    page.wait_for_url(PROFILE_URL)
    expect(page.locator(".messages .msg-success")).to_have_text(tr(REGISTERED, name="章伟"))

    new = Child.objects.get(name="章伟")
    assert new.village == geo["village_a"]
    assert new.date_of_birth == date(2015, 3, 8)
    assert new.household_id != other.household_id
    other.refresh_from_db()
    assert (other.name, other.village) == ("张伟", geo["village_b"])


def test_the_supervisor_confirms_from_the_queue_and_the_cwd_sees_it(new_context, live_server, people, geo):
    cwd = new_context().new_page()
    log_in(cwd, live_server, people["cwd_a"], PASSWORD)
    open_register_form(cwd)
    fill_child_form(cwd, name="陈小雨")
    submit_child_form(cwd)
    cwd.wait_for_url(PROFILE_URL)
    child = Child.objects.get(name="陈小雨")
    assert child.status == c.Status.REGISTERED

    sup = new_context(**DESKTOP).new_page()  # the supervisor at the township office
    log_in(sup, live_server, people["supervisor"], PASSWORD)
    sup.locator("nav.mainnav a[href$='/children/queue/']").click()
    sup.wait_for_url(re.compile(r"/children/queue/$"))
    item = sup.locator(".queue .roster-item", has_text="陈小雨")
    expect(item).to_have_count(1)
    expect(item.locator(".meta")).to_contain_text(f"{geo['village_a'].name} · 2016-04-12")
    expect(item.locator(".meta")).to_contain_text("李红")  # registered by cwd_a
    item.locator("input[name=child]").check()
    sup.locator("main form button[type=submit].primary").click()
    expect(sup.locator(".messages .msg-success")).to_have_text(tr("%(count)s files processed.", count=1))
    expect(sup.locator(".queue .roster-item")).to_have_count(0)
    expect(sup.locator("main .empty")).to_have_text(tr("Nothing is waiting."))

    child.refresh_from_db()
    assert child.status == c.Status.CONFIRMED
    assert child.confirmed_by == people["supervisor"]
    assert child.confirmed_at is not None

    cwd.reload()
    expect(cwd.locator("main h1 .badge")).to_have_text(label(c.Status.CONFIRMED.label))
    expect(cwd.locator("main h1 .badge")).to_have_class(re.compile(r"\bbadge-confirmed\b"))
    expect(cwd.locator("main")).to_contain_text("王芳")  # "Confirmed ... by 王芳"


def test_the_supervisor_confirms_from_the_profile(desktop, live_server, people, geo):
    child = make_child(geo["village_b"], "李娜", status=c.Status.REGISTERED, registered_by=people["cwd_b"])
    log_in(desktop, live_server, people["supervisor"], PASSWORD)
    desktop.goto(f"{live_server.url}/children/queue/")
    desktop.locator(".queue .roster-item a", has_text="李娜").click()
    desktop.wait_for_url(re.compile(rf"/children/{child.uuid}/$"))
    desktop.locator("section.decide form[action$='/confirm/'] button").click()
    expect(desktop.locator(".messages .msg-success")).to_have_text(tr("%(name)s's file is confirmed.", name="李娜"))
    expect(desktop.locator("main h1 .badge")).to_have_text(label(c.Status.CONFIRMED.label))
    expect(desktop.locator("section.decide")).to_have_count(0)
    child.refresh_from_db()
    assert child.status == c.Status.CONFIRMED
    assert child.confirmed_by == people["supervisor"]


def test_the_language_select_switches_the_page(phone, live_server, people, geo):
    child = make_child(geo["village_a"], "张伟")
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    open_roster(page)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#language")).to_have_value("zh-hans")

    page.locator(".navtoggle").tap()  # on a phone the language switch is in the menu
    with page.expect_navigation():
        page.locator("#language").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/children/$"))  # back on the same page
    expect(page.locator("main h1")).to_contain_text(tr("Children", "en"))
    expect(page.locator("#language")).to_have_value("en")

    page.locator(".navtoggle").tap()
    with page.expect_navigation():
        page.locator("#language").select_option(label="日本語")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("main h1")).to_contain_text(tr("Children", "ja"))

    # The choice sticks: the next page is in Japanese too.
    page.goto(f"{live_server.url}/children/{child.uuid}/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("main h1 .badge")).to_have_text(label(c.Status.ACTIVE.label, "ja"))
    cookies = {ck["name"]: ck["value"] for ck in page.context.cookies()}
    assert cookies.get("django_language") == "ja"
    assert User.objects.get(pk=people["cwd_a"].pk).is_active  # nothing about the user changed


def test_a_cwd_cannot_open_a_child_of_another_village(phone, live_server, people, geo):
    own = make_child(geo["village_a"], "张伟")
    neighbour = make_child(geo["village_b"], "李娜", sex="F", dob=date(2013, 7, 1))
    far = make_child(geo["village_d"], "赵敏", sex="F", dob=date(2016, 9, 9))
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)

    assert page.goto(f"{live_server.url}/children/{own.uuid}/").status == 200
    expect(page.locator("main h1")).to_contain_text("张伟")
    for child in (neighbour, far):
        for suffix in ("", "edit/", "history/"):
            response = page.goto(f"{live_server.url}/children/{child.uuid}/{suffix}")
            assert response.status == 404, (child.name, suffix)
            expect(page.locator("body")).not_to_contain_text(child.name)
            expect(page.locator("body")).not_to_contain_text(child.id_number)
    # Not in the roster or its search either.
    page.goto(f"{live_server.url}/children/?q=lina")
    expect(page.locator("#roster-results .roster-item")).to_have_count(0)


def test_back_from_a_searched_child_returns_to_the_whole_roster(phone, live_server, people, geo):
    make_child(geo["village_a"], "张伟")
    make_child(geo["village_a"], "陈小雨", sex="F", dob=date(2016, 4, 12))
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    open_roster(page)
    with page.expect_response(lambda r: "q=cxy" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("input[name=q]").press_sequentially("cxy", delay=60)
    expect(page.locator("#roster-results .roster-item")).to_have_count(1)
    page.locator("#roster-results .roster-item a").tap()
    page.wait_for_url(PROFILE_URL)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/children/\?q=cxy"))
    expect(page.locator("header.topbar")).to_have_count(1, timeout=3_000)
    expect(page.locator("input[name=q]")).to_have_value("cxy")
    expect(page.locator("#roster-results .roster-item")).to_have_count(1)


def test_switching_language_after_a_search_keeps_the_search(phone, live_server, people, geo):
    make_child(geo["village_a"], "张伟")
    make_child(geo["village_a"], "陈小雨", sex="F", dob=date(2016, 4, 12))
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    open_roster(page)
    with page.expect_response(lambda r: "q=cxy" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("input[name=q]").press_sequentially("cxy", delay=60)
    expect(page.locator("#roster-results .roster-item")).to_have_count(1)
    page.locator(".navtoggle").tap()
    page.select_option("#language", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/children/\?q=cxy"))
    expect(page.locator("#roster-results .roster-item")).to_have_count(1)
