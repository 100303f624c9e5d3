"""Issue 13, in a real browser: a county officer moves a 2,000-row Excel ledger into Shouhu.

The ledger is as counties keep them: a title block above the header row, Chinese headers with
variants (姓名, 出生年月, 公民身份号码, 监护人 …) and one column Shouhu does not know, villages
written as 村委会 or 村民委员会, common names repeated, most rows with valid ID numbers, a few
errors, and three children who already have files. The officer maps the unknown column, sees the
errors and leaves them out, merges two of the possible duplicates field by field and keeps the
third as a file of its own, confirms, and finds the children in the roster. Laptop width, Chinese;
the screenshots are in test-results/ledger-import-*.png.
"""

import io
import random
import re
from datetime import date, timedelta

import openpyxl
import pytest
from playwright.sync_api import expect

from children.identity import make_id_number
from children.models import Child
from conftest import PASSWORD, make_child
from ledger.models import ImportRow, LedgerImport

from .support import CHROMIUM, DESKTOP, NO_CHROMIUM, PHONE, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

ROWS = 2000
TITLE = "仪陇县金城镇农村留守儿童和困境儿童花名册"
HEADERS = [
    "序号",
    "姓名",  # a variant of 儿童姓名
    "性别",
    "出生年月",  # a variant of 出生日期
    "公民身份号码",  # a variant of 身份证号
    "所在村",
    "儿童类别",
    "就学情况",
    "父亲姓名",
    "父亲务工情况",
    "母亲姓名",
    "监护人",  # the entrusted caregiver
    "与监护人关系",  # Shouhu does not know this header: the officer maps it
    "联系电话",
]
UNKNOWN = "与监护人关系"
VILLAGES = [("石佛村委会", "511324100201"), ("龙岗村民委员会", "511324100202"), ("白鹤村", "511324101201")]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = [
    "浩",
    "娜",
    "磊",
    "敏",
    "静",
    "伟",
    "芳",
    "强",
    "丽",
    "洋",
    "杰",
    "婷",
    "鑫",
    "雨涵",
    "子轩",
    "梓涵",
    "浩然",
    "欣怡",
]
CATEGORIES = ["留守儿童", "农村留守儿童", "困境儿童", "孤儿", "事实无人抚养儿童", "留守儿童、因贫困境儿童"]
SCHOOLING = ["小学", "初中", "幼儿园", "学龄前", "小学在读"]
MIGRATION = ["外出务工", "省外务工", "省内务工", "在家"]
RELATIONS = ["爷爷", "奶奶", "外婆", "外公", "叔叔"]
# (sheet row, what is wrong): the rows the officer will see under "errors".
ERRORS = {
    40: ("出生年月", "2015.13.40"),
    300: ("公民身份号码", "511324201503081234"),  # checksum wrong
    777: ("所在村", "不存在村"),
    1500: ("姓名", ""),
    1900: ("出生年月", "去年"),
}


def build_ledger(path, existing):
    """The ledger: title block (rows 1-2), headers (row 3), 2,000 children (rows 4-2003)."""
    rng = random.Random(13)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append([TITLE])
    sheet.append(["填报单位：金城镇民政办", None, None, None, "填报日期：2026年11月30日"])
    sheet.append(HEADERS)
    numbers = set()
    seen: set = set()
    taken = {child.date_of_birth for child in existing}
    duplicates = {}  # sheet row -> the existing child it repeats
    dup_rows = {120: existing[0], 900: existing[1], 1650: existing[2]}
    for n in range(1, ROWS + 1):
        line = n + 3
        if line in dup_rows:
            child = dup_rows[line]
            duplicates[line] = child
            name, born, sex = child.name, child.date_of_birth, "男" if child.sex == "M" else "女"
            village, code = VILLAGES[0]
        else:
            # Names repeat (20 × 18 names for 2,000 children), never with the same date of birth:
            # those would be possible duplicates of one another.
            while True:
                name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                born = date(2009, 1, 1) + timedelta(days=rng.randrange(0, 365 * 15))
                if (name, born) not in seen and born not in taken:
                    break
            seen.add((name, born))
            sex = rng.choice("男女")
            village, code = VILLAGES[n % 3]
        number = make_id_number(code, born, n, "M" if sex == "男" else "F")
        while number in numbers:
            number = make_id_number(code, born, n + 7, "M" if sex == "男" else "F")
        numbers.add(number)
        row = [
            n,
            name,
            sex,
            born.strftime(rng.choice(["%Y.%m.%d", "%Y年%m月%d日", "%Y-%m-%d"])),
            number if n % 10 else "",  # one row in ten without an ID number
            village,
            rng.choice(CATEGORIES),
            rng.choice(SCHOOLING),
            name[0] + rng.choice(["建国", "国强", "志明", "大勇"]),
            rng.choice(MIGRATION),
            rng.choice(SURNAMES) + rng.choice(["秀英", "桂兰", "丽", "芳"]),
            name[0] + rng.choice(["奶奶", "爷爷"]) if line not in dup_rows else "王秀兰",
            rng.choice(RELATIONS),
            f"138{rng.randrange(10**8):08d}",
        ]
        if line in ERRORS:
            header, value = ERRORS[line]
            row[HEADERS.index(header)] = value
        sheet.append(row)
    book.save(path)
    return duplicates


