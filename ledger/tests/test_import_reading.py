"""Reading a county's ledger: headers and their variants, title blocks, merged and hidden rows,
linked sheets, saved layouts, and the files that are refused before anything is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from children.identity import name_keys
from core.tests.test_sheets import bomb_xlsx
from ledger import importer
from ledger.imports_models import LedgerImport, LedgerLayout
from ledger.matching import fast_name_keys

from .import_helpers import HEADERS, child_row, csv_file, ledger, rows_of, start, validated, xlsx

pytestmark = pytest.mark.django_db


def test_common_header_variants_below_a_title_block_are_recognised(people, media):
    headers = ["序号", "姓名", "公民身份号码", "出生年月", "村（居）", "监护人", "与儿童的关系", "儿童类型"]
    row = child_row(1)
    values = [1, "王小明", row["身份证号"], "2015年3月8日", "石佛村委会", "王奶奶", "奶奶", "留守儿童"]
    imp = start(people["county"], xlsx({"Sheet1": [["仪陇县留守儿童花名册"], [], headers, values]}))
    assert imp.status == LedgerImport.Status.MAPPED
    sheet = importer.sheet_columns(imp)[0]
    assert sheet.header_row == 3
    assert [c.code for c in sheet.columns] == [
        "", "child.name", "child.id_number", "child.date_of_birth", "child.village",
        "household.caregiver_name", "household.caregiver_relation", "child.categories",
    ]  # fmt: skip
    assert sheet.columns[1].samples == ["王小明"]
    importer.do_validate(people["county"], imp)
    row = imp.rows.get()
    assert row.outcome == "new", importer.row_messages(row)
    assert row.data["_village"] == "511324100201"
    assert row.data["child.sex"] == "M"  # from the ID number


def test_two_line_header_under_merged_group_cells(people, media):
    upper = ["儿童姓名", "出生日期", "所在村", "父亲情况", None, "母亲情况", None, "性别"]
    lower = [None, None, None, "姓名", "身份证号", "姓名", "外出务工情况", None]
    data = ["王小明", "2015-03-08", "石佛村", "王大山", "511324198501013219", "李小芳", "省外务工", "男"]
    merges = ["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2", "H2:H3"]
    upload = xlsx({"台账": [["花名册"], upper, lower, data]}, merges=merges)
    imp = start(people["county"], upload)
    codes = [c.code for c in importer.sheet_columns(imp)[0].columns]
    assert codes == [
        "child.name", "child.date_of_birth", "child.village", "father.name", "father.id_number",
        "mother.name", "mother.migration_status", "child.sex",
    ]  # fmt: skip
    assert importer.do_validate(people["county"], imp)["new"] == 1


def test_an_unknown_column_is_mapped_once_and_the_mapping_kept_for_the_next_upload(people, media):
    officer = people["county"]
    headers = [*HEADERS, "家长微信"]
    rows = rows_of([child_row(1, 家长微信="wx123")], headers)
    first = start(officer, xlsx({"花名册": [headers, *rows]}))
    assert first.status == LedgerImport.Status.NEEDS_MAPPING
    unknown = [c for c in importer.sheet_columns(first)[0].columns if not c.recognised]
    assert [(c.header, c.samples) for c in unknown] == [("家长微信", ["wx123"])]
    importer.do_save_mapping(officer, first, {"花名册": {unknown[0].index: "father.phone"}})
    first.refresh_from_db()
    assert first.status == LedgerImport.Status.MAPPED
    assert LedgerLayout.objects.filter(county__code="511324").count() == 1

    again = start(officer, xlsx({"花名册": [headers, *rows_of([child_row(2, 家长微信="wx9")], headers)]}))
    assert again.status == LedgerImport.Status.MAPPED
    assert again.mapping["花名册"][str(unknown[0].index)] == "father.phone"
    importer.do_validate(officer, again)
    assert again.rows.get().data["father.phone"] == "wx9"


def test_values_the_catalogue_does_not_know_are_mapped_once(people, media):
    officer = people["county"]
    imp = start(officer, ledger([child_row(1, 儿童类别="困境儿童"), child_row(2)]))
    assert importer.unknown_values(imp) == {"child.categories": ["困境儿童"]}
    importer.do_save_mapping(officer, imp, {}, values={"child.categories": {"困境儿童": "difficulty_economic"}})
    imp.refresh_from_db()
    assert importer.unknown_values(imp) == {}
    importer.do_validate(officer, imp)
    assert imp.rows.get(row_number=4).data["child.categories"] == ["difficulty_economic"]
    assert LedgerLayout.objects.get().values == {"child.categories": {"困境儿童": ["difficulty_economic"]}}


def test_a_required_column_missing_asks_for_a_mapping(people, media):
    headers = ["儿童姓名", "性别", "所在村（社区）"]
    imp = start(people["county"], xlsx({"S": [headers, ["王小明", "男", "石佛村"]]}))
    assert imp.status == LedgerImport.Status.NEEDS_MAPPING
    assert importer.missing_columns(imp) == ["出生日期或身份证号"] or len(importer.missing_columns(imp)) == 1


def test_hidden_rows_are_read_and_counted(people, media):
    upload = ledger([child_row(1), child_row(2, "王小红", sex="女")], hidden_rows=[5])
    imp = validated(people["county"], upload)
    assert imp.counts["new"] == 2
    assert imp.counts["hidden"] == 1
    hidden = imp.rows.get(row_number=5)
    assert [w["code"] for w in hidden.warnings] == ["hidden"]


def test_linked_sheets_share_households_and_members(people, media):
    officer = people["county"]
    children = [
        ["户编号", "儿童姓名", "性别", "出生日期", "所在村（社区）"],
        ["H1", "王小明", "男", "2015-03-08", "石佛村"],
        ["H1", "王小红", "女", "2013-05-01", "石佛村"],
        ["H2", "李小刚", "男", "2016-01-09", "龙岗村"],
    ]
    families = [
        ["户编号", "父亲姓名", "母亲姓名", "委托照护人姓名"],
        ["H1", "王大山", "李小芳", "王奶奶"],
        ["H2", "李强", "", ""],
    ]
    members = [["户编号", "成员姓名", "成员与儿童关系", "出生年份"], ["H1", "王爷爷", "祖父", "1950"]]
    imp = validated(officer, xlsx({"儿童": children, "家庭": families, "家庭成员": members}))
    assert [s["role"] for s in imp.sheets] == ["child", "household", "member"]
    assert imp.counts["error"] == 0, [importer.row_messages(r) for r in imp.rows.all()]
    assert imp.counts["new"] == 3
    importer.do_confirm_import(officer, imp)
    from children.access import children_for

    ming, hong, gang = (children_for(officer).get(name=n) for n in ("王小明", "王小红", "李小刚"))
    assert ming.household_id == hong.household_id != gang.household_id
    assert ming.household.caregiver_name == "王奶奶"
    assert ming.household.has_caregiver
    assert [m.name for m in ming.household.members.all()] == ["王爷爷"]
    assert {p.role: p.name for p in ming.household.parents.all()} == {"father": "王大山", "mother": "李小芳"}


def test_csv_in_gb18030_and_utf16_is_read(people, media):
    rows = [HEADERS, *rows_of([child_row(1)])]
    for encoding in ("gb18030", "utf-16", "utf-8-sig"):
        imp = validated(people["county"], csv_file(rows, encoding=encoding))
        assert imp.counts["new"] == 1, encoding
        assert imp.rows.get().data["child.name"] == "王小明"


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("台账.pdf", b"%PDF-1.4"), ".xlsx"),
        (SimpleUploadedFile("台账.xlsx", b"not a workbook"), "Excel"),
        (SimpleUploadedFile("台账.xlsx", bomb_xlsx(20)), "unpacks"),
        (SimpleUploadedFile("台账.csv", "甲,乙\n1,2\n".encode()), "children"),
    ],
    ids=["wrong type", "damaged workbook", "zip bomb", "no children's columns"],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_kept(people, media, upload, words):
    from django.utils import translation

    with translation.override("en"), pytest.raises(importer.ImportRefused) as refused:
        start(people["county"], upload)
    assert words in refused.value.message
    assert not LedgerImport.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_an_empty_workbook_is_refused(people, media):
    with pytest.raises(importer.ImportRefused):
        start(people["county"], xlsx({"Sheet1": [], "Sheet2": [[None]]}))


def test_a_200000_row_csv_is_refused_before_anything_is_written(people, media):
    line = "王小明,男,2015-03-08,石佛村\n"
    content = ("儿童姓名,性别,出生日期,所在村\n" + line * 200_000).encode("utf-8")
    from django.utils import translation

    with translation.override("en"), pytest.raises(importer.ImportRefused) as refused:
        start(people["county"], SimpleUploadedFile("big.csv", content))
    assert "100,000" in refused.value.message
    assert not LedgerImport.objects.exists()


def test_fast_pinyin_keys_equal_the_registrys():
    from demo.registry.names import BOY_NAMES, GIRL_NAMES, SURNAMES

    names = [s + g for s in SURNAMES.items[:60] for g in (BOY_NAMES[:20] + GIRL_NAMES[:20])]
    names += ["曾强", "单于明", "重庆", "长江", "乐乐", "张 伟", "Anna", "李2"]
    assert [fast_name_keys(n) for n in names] == [name_keys(n) for n in names]


def test_villages_by_code_name_variant_and_township():
    from ledger.places import Villages

    villages = Villages(
        [
            ("511324100201", "石佛村", "金城镇"),
            ("511324100202", "悦来村", "金城镇"),
            ("511324100203", "悦来社区居民委员会", "金城镇"),
            ("511324101201", "石佛村", "新政镇"),
            ("511324101202", "白鹤村民委员会", "新政镇"),
        ],
        scope="511324100",
    )
    assert villages.resolve("511324100201").code == "511324100201"
    assert villages.resolve("白鹤村委会").error == "outside"  # in the county, outside the township
    assert villages.resolve("511324101202").error == "outside"
    assert villages.resolve("悦来村委会").code == "511324100202"
    assert villages.resolve("悦来社区").code == "511324100203"
    assert villages.resolve("石佛", "金城镇").code == "511324100201"
    assert villages.resolve("金城镇 石佛村委会").code == "511324100201"
    assert villages.resolve("新政镇石佛村").error == "outside"
    assert villages.resolve("石佛村").error == "ambiguous"
    assert villages.resolve("不存在村").error == "unknown"
