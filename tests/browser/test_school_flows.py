"""Issue 5, the school side, in a real browser: a school uploads an absence sheet from a phone,
sees which rows matched; the child's CWD gets the truancy alert and sees the absences."""

import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from children.identity import make_id_number
from conftest import PASSWORD, make_child, make_user
from partners.models import Organisation
from schools.models import Absence, UnmatchedRow

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_school_uploads_absences_and_the_cwd_is_alerted(
    phone, new_context, live_server, people, geo, tmp_path, results_dir
):
    school = Organisation.objects.create(
        name="金城镇中心小学", type=Organisation.Type.SCHOOL, division=geo["t1"], services=["education"]
    )
    teacher = make_user("teacher", User.Role.PARTNER, organisation=school, full_name="吴老师")
    child = make_child(geo["village_a"], "刘小虎")
    today = timezone.localdate()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "出生日期", "班级", "缺勤日期", "是否请假", "原因"])
    for n in range(1, 6):
        sheet.append([child.name, child.id_number, None, "三年级2班", today - timedelta(days=n), "否", ""])
    sheet.append(["查无此人", None, "2014-05-05", "四年级1班", today - timedelta(days=1), "否", "生病"])
    path = tmp_path / "缺勤登记.xlsx"
    book.save(path)

    page = phone
    log_in(page, live_server, teacher, PASSWORD)
    page.wait_for_url(re.compile(r"/school/$"))
    assert scroll_width(page) <= 360
    page.locator("input[name=sheet]").set_input_files(str(path))
    page.locator("form[action$='/school/upload/'] button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/school/uploads/[0-9a-f-]{36}/$"))
    expect(page.locator("[data-total]")).to_have_text("6")
    expect(page.locator("[data-matched]")).to_have_text("5")
    expect(page.locator("[data-unmatched]")).to_have_text("1")
    unknown = page.locator("[data-unmatched-rows] [data-row='7']")
    expect(unknown).to_contain_text("查无此人")
    expect(unknown.locator("[data-problem]")).to_have_attribute("data-problem", "not_found")
    expect(page.locator("main")).not_to_contain_text(child.name)  # the registry tells the school nothing
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "school-upload-summary.png"), full_page=True)
    assert page.context.js_errors == []

    cwd = new_context().new_page()
    log_in(cwd, live_server, people["cwd_a"], PASSWORD)
    cwd.goto(f"{live_server.url}/inbox/")
    alert = cwd.locator("main .roster-item.alert-truancy")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text(child.name)
    expect(alert).to_contain_text(school.name)
    alert.locator("a").tap()
    cwd.wait_for_url(re.compile(rf"/children/{child.uuid}/$"))
    expect(cwd.locator("#school [data-absences] li")).to_have_count(5)
    expect(cwd.locator("#school [data-unexcused]")).to_contain_text("5")
    assert scroll_width(cwd) <= 360
    assert cwd.context.js_errors == []