@pytest.fixture
def existing(geo):
    """Three children already on file in 石佛村, without ID numbers or caregivers' names in
    their files: the ledger repeats them (same name and date of birth)."""
    made = [
        make_child(geo["village_a"], "刘子轩", dob=date(2014, 5, 6), with_id=False),
        make_child(geo["village_a"], "陈欣怡", dob=date(2016, 8, 1), sex="F", with_id=False),
        make_child(geo["village_a"], "黄浩然", dob=date(2013, 2, 2), with_id=False),
    ]
    for child in made:
        child.household.caregiver_name = ""
        child.household.save()
    return made


def test_a_county_officer_imports_a_2000_row_ledger(
    new_context, live_server, people, geo, existing, tmp_path, results_dir
):
    assert tr("Import a ledger") != "Import a ledger", "no Chinese translations: run scripts/compile_messages.py"
    path = tmp_path / "金城镇花名册2026.xlsx"
    duplicates = build_ledger(path, existing)
    page = new_context(**DESKTOP).new_page()
    shot = lambda name: page.screenshot(path=str(results_dir / f"ledger-import-{name}.png"), full_page=True)  # noqa: E731

    log_in(page, live_server, people["county"], PASSWORD)
    page.locator("nav.mainnav").get_by_role("link", name=tr("Import a ledger")).click()
    page.wait_for_url(re.compile(r"/ledger/import/$"))
    shot("1-home")
    page.locator("input[name=file]").set_input_files(str(path))
    page.locator("input[name=lifecycle][value=active]").check()
    page.locator("form.importform button[type=submit]").click()

    # The mapping: the one unknown column is marked; the officer says it is the caregiver's relation.
    page.wait_for_url(re.compile(r"/ledger/import/[0-9a-f-]{36}/columns/$"), timeout=60_000)
    unknown = page.locator(".mapcol.unknown")
    expect(unknown).to_have_count(1)
    expect(unknown).to_contain_text(UNKNOWN)
    expect(unknown).to_contain_text("爷爷")  # its sample values help to decide
    expect(page.locator(".mapcol", has_text="公民身份号码").locator("select")).to_have_value("child.id_number")
    shot("2-columns")
    unknown.locator("select").select_option("household.caregiver_relation")
    # 困境儿童 (a child in difficulty, without saying why) is not one of the national categories:
    # the officer says what the county means by it.
    words = page.locator("[data-values='child.categories'] .mapcol", has_text="困境儿童")
    expect(words).to_have_count(1)
    words.locator("select").select_option("difficulty_economic")
    page.locator("form.mapping button[type=submit]").click()

    # The checked rows: counts per outcome, the errors with their reasons.
    page.wait_for_url(re.compile(r"/rows/$"), timeout=120_000)
    ledger_import = LedgerImport.objects.get()
    assert ledger_import.status == "validated"
    counts = ledger_import.counts
    assert counts["rows"] == ROWS
    assert counts["error"] == len(ERRORS)
    assert counts["duplicate"] == len(duplicates)
    expect(page.locator("[data-tab=error] .tabcount")).to_have_text(str(len(ERRORS)))
    expect(page.locator("[data-tab=duplicate] .tabcount")).to_have_text(str(len(duplicates)))
    shot("3-rows")
    page.locator("[data-tab=error]").click()
    rows = page.locator("[data-rows] > li")
    expect(rows).to_have_count(len(ERRORS))
    for line in ERRORS:
        expect(page.locator(f"[data-rows] > li[data-row='{line}'] .reasons")).not_to_be_empty()
    expect(page.locator("[data-rows] > li[data-row='777']")).to_contain_text("不存在村")
    shot("4-errors")
    with page.expect_download() as download:
        page.locator("[data-errors-xlsx]").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert sorted(r[0] for r in book.active.iter_rows(min_row=2, values_only=True) if r[0]) == sorted(ERRORS)
    page.locator("[data-skip-errors=off]").click()
    expect(page.locator("[data-skip-errors=on]")).to_be_visible()

    # The possible duplicates: merge the first two field by field, keep the third.
    page.locator("[data-decide]").click()
    page.locator("[data-rows] > li[data-outcome=duplicate] a").first.click()
    for line in sorted(duplicates)[:2]:
        page.wait_for_url(re.compile(r"/rows/\d+/$"))
        child = duplicates[line]
        card = page.locator(f"form[data-match='{child.uuid}']")
        expect(card).to_be_visible()
        caregiver = card.locator("[data-field='household.caregiver_name']")
        expect(caregiver).to_have_class(re.compile("differs"))
        # The file has no caregiver's name: by default the ledger's fills it.
        expect(caregiver.locator("input[value=sheet]")).to_be_checked()
        # The father's name differs: by default the file's is kept; the officer takes the ledger's.
        father = card.locator("[data-field='father.name']")
        expect(father.locator("input[value=file]")).to_be_checked()
        if line == sorted(duplicates)[0]:
            shot("5-duplicate")
            father.locator("input[value=sheet]").check()
        card.locator("[data-merge]").click()
    page.wait_for_url(re.compile(r"/rows/\d+/$"))
    page.locator("[data-keep]").click()
    page.wait_for_url(re.compile(r"/rows/\?outcome=duplicate$"))
    expect(page.locator("[data-resolution]")).to_have_count(3)

    # Confirm: the summary, then the result.
    page.locator("[data-to-confirm]").click()
    page.wait_for_url(re.compile(r"/confirm/$"))
    new_files = ROWS - len(ERRORS) - 2
    expect(page.locator("[data-new]")).to_have_text(str(new_files))
    expect(page.locator("[data-merge]")).to_have_text("2")
    expect(page.locator("[data-skipped]")).to_have_text(str(len(ERRORS)))
    shot("6-confirm")
    page.locator("[data-confirm]").click()
    page.wait_for_url(re.compile(r"/result/$"), timeout=120_000)
    expect(page.locator("[data-created]")).to_have_text(str(new_files))
    expect(page.locator("[data-merged]")).to_have_text("2")
    expect(page.locator("[data-result] [data-skipped]")).to_have_text(str(len(ERRORS)))
    shot("7-result")

    first, second, third = (duplicates[line] for line in sorted(duplicates))
    first.refresh_from_db()
    assert first.household.caregiver_name == "王秀兰"
    assert first.household.parents.get(role="father").name != "张父"  # taken from the ledger
    second.refresh_from_db()
    assert second.household.caregiver_name == "王秀兰"
    assert second.household.parents.get(role="father").name == "张父"  # kept
    assert Child.objects.filter(name=third.name, date_of_birth=third.date_of_birth).count() == 2
    assert Child.objects.count() == len(existing) + new_files
    assert set(Child.objects.exclude(pk__in=[c.pk for c in existing]).values_list("status", flat=True)) == {"active"}
    assert ImportRow.objects.filter(child__isnull=False).count() == new_files + 2

    # The import's audit record: every file it created or changed, with the import event.
    page.locator("[data-audit]").click()
    page.wait_for_url(re.compile(r"/audit/$"))
    expect(page.locator("#written-total")).to_have_text(str(new_files + 2))
    expect(page.locator("[data-import-facts]")).to_contain_text(people["county"].display_name)
    shot("8-audit")
    page.go_back()

    # The children are in the roster: 金城镇's link, a name from the ledger.
    page.locator("[data-roster-links] a", has_text="金城镇").click()
    page.wait_for_url(re.compile(r"/children/\?"))
    name = Child.objects.filter(village_id="511324100202").exclude(pk__in=[c.pk for c in existing]).first().name
    page.locator("input[name=q]").fill(name)
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#roster-results .roster-item", has_text=name).first).to_be_visible()
    shot("9-roster")
    assert page.context.js_errors == []


