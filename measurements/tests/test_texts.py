"""The gettext texts for growth's codes: one per code, the same sentences as before in every language."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

import growth
from growth.chart import LABEL_KEYS, render_chart
from measurements.texts import CHART, FINDINGS, INDICATOR_NAMES, Z_LABELS, chart_labels, describe


def test_every_finding_code_has_a_sentence_in_every_language():
    assert list(FINDINGS) == list(growth.FINDINGS)
    for lang in ("zh-hans", "en", "ja"):
        with translation.override(lang):
            sentences = [describe([code])[0] for code in growth.FINDINGS]
        assert len(set(sentences)) == len(growth.FINDINGS)
        assert all(s.strip() for s in sentences)


def test_chart_labels_cover_what_the_chart_asks_for():
    assert set(chart_labels()) >= LABEL_KEYS
    assert set(chart_labels()) == set(INDICATOR_NAMES) | set(CHART)


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [("zh-hans", "重度生长迟缓", "肥胖"), ("en", "Severe stunting", "Obesity"), ("ja", "重度の発育阻害", "肥満")],
)
def test_describe_follows_the_active_language_and_the_given_order(lang, first, second):
    s = growth.score_one(2, 1000, 15, 80)  # DOMAIN vector 2: HAZ -3.50, WHZ 4.13
    with translation.override(lang):
        texts = describe(s.findings)
    assert texts[0].startswith(first)
    assert texts[1].startswith(second)


def test_an_unknown_code_is_never_shown_raw():
    with translation.override("zh-hans"):
        texts = describe(["sam", "retired_code", "another_one"])
    assert texts[0].startswith("重度急性营养不良")
    assert texts[1:] == ["发现生长问题：请查看 Z 评分。"]
    assert not any("retired_code" in t or "another_one" in t for t in texts)


@pytest.mark.parametrize(
    ("lang", "title", "x_label", "source"),
    [
        ("zh-hans", "年龄别身长/身高 · 男孩", "年龄（月）", "世卫组织儿童生长标准（2006）"),
        ("en", "Length/height-for-age · Boys", "Age (months)", "WHO Child Growth Standards (2006)"),
        ("ja", "年齢別身長 · 男児", "月齢（か月）", "WHO子ども成長基準（2006）"),
    ],
)
def test_chart_texts_in_each_language(lang, title, x_label, source):
    with translation.override(lang):
        svg = render_chart(
            "haz", 1, [30, 200, 400, 700], length_cm=[54, 66, 74, 84], measured_lying=True, labels=chart_labels()
        )
    texts = " ".join(t.text or "" for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"))  # noqa: S314
    assert title in texts
    assert x_label in texts
    assert source in texts


def test_chart_names_the_weight_for_length_table_in_japanese():
    with translation.override("ja"):
        labels = chart_labels()
        svg = render_chart("whz", 2, [100, 300, 500], weight_kg=[5, 8, 9.5], length_cm=[58, 68, 76], labels=labels)
    assert "身長別体重（臥位） · 女児" in svg


def test_describe_shows_the_most_serious_finding_of_each_indicator():
    with translation.override("zh-hans"):
        texts = describe(["sam", "oedema", "wasting_moderate", "stunting_moderate", "stunting_severe"])
    assert [t.split("：")[0] for t in texts] == ["重度急性营养不良", "重度生长迟缓"]


def test_z_score_labels_are_plain_words_in_every_language():
    for lang, haz in (("zh-hans", "身高/年龄"), ("en", "Height for age"), ("ja", "年齢に対する身長")):
        with translation.override(lang):
            labels = [str(label) for label in Z_LABELS.values()]
        assert labels[0] == haz
        assert not any(abbr in " ".join(labels) for abbr in ("HAZ", "WAZ", "WHZ", "BAZ"))