def test_a_sheet_as_schools_write_it_reaches_the_cwd(
    phone, new_context, live_server, people, geo, tmp_path, results_dir
):
    """Issue 11: most files have an ID number and most sheet rows only a name and a date of birth,
    written as the school writes them. They match; the CWD gets the truancy alert and sees the
    absences; a pupil two files could be is told to the CWD, the school reads only "not matched"."""
    school = Organisation.objects.create(
        name="金城镇中心小学", type=Organisation.Type.SCHOOL, division=geo["t1"], services=["education"]
    )
    teacher = make_user("teacher", User.Role.PARTNER, organisation=school, full_name="吴老师")
    hu = make_child(geo["village_a"], "刘小虎")  # has an ID number; the school writes none
    mei = make_child(geo["village_b"], "陈美", dob=date(2016, 9, 1), sex="F")
    lei = make_child(geo["village_a"], "王磊", dob=date(2014, 6, 1), with_id=False)
    yang = make_child(geo["village_a"], "刘洋", dob=date(2015, 5, 5))
    make_child(geo["village_b"], "刘洋", dob=date(2015, 5, 5))  # same name and birth: which one?
    wei = make_child(geo["village_a"], "张伟", dob=date(2015, 1, 2))
    today = timezone.localdate()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["金城镇中心小学2026年春季学生缺勤登记表"])
    sheet.append(["姓名", "身份证号", "出生日期", "班级", "缺勤日期", "是否请假", "原因"])
    for n in range(1, 6):
        sheet.append(["刘小虎", None, "2015.3.8", "三年级2班", today - timedelta(days=n), "否", ""])
    for n in (1, 2):
        sheet.append(["陈　美", mei.id_number, None, "三年级2班", today - timedelta(days=n), "是", "病假"])
    sheet.append(["王　磊", None, "2014年6月1日", "四年级1班", today - timedelta(days=1), "否", "帮家里干农活"])
    sheet.append(["刘洋", None, "2015/05/05", "三年级1班", today - timedelta(days=1), "否", ""])
    other_number = make_id_number("511324", wei.date_of_birth, 88, "M")  # another child's number
    sheet.append(["张伟", other_number, None, "三年级1班", today - timedelta(days=1), "否", ""])
    path = tmp_path / "三年级缺勤.xlsx"
    book.save(path)

    page = phone
    log_in(page, live_server, teacher, PASSWORD)
    page.wait_for_url(re.compile(r"/school/$"))
    page.locator("input[name=sheet]").set_input_files(str(path))
    page.locator("form[action$='/school/upload/'] button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/school/uploads/[0-9a-f-]{36}/$"))
    expect(page.locator("[data-total]")).to_have_text("10")
    expect(page.locator("[data-matched]")).to_have_text("8")
    expect(page.locator("[data-unmatched]")).to_have_text("2")
    unmatched = page.locator("[data-unmatched-rows] li")
    expect(unmatched).to_have_count(2)
    expect(page.locator("[data-unmatched-rows] [data-row='11']")).to_contain_text("刘洋")
    expect(page.locator("[data-unmatched-rows] [data-row='12']")).to_contain_text("张伟")
    not_found = tr(UnmatchedRow.Problem.NOT_FOUND.label)
    for i in range(2):  # the school reads "not matched", not that two children share the name
        expect(unmatched.nth(i).locator("[data-problem]")).to_have_text(not_found)
    expect(page.locator("main")).not_to_contain_text(tr(UnmatchedRow.Problem.AMBIGUOUS.label))
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "school-sheet-as-written.png"), full_page=True)
    assert page.context.js_errors == []
    assert {a.child for a in Absence.objects.all()} == {hu, mei, lei}

    cwd = new_context().new_page()
    log_in(cwd, live_server, people["cwd_a"], PASSWORD)
    cwd.goto(f"{live_server.url}/inbox/")
    ambiguous = cwd.locator("main .roster-item.alert-school_ambiguous")
    expect(ambiguous).to_have_count(1)
    expect(ambiguous).to_contain_text("刘洋")
    expect(ambiguous).to_contain_text(school.name)
    expect(ambiguous).to_contain_text("2015-05-05")
    truancy = cwd.locator("main .roster-item.alert-truancy")
    expect(truancy).to_have_count(1)
    expect(truancy).to_contain_text("刘小虎")
    expect(truancy).to_contain_text(school.name)
    assert scroll_width(cwd) <= 360
    cwd.screenshot(path=str(results_dir / "school-sheet-cwd-inbox.png"), full_page=True)
    truancy.locator("a").tap()
    cwd.wait_for_url(re.compile(rf"/children/{hu.uuid}/$"))
    expect(cwd.locator("#school [data-absences] li")).to_have_count(5)
    expect(cwd.locator("#school [data-unexcused]")).to_contain_text("5")
    cwd.goto(f"{live_server.url}/children/{yang.uuid}/")
    expect(cwd.locator("#school")).to_have_count(0)  # nothing recorded for either 刘洋
    assert scroll_width(cwd) <= 360
    assert cwd.context.js_errors == []
