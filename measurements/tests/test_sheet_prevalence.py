"""Survey prevalence from a scored sheet: the "prevalence" worksheet and the page summary.

Before this change the scorer returned only the scored rows: no prevalence sheet, no button
to show it (both tests fail on the old code).
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from growth import score_batch
from measurements.sheet import score_sheet

HEADER = ["姓名", "性别", "月龄", "体重(kg)", "身高(cm)", "测量方式", "抽样权重"]
# Boys of 30 months: 81 cm is HAZ about -3.4 (stunted), 92 cm about +0.4; 13 kg at 92 cm is normal.
ROWS = [
    ["甲", "男", "30", "11", "81", "立", "1"],
    ["乙", "男", "30", "13", "92", "立", "1"],
    ["丙", "男", "30", "13", "92", "立", "1"],
    ["丁", "男", "30", "13", "92", "立", "1"],
    ['=HYPERLINK("x")', "女", "30", "13", "92", "立", ""],  # no weight: left out of the estimate
]


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_workbook_gets_a_prevalence_sheet(tmp_path):
    src = tmp_path / "in.xlsx"
    src.write_bytes(workbook(ROWS))
    report = score_sheet(src, tmp_path / "out.xlsx", lang="zh-hans")
    stunting = next(p for p in report.prevalence if (p.indicator, p.group) == ("stunting", "all"))
    assert (stunting.n, stunting.percent) == (4, 25.0)  # the girl's missing weight counts as 0
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames[1] == "检出率"
    lines = list(book["检出率"].values)
    assert lines[0][:4] == ("指标", "人群", "儿童人数", "检出率 %")
    assert lines[1][:4] == ("生长迟缓", "全部 5 岁以下儿童", 4, 25.0)
    assert lines[1][6] == "高"  # 20 to < 30 %: high (de Onis et al. 2019)


@pytest.fixture
def post(people, login, client):
    login(people["cwd_a"])

    def _post(data: bytes, **extra):
        form = {"sheet": SimpleUploadedFile("survey.xlsx", data), **extra}
        return client.post(reverse("score_sheet"), form, HTTP_ACCEPT_LANGUAGE="zh-hans")

    return _post


def test_page_shows_the_prevalence_in_plain_words(post):
    response = post(workbook(ROWS), show="prevalence")
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "5 岁以下儿童的检出率" in page
    assert "生长迟缓 25.0%（95% 置信区间 " in page
    assert "· 高" in page


def test_download_is_still_the_default(post):
    response = post(workbook(ROWS))
    assert response["Content-Disposition"].startswith("attachment")


# A school sheet: 5-19 years. Boys of 120 months (10 years): 30 kg at 130 cm is BMI 17.8 (BAZ
# about +0.7); 45 kg at 130 cm is BMI 26.6 (BAZ +3.1: obese, so overweight too).
SCHOOL = [
    ["戊", "男", "120", "30", "130", "立", "1"],
    ["己", "男", "120", "45", "130", "立", "1"],
]


def test_workbook_gets_a_5_19_block_when_older_children_are_there(tmp_path):
    src = tmp_path / "in.xlsx"
    src.write_bytes(workbook(ROWS + SCHOOL))
    report = score_sheet(src, tmp_path / "out.xlsx", lang="zh-hans")
    obesity = next(p for p in report.prevalence if (p.indicator, p.group) == ("obesity", "all"))
    assert (obesity.n, obesity.percent, obesity.band) == (2, 50.0, None)
    lines = list(openpyxl.load_workbook(tmp_path / "out.xlsx")["检出率"].values)
    title = lines.index(("5–19 岁",) + (None,) * 6)
    assert lines[title - 1] == (None,) * 7  # a blank line between the two blocks
    assert lines[title + 1][:4] == ("指标", "人群", "儿童人数", "检出率 %")
    older = lines[title + 2 :]
    older = older[: older.index((None,) * 7)]  # the prevalence lines; the average z-scores follow
    assert ("肥胖", "全部 5–19 岁儿童", 2, 50.0) in [line[:4] for line in older]
    assert ("BMI 偏低（消瘦）", "10-14 岁", 2, 0.0) in [line[:4] for line in older]
    assert all(line[6] is None for line in older)  # no WHO level for 5-19 years
    under_5 = lines[1 : title - 1]
    assert under_5[0][:4] == ("生长迟缓", "全部 5 岁以下儿童", 4, 25.0)  # older children not counted


def test_no_5_19_block_without_older_children(tmp_path):
    src = tmp_path / "in.xlsx"
    src.write_bytes(workbook(ROWS))
    report = score_sheet(src, tmp_path / "out.xlsx", lang="zh-hans")
    assert {p.survey for p in report.prevalence} == {"under5"}
    lines = list(openpyxl.load_workbook(tmp_path / "out.xlsx")["检出率"].values)
    assert not any(line[0] == "5–19 岁" for line in lines)


def test_page_shows_the_5_19_block_in_plain_words(post):
    page = post(workbook(ROWS + SCHOOL), show="prevalence").content.decode()
    assert "5–19 岁儿童的检出率" in page
    assert "5–19 岁没有世卫组织的程度分级" in page
    assert "<h3>全部 5–19 岁儿童</h3>" in page
    assert "肥胖 50.0%" in page
    assert page.index("5 岁以下儿童的检出率") < page.index("5–19 岁儿童的检出率")
    only_young = post(workbook(ROWS), show="prevalence").content.decode()
    assert "5–19 岁儿童的检出率" not in only_young


# Average z-scores (issue 12: WHO anthro and anthroplus report them beside the prevalence).
# Before this change the worksheet and the page had prevalences only.

MEAN_HEADER = (
    "测量指标",
    "人群",
    "儿童人数",
    "平均 Z 评分",
    "95% 置信区间下限",
    "95% 置信区间上限",
    "离散程度（标准差）",
)


def test_workbook_has_the_average_z_scores(tmp_path):
    src = tmp_path / "in.xlsx"
    src.write_bytes(workbook(ROWS))
    report = score_sheet(src, tmp_path / "out.xlsx", lang="zh-hans")
    # the four weighted boys: one of 81 cm and three of 92 cm, 30 months (day 913), standing
    boys = score_batch([1, 1], [913, 913], weight_kg=[11, 13], length_cm=[81, 92], measured_lying=[0, 0])
    mean = (boys.z["haz"][0] + 3 * boys.z["haz"][1]) / 4
    haz = next(m for m in report.means if (m.indicator, m.group) == ("haz", "all"))
    assert (haz.n, haz.mean) == (4, pytest.approx(mean))
    lines = list(openpyxl.load_workbook(tmp_path / "out.xlsx")["检出率"].values)
    title = lines.index(("Z 评分平均值",) + (None,) * 6)
    assert lines[title - 1] == (None,) * 7
    assert lines[title + 1] == MEAN_HEADER
    means = lines[title + 2 :]
    first = means[0]
    assert first[:4] == ("身高/年龄", "全部 5 岁以下儿童", 4, round(mean, 2))
    assert first[4] < first[3] < first[5]
    assert first[6] == round(haz.sd, 2)
    assert ("身高/年龄", "男孩，24-35 月龄", 4) in [line[:3] for line in means]
    assert ("胖瘦（BMI）/年龄", "全部 5 岁以下儿童", 4) in [line[:3] for line in means]
    # the prevalence has the sex x age groups too
    assert ("生长迟缓", "男孩，24-35 月龄", 4, 25.0) in [line[:4] for line in lines[:title]]


def test_workbook_5_19_block_has_its_own_averages_and_year_groups(tmp_path):
    src = tmp_path / "in.xlsx"
    src.write_bytes(workbook(ROWS + SCHOOL))
    score_sheet(src, tmp_path / "out.xlsx", lang="zh-hans")
    lines = list(openpyxl.load_workbook(tmp_path / "out.xlsx")["检出率"].values)
    older = lines[lines.index(("5–19 岁",) + (None,) * 6) :]
    title = older.index(("Z 评分平均值",) + (None,) * 6)
    means = [line[:3] for line in older[title + 2 :]]
    assert ("胖瘦（BMI）/年龄", "全部 5–19 岁儿童", 2) in means
    assert ("胖瘦（BMI）/年龄", "10 岁", 2) in means  # 120 months: anthroplus's one-year group "120-131 mo"
    assert ("胖瘦（BMI）/年龄", "男孩，10-14 岁", 2) in means
    assert not any(line[0] == "体重/年龄" and line[1] == "全部 5–19 岁儿童" for line in means)  # WAZ: age groups only
    assert ("肥胖", "10 岁", 2, 50.0) in [line[:4] for line in older[:title]]


def test_page_shows_the_averages_in_plain_words(post):
    page = post(workbook(ROWS), show="prevalence").content.decode()
    assert "身高/年龄：平均 Z 评分 −" in page  # one boy of four is very short: the mean is below 0
    assert "（95% 置信区间 " in page
    assert "离散程度（标准差）" in page
    assert "<h3>男孩，24-35 月龄</h3>" in page
    assert "<h3>男孩，0-5 月龄</h3>" not in page  # a group with no child is left out
    assert "<h3>全部 5 岁以下儿童</h3>" in page


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Height for age: average z-score −"), ("ja", "年齢に対する身長：Zスコアの平均 −")],
)
def test_page_averages_in_english_and_japanese(people, login, client, lang, text):
    login(people["cwd_a"])
    form = {"sheet": SimpleUploadedFile("survey.xlsx", workbook(ROWS)), "show": "prevalence"}
    page = client.post(reverse("score_sheet"), form, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert text in page