def test_the_import_pages_fit_a_phone(new_context, live_server, people, geo, existing, tmp_path, results_dir):
    """A township supervisor on a 360 px phone: the pages fit, the choices can be tapped."""
    path = tmp_path / "龙岗村.xlsx"
    build_ledger(path, existing)
    page = new_context(**PHONE).new_page()
    log_in(page, live_server, people["supervisor"], PASSWORD)
    page.goto(f"{live_server.url}/ledger/import/")
    assert scroll_width(page) <= 360
    page.locator("input[name=file]").set_input_files(str(path))
    page.locator("form.importform button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/columns/$"), timeout=60_000)
    assert scroll_width(page) <= 360
    page.locator(".mapcol.unknown select").select_option("household.caregiver_relation")
    page.locator("[data-values='child.categories'] .mapcol", has_text="困境儿童").locator("select").select_option(
        "difficulty_economic"
    )
    page.locator("form.mapping button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/rows/$"), timeout=120_000)
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "ledger-import-phone-rows.png"), full_page=False)
    page.locator("[data-tab=duplicate]").tap()
    page.locator("[data-rows] > li[data-outcome=duplicate] a").first.tap()
    page.wait_for_url(re.compile(r"/rows/\d+/$"))
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "ledger-import-phone-duplicate.png"), full_page=True)
    assert page.context.js_errors == []
