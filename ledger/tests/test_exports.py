"""The ledger exports as a county officer checks them: the 两表一册 open in Excel with the form's
title and fields for a known child, the roster's columns and rows, masked ID numbers unless asked,
only the area picked and only within the user's reach, formula-safe text, every export audited."""

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from children import choices as c
from children.identity import mask_id_number
from children.models import HouseholdMember, Parent
from conftest import make_child
from ledger import catalogue, exports
from ledger.export_records import label
from ledger.tests.export_helpers import take

URL = "ledger_export"


def _post(client, **data):
    return take(client, {"full_ids": "", **data})


def _book(response):
    assert response.status_code == 200, response.content[:500] if hasattr(response, "content") else response
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def right_of(ws, text: str):
    """The value of the cell to the right of the (first) cell that reads `text`: a labelled field."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return ws.cell(row=cell.row, column=cell.column + 1).value
    raise AssertionError(f"no cell {text!r}")


def all_text(ws) -> str:
    return "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)


@pytest.fixture
def county(people, login):
    return login(people["county"])


# ------------------------------------------------------------------ 花名册


def test_village_roster_has_the_forms_columns_and_one_row_per_child_with_masked_ids(county, kids, geo):
    a = kids["a"]
    response = _post(county, division=geo["village_a"].code, product=exports.ROSTER)
    assert "attachment" in response["Content-Disposition"]
    wb = _book(response)
    assert len(wb.worksheets) == 1
    ws = wb.worksheets[0]
    assert ws["A1"].value == exports.ROSTER_TITLE
    assert "共 1 人" in ws["A2"].value
    assert geo["village_a"].name in ws["A2"].value
    top = [ws.cell(row=3, column=i).value for i in range(1, exports.ROSTER_COLUMNS + 1)]
    sub = [ws.cell(row=4, column=i).value for i in range(1, exports.ROSTER_COLUMNS + 1)]
    assert top[:7] == ["序号", "姓名", "性别", "身份证号", "出生日期", "儿童类别", "所在村（社区）"]
    assert top[7] == "父亲"
    assert top[10] == "母亲"
    assert top[13] == "委托照护人"
    assert sub[7:16] == ["姓名", "状况", "务工地点", "姓名", "状况", "务工地点", "姓名", "与儿童关系", "联系电话"]
    row = [ws.cell(row=5, column=i).value for i in range(1, exports.ROSTER_COLUMNS + 1)]
    assert row[:4] == [1, "张伟", label(a, "sex"), mask_id_number(a.id_number)]
    assert row[4].date() == a.date_of_birth
    assert row[6] == geo["village_a"].name
    assert row[7] == "张父"
    assert row[9] == "广州"
    assert row[10] == "刘母"
    assert row[13] == "张奶奶"
    assert row[14] == label(a.household, "caregiver_relation")
    assert "金城镇中心小学" in row[16]
    assert a.id_number not in all_text(ws)
    # Only village A's child: B's and C's are elsewhere.
    assert kids["b"].name not in all_text(ws)
    assert kids["c"].name not in all_text(ws)
    # Printed as paper: A4 landscape, fit to the page's width, the header rows on every page.
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$4"


def test_county_roster_has_one_sheet_per_township(county, kids, geo):
    wb = _book(_post(county, division=geo["county"].code, product=exports.ROSTER))
    assert wb.sheetnames == [geo["t1"].name, geo["t2"].name]
    t1 = all_text(wb[geo["t1"].name])
    assert kids["a"].name in t1
    assert kids["b"].name in t1
    assert kids["c"].name not in t1
    assert kids["d"].name not in t1 + all_text(wb[geo["t2"].name])  # the other county's child


def test_full_ids_only_when_asked_and_the_audit_says_which(county, kids, geo):
    a = kids["a"]
    _book(_post(county, division=geo["village_a"].code, product=exports.ROSTER))
    summary = AuditEvent.objects.get(action="export", child=None)
    assert summary.details["product"] == exports.ROSTER
    assert summary.details["count"] == 1
    assert summary.details["filters"] == {"division": geo["village_a"].code}
    assert "full_ids" not in summary.details
    assert AuditEvent.objects.get(action="export", child=a).details["export"] == summary.pk

    ws = _book(_post(county, division=geo["village_a"].code, product=exports.ROSTER, full_ids="on")).worksheets[0]
    assert ws.cell(row=5, column=4).value == a.id_number
    assert ws.cell(row=5, column=4).data_type == "s"
    latest = AuditEvent.objects.filter(action="export", child=None).order_by("-pk").first()
    assert latest.details["full_ids"] is True
    assert AuditEvent.objects.filter(action="export", child=a, details__full_ids=True).count() == 1


def test_a_name_that_looks_like_a_formula_arrives_as_text(county, geo):
    evil = '=HYPERLINK("http://x.example","点我")'
    make_child(geo["village_a"], evil)
    ws = _book(_post(county, division=geo["village_a"].code, product=exports.ROSTER)).worksheets[0]
    cell = ws.cell(row=5, column=2)
    assert cell.value == "'" + evil
    assert cell.data_type == "s"
    form = _book(_post(county, division=geo["village_a"].code, product=exports.LBC_FORMS)).worksheets[0]
    assert right_of(form, "姓名") == "'" + evil


# ------------------------------------------------------------------ scope


def test_outsiders_get_404_and_the_page_offers_only_the_users_reach(people, kids, geo, login):
    for who in ("other_county", "cwd_b", "supervisor_t2"):
        response = _post(login(people[who]), division=geo["village_a"].code, product=exports.ROSTER)
        assert response.status_code == 404, who
    assert login(people["partner"]).get(reverse(URL)).status_code == 404
    page = login(people["supervisor"]).get(reverse(URL)).content.decode()
    assert geo["village_a"].name in page
    assert geo["village_c"].name not in page
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_cwd_takes_forms_and_roster_of_their_village_but_no_full_export(people, kids, geo, login):
    client = login(people["cwd_a"])
    page = client.get(reverse(URL)).content.decode()
    assert 'value="roster"' in page
    assert 'value="full"' not in page
    assert 'value="mca"' not in page
    assert _post(client, division=geo["village_a"].code, product=exports.FULL).status_code == 400
    assert _book(_post(client, division=geo["village_a"].code, product=exports.LBC_FORMS))


def test_export_needs_two_factor_when_the_county_requires_it(people, kids, geo, login, settings):
    settings.SHOUHU_2FA_FOR_EXPORT = True
    client = login(people["county"])
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert b"data-two-factor" in page.content
    assert _post(client, division=geo["village_a"].code, product=exports.ROSTER).status_code == 200
    assert not AuditEvent.objects.filter(action="export").exists()  # the page again, no file


# ------------------------------------------------------------------ 登记表


def test_left_behind_form_of_a_village_one_sheet_per_child_with_the_forms_fields(county, kids, geo):
    a = kids["a"]
    second = make_child(geo["village_a"], "阿强", dob=date(2014, 2, 2))
    HouseholdMember.objects.create(household=a.household, name="张爷爷", relation="祖父", birth_year=1950)
    response = _post(county, division=geo["village_a"].code, product=exports.LBC_FORMS)
    assert response["Content-Type"] == exports.XLSX
    wb = _book(response)
    assert len(wb.worksheets) == 2
    ws = next(s for s in wb.worksheets if s.title.endswith(a.name))
    assert ws["A1"].value == exports.LBC_TITLE
    assert geo["village_a"].name in ws["A2"].value
    assert str(a.uuid) in ws["A2"].value
    assert right_of(ws, "姓名") == a.name
    assert right_of(ws, "性别") == label(a, "sex")
    assert right_of(ws, "身份证号") == mask_id_number(a.id_number)
    assert right_of(ws, "就读学校") == "金城镇中心小学"
    assert right_of(ws, "留守类型") == "父母双方外出务工"
    assert right_of(ws, "父亲") == "张父"
    assert right_of(ws, "母亲") == "刘母"
    assert right_of(ws, "与儿童关系") == label(a.household, "caregiver_relation")
    text = all_text(ws)
    for heading in (
        "一、儿童基本情况",
        "三、父母情况",
        "四、委托照护情况",
        "五、家庭情况",
        "张爷爷",
        "填表人（签字）",
        "审核人（签字）",
    ):
        assert heading in text
    assert "符合" in right_of(ws, "认定依据")  # the eligibility finding and its reasons
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == "portrait"
    assert any(str(r) == "A1:H1" for r in ws.merged_cells.ranges)
    assert second.name in wb.worksheets[0].title + wb.worksheets[1].title


def test_difficulty_form_carries_the_category_and_its_basis(county, geo):
    dead = {"vital_status": c.VitalStatus.DEAD}
    orphan = make_child(
        geo["village_b"],
        "孤小明",
        father=dead,
        mother=dead,
        categories=(c.Category.ORPHAN,),
        orphan_basis=c.OrphanBasis.BOTH_PARENTS_DEAD,
        orphan_care=c.OrphanCare.DISPERSED,
    )
    make_child(geo["village_b"], "留守娃")  # left-behind only: no 困境 form
    wb = _book(_post(county, division=geo["village_b"].code, product=exports.DIFFICULTY_FORMS))
    assert len(wb.worksheets) == 1
    ws = wb.worksheets[0]
    assert ws["A1"].value == exports.DIFFICULTY_TITLE
    assert right_of(ws, "姓名") == orphan.name
    assert right_of(ws, "困境类别") == exports.label_of(c.Category.ORPHAN)
    assert right_of(ws, "孤儿认定情形") == label(orphan, "orphan_basis")
    basis = right_of(ws, "认定依据")
    assert exports.label_of(c.Category.ORPHAN) in basis
    assert "符合" in basis


def test_township_forms_come_as_a_zip_of_one_workbook_per_village(county, kids, geo):
    response = _post(county, division=geo["t1"].code, product=exports.LBC_FORMS)
    assert response["Content-Type"] == exports.ZIP
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    assert len(names) == 2
    assert all(n.endswith(".xlsx") for n in names)
    assert any(geo["village_a"].code in n for n in names)
    assert any(geo["village_b"].code in n for n in names)
    wb = load_workbook(io.BytesIO(archive.read(next(n for n in names if geo["village_a"].code in n))))
    assert right_of(wb.worksheets[0], "姓名") == kids["a"].name
    summary = AuditEvent.objects.get(action="export", child=None)
    assert summary.details["format"] == "zip"
    assert summary.details["count"] == 2


def test_too_many_forms_asks_for_a_smaller_area(county, kids, geo, monkeypatch):
    monkeypatch.setattr(exports, "FORMS_MAX", 1)
    response = _post(county, division=geo["t1"].code, product=exports.LBC_FORMS)
    assert response.status_code == 400
    assert b"data-problem" in response.content
    assert not AuditEvent.objects.filter(action="export").exists()


def test_nothing_to_export_says_so(county, geo):
    response = _post(county, division=geo["village_c"].code, product=exports.DIFFICULTY_FORMS)
    assert response.status_code == 400
    assert b"data-problem" in response.content


# ------------------------------------------------------------------ full export


def test_full_export_writes_every_catalogue_column_on_linked_sheets(county, kids, geo):
    a = kids["a"]
    HouseholdMember.objects.create(household=a.household, name="张爷爷", relation="祖父", birth_year=1950)
    sibling = make_child(geo["village_a"], "张小妹", sex="F")
    sibling.household = a.household
    sibling.save()
    wb = _book(_post(county, division=geo["village_a"].code, product=exports.FULL))
    assert wb.sheetnames == ["儿童", "家庭", "家庭成员"]
    children, households, members = (list(wb[n].iter_rows(values_only=True)) for n in wb.sheetnames)
    # Every header is the catalogue's, recognised back as its column.
    codes = [catalogue.recognise(h) for h in children[0]]
    assert codes == [col.code for col in catalogue.columns_of("child") if col.code != "child.township"] + [
        "household.key"
    ]
    h_codes = [catalogue.recognise(h) for h in households[0]]
    assert set(h_codes) == {col.code for t in ("household", "father", "mother") for col in catalogue.columns_of(t)}
    assert [catalogue.recognise(h) for h in members[0]] == ["household.key"] + [
        col.code for col in catalogue.columns_of("member")
    ]
    rows = {r[codes.index("child.uuid")]: dict(zip(codes, r, strict=True)) for r in children[1:]}
    assert set(rows) == {str(a.uuid), str(sibling.uuid)}
    row = rows[str(a.uuid)]
    assert row["child.id_number"] == a.id_number  # a full export holds full ID numbers
    assert row["child.village"] == geo["village_a"].code
    assert row["household.key"] == str(a.household.uuid) == rows[str(sibling.uuid)]["household.key"]
    assert catalogue.BY_CODE["child.sex"].parse(row["child.sex"]) == a.sex
    assert catalogue.BY_CODE["child.categories"].parse(row["child.categories"]) == [c.Category.RURAL_LEFT_BEHIND]
    assert len(households) == 2  # siblings share one household row
    household = dict(zip(h_codes, households[1], strict=True))
    father = Parent.objects.get(household=a.household, role="father")
    assert household["father.name"] == father.name
    assert household["father.work_city"] == "广州"
    assert catalogue.BY_CODE["father.migration_status"].parse(household["father.migration_status"]) == (
        father.migration_status
    )
    assert members[1][:2] == (str(a.household.uuid), "张爷爷")
    summary = AuditEvent.objects.get(action="export", child=None)
    assert summary.details["product"] == exports.FULL
    assert summary.details["full_ids"] is True
    assert AuditEvent.objects.filter(action="export", child__isnull=False, details__full_ids=True).count() == 2


def test_the_top_bar_links_the_export_page_for_those_who_may_export(people, kids, login):
    link = f'href="{reverse(URL)}"'
    assert link in login(people["county"]).get(reverse("roster")).content.decode()
    assert link in login(people["cwd_a"]).get(reverse("roster")).content.decode()
    assert link not in login(people["partner"]).get(reverse("referral_list")).content.decode()
