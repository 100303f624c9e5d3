"""Scoring CSV and Excel sheets as schools and township clinics keep them."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from growth import score_one
from measurements.sheet import SheetError, score_sheet

ZH_ROWS = [
    ["某某镇中心幼儿园 2024 年体检表"],  # a title line above the header
    ["姓名", "性别", "出生日期", "测量日期", "体重(kg)", "身高(cm)", "测量方式", "上臂围(mm)", "水肿"],
    ["张三", "男", "2021-03-01", "2023-11-26", "15", "100", "立", "", "否"],  # DOMAIN vector 4
    ["李四", "女", "2021/3/5", "2023年11月30日", "15", "80", "立", "", "否"],  # DOMAIN vector 2
    ["王五", "", "2021-03-01", "2023-11-27", "12", "88", "立", "", ""],
    ["赵六", "男", "2021-02-30", "2023-11-27", "12", "88", "立", "", ""],
    [],
    ["孙七", "女", "2023-01-01", "2023-12-01", "七公斤", "70", "卧", "", ""],
    ["周八", "男", "2023-01-01", "2023-12-01", "７．５", "70", "卧", "110", "有"],  # full-width digits
    ["吴九", "男", "2000-01-01", "2023-12-01", "60", "170", "立", "", ""],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows)
    return path


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def test_chinese_csv_is_scored_and_bad_rows_are_reported(tmp_path):
    out = tmp_path / "out.csv"
    report = score_sheet(write_csv(tmp_path / "in.csv", ZH_ROWS), out, lang="zh-hans")
    assert (report.rows, report.scored) == (7, 3)
    assert [p.row for p in report.problems] == [5, 6, 8, 10]
    assert report.messages() == [
        "第 5 行：缺少性别",
        "第 6 行：“出生日期”不是有效日期：“2021-02-30”",
        "第 8 行：“体重(kg)”不是数字：“七公斤”",
        "第 10 行：年龄超过 19 岁，世卫组织标准不适用",
    ]
    rows = read_csv(out)
    assert rows[0] == ["某某镇中心幼儿园 2024 年体检表"]  # lines above the header kept as they were
    header = rows[1]
    assert header[:9] == ZH_ROWS[1]
    col = {name: header.index(name) for name in header}
    zhang, li = rows[2], rows[3]
    assert (zhang[col["年龄别身高Z"]], zhang[col["年龄别体重Z"]]) == ("1.70", "0.69")
    assert (li[col["年龄别身高Z"]], li[col["身高别体重Z"]]) == ("-3.50", "4.13")
    assert zhang[col["评价"]] == "未发现生长问题"
    assert li[col["评价"]].startswith("重度生长迟缓")
    assert "。；肥胖" in li[col["评价"]]  # findings joined with a full-width separator
    assert rows[4][col["问题"]] == "缺少性别"
    zhou = rows[8]
    assert "重度急性营养不良" in zhou[col["评价"]]  # MUAC 110 mm and oedema
    assert "水肿：" not in zhou[col["评价"]]  # one reason: SAM (its sentence names oedema), not also oedema
    assert zhou[col["年龄别体重Z"]] == ""  # no weight-based score with oedema


def test_gb18030_csv_and_english_report(tmp_path):
    path = write_csv(tmp_path / "gbk.csv", ZH_ROWS[1:4], encoding="gb18030")
    report = score_sheet(path, tmp_path / "out.csv", lang="en")
    assert report.scored == 2
    assert not report.problems
    assert read_csv(tmp_path / "out.csv")[0][-1] == "Problem"


def test_excel_with_english_headers_and_age_in_months(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["Name", "Sex", "Age (months)", "Weight (kg)", "Length/height (cm)", "Position", "MUAC (cm)", "Oedema", "Note"]
    )
    ws.append(["Amy", "F", 32.85, 15, 80, "h", None, "no", "=1+1"])
    ws.append(["Ben", "male", 24, 11.5, 86, "standing", 11.9, "n", None])
    ws.append(["Cal", "boy", 30, 11.5, 86, "sideways", None, None, None])
    ws.append(["Dee", 2, "12", 9, 74, "L", "13.2", None, None])
    src = tmp_path / "in.xlsx"
    wb.save(src)
    report = score_sheet(src, tmp_path / "out.xlsx", lang="ja")
    assert report.scored == 3
    assert [p.row for p in report.problems] == [4]
    assert report.messages() == ["4 行目：「Position」の値「sideways」を読み取れません"]

    out = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    header = [c.value for c in out[1]]
    assert header[:9] == [
        "Name",
        "Sex",
        "Age (months)",
        "Weight (kg)",
        "Length/height (cm)",
        "Position",
        "MUAC (cm)",
        "Oedema",
        "Note",
    ]
    col = {name: i + 1 for i, name in enumerate(header)}
    assert out.cell(row=2, column=9).value == "=1+1"  # formulas survive
    assert out.cell(row=2, column=col["年齢別身長Z"]).value == -3.5
    ben = out.cell(row=3, column=col["評価"]).value
    assert ben.startswith("中等度急性栄養不良")  # MUAC 11.9 cm = 119 mm
    assert out.cell(row=4, column=col["問題"]).value.startswith("「Position」")


def test_dates_from_excel_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生日期", "测量日期", "体重"])
    ws.append(["甲", "男", datetime(2021, 3, 1), date(2023, 11, 27), 15])
    ws.append(["乙", "男", datetime(2023, 11, 28), date(2023, 11, 27), 15])
    wb.save(tmp_path / "d.xlsx")
    report = score_sheet(tmp_path / "d.xlsx", tmp_path / "d_out.xlsx")
    assert report.scored == 1
    assert report.messages() == ["第 3 行：测量日期早于出生日期"]


def test_sheet_without_header_is_an_error(tmp_path):
    path = write_csv(tmp_path / "x.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(SheetError, match="no header row"):
        score_sheet(path, tmp_path / "y.csv", lang="en")


def test_unsupported_file_type(tmp_path):
    (tmp_path / "x.ods").write_bytes(b"")
    with pytest.raises(SheetError):
        score_sheet(tmp_path / "x.ods", tmp_path / "y.ods")


# Head circumference and skinfold columns (issue 12): scored only when the sheet has them.
HEAD_ROWS = [
    ["姓名", "性别", "出生日期", "测量日期", "体重(kg)", "身长(cm)", "头围(cm)", "肱三头肌皮褶(mm)", "肩胛下皮褶厚度"],
    ["甲", "男", "2023-01-10", "2024-01-15", "9.6", "76", "46.2", "8.5", "7"],
    ["乙", "女", "2022-06-01", "2024-01-15", "", "", "44", "", "12.5"],  # no weight or length: still scored
    ["丙", "女", "2022-06-01", "2024-01-15", "10", "80", "460", "8", "7"],  # head in mm, not cm
    ["丁", "男", "2023-01-10", "2024-01-15", "9.6", "76", "", "0.6", ""],  # a skinfold in cm, not mm
    ["戊", "男", "2023-01-10", "2024-01-15", "9.6", "76", "30", "", ""],  # implausibly small head
]


def test_head_circumference_and_skinfold_columns_are_scored(tmp_path):
    out = tmp_path / "out.csv"
    report = score_sheet(write_csv(tmp_path / "in.csv", HEAD_ROWS), out, lang="zh-hans")
    assert (report.rows, report.scored) == (5, 3)
    assert report.messages() == [
        "第 4 行：“头围(cm)”应在 20 到 70 之间：“460”",
        "第 5 行：“肱三头肌皮褶(mm)”应在 1 到 60 之间：“0.6”",
    ]
    rows = read_csv(out)
    col = {name: i for i, name in enumerate(rows[0])}
    expected = [
        score_one(
            1, (date(2024, 1, 15) - date(2023, 1, 10)).days, 9.6, 76, head_cm=46.2, triceps_mm=8.5, subscapular_mm=7
        ),
        score_one(2, (date(2024, 1, 15) - date(2022, 6, 1)).days, head_cm=44, subscapular_mm=12.5),
    ]
    for row, score in zip(rows[1:3], expected, strict=True):
        for label, code in (("年龄别头围Z", "hcz"), ("年龄别上臂背侧皮褶Z", "tsz"), ("年龄别肩胛下皮褶Z", "ssz")):
            z = getattr(score, code)
            assert row[col[label]] == ("" if z is None else f"{z:.2f}"), (row[0], code)
    assert None not in (expected[0].hcz, expected[0].tsz, expected[0].ssz)
    assert rows[1][col["年龄别身高Z"]] == f"{expected[0].haz:.2f}"  # the original z-scores still there
    assert rows[2][col["年龄别头围Z"]] == f"{expected[1].hcz:.2f}"
    assert rows[2][col["年龄别身高Z"]] == ""
    assert rows[3][col["问题"]].startswith("“头围(cm)”")
    wu = rows[5]
    assert wu[col["需复测"]] == "年龄别头围Z"  # z below -5: re-measure
    assert "头围" in wu[col["评价"]]


def test_english_and_japanese_aliases_add_only_the_columns_present(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Sex", "Age (months)", "Weight", "head_cm", "Triceps (mm)"])
    ws.append(["F", 14, 9.1, 44.5, 9.2])
    wb.save(tmp_path / "in.xlsx")
    report = score_sheet(tmp_path / "in.xlsx", tmp_path / "out.xlsx", lang="en")
    assert report.scored == 1
    out = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    header = [c.value for c in out[1]]
    assert {"HCZ", "TSZ"} <= set(header)
    assert "SSZ" not in header
    expected = score_one(2, 14 * 30.4375, 9.1, head_cm=44.5, triceps_mm=9.2)
    assert out.cell(row=2, column=header.index("HCZ") + 1).value == expected.hcz
    assert out.cell(row=2, column=header.index("TSZ") + 1).value == expected.tsz
    assert out.cell(row=2, column=header.index("HCZ") + 1).number_format == "0.00"

    path = write_csv(tmp_path / "ja.csv", [["性別", "月齢", "体重", "頭囲"], ["女", "14", "9.1", "44.5"]])
    score_sheet(path, tmp_path / "ja_out.csv", lang="ja")
    header, row = read_csv(tmp_path / "ja_out.csv")
    assert row[header.index("年齢別頭囲Z")] == f"{expected.hcz:.2f}"


def test_sheet_without_the_new_columns_is_unchanged(tmp_path):
    score_sheet(write_csv(tmp_path / "in.csv", ZH_ROWS[1:4]), tmp_path / "out.csv", lang="en")
    header = read_csv(tmp_path / "out.csv")[0]
    assert header[len(ZH_ROWS[1]) :] == [
        "Age (months)",
        "BMI",
        "HAZ",
        "WAZ",
        "WHZ",
        "BAZ",
        "MUAC Z",
        "Re-measure",
        "Findings",
        "Problem",
    ]


def test_upload_page_names_the_optional_columns(people, login):
    client = login(people["cwd_a"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    page = client.get(reverse("score_sheet")).content.decode()
    assert "可选列：头围（厘米）、上臂背侧皮褶和肩胛下皮褶（毫米）" in page
