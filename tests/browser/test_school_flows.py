"""Issue 5, the school side, in a real browser: a school uploads an absence sheet from a phone,
sees which rows matched; the child's CWD gets the truancy alert and sees the absences."""

import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from conftest import PASSWORD, make_child, make_user
from partners.models import Organisation

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width

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
