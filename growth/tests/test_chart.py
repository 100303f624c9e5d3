"""SVG growth charts: valid, self-contained, one dot per plotted visit."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from growth.chart import LABEL_KEYS, render_chart

SVG = "{http://www.w3.org/2000/svg}"
# Stand-in texts that name their key: the real ones are gettext's (measurements/tests/test_texts.py).
LABELS = {key: f"[{key}]" for key in LABEL_KEYS}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 360 300"
    for bad in ("<script", "<style", "href", "url(", "@import", "<image"):
        assert bad not in svg
    return root


def dots(root: ET.Element) -> int:
    return len(root.findall(f"{SVG}circle"))


def texts(root: ET.Element) -> str:
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_length_for_age_under_two():
    root = parse(
        render_chart("haz", 1, [30, 200, 400, 700], length_cm=[54, 66, 74, 84], measured_lying=True, labels=LABELS)
    )
    assert dots(root) == 4
    assert root.find(f"{SVG}title").text == "[haz] · [boys]"
    assert "[age_months]" in texts(root)
    assert "[length_cm]" in texts(root)
    assert "[source_2006]" in texts(root)
    assert "[source_2007]" not in texts(root)
    # Five SD curves plus the child's own line.
    assert len(root.findall(f"{SVG}polyline")) == 6


def test_bmi_from_birth_to_nineteen_spans_both_who_tables():
    root = parse(
        render_chart(
            "baz",
            2,
            [400, 1500, 2500, 4000, 6000],
            weight_kg=[9, 16, 22, 33, 50],
            length_cm=[75, 100, 120, 145, 160],
            measured_lying=[1, 0, 0, 0, 0],
            labels=LABELS,
            name='Li <"Xiao"> & Co',
        )
    )
    assert dots(root) == 5
    assert root.find(f"{SVG}title").text == 'Li <"Xiao"> & Co · [baz] · [girls]'
    assert "[age_years]" in texts(root)
    assert "[source_2006] / [source_2007]" in texts(root)
    assert len(root.findall(f"{SVG}polyline")) == 11  # 5 curves x 2 tables + child


def test_points_outside_the_tables_are_not_drawn():
    # Weight-for-age stops at 10 years; a missing weight draws nothing.
    root = parse(render_chart("waz", 1, [2000, 3000, 4000, 2500], weight_kg=[18, 25, 35, None], labels=LABELS))
    assert dots(root) == 2


def test_weight_for_length_or_height_by_latest_visit():
    svg = render_chart("whz", 2, [100, 300, 500], weight_kg=[5, 8, 9.5], length_cm=[58, 68, 76], labels=LABELS)
    root = parse(svg)
    assert dots(root) == 3
    assert "[wfl] · [girls]" in texts(root)
    later = parse(
        render_chart(
            "whz",
            2,
            [500, 800, 1000],
            weight_kg=[9.5, 11, 12],
            length_cm=[76, 84, 88],
            measured_lying=[1, 0, 0],
            labels=LABELS,
        )
    )
    assert dots(later) == 2  # the visit before 731 days was scored on weight-for-length
    assert "[wfh] · [girls]" in texts(later)


def test_muac_chart_and_chart_without_points():
    root = parse(render_chart("muacz", 1, [100, 400, 900], muac_mm=[135, 148, 152], labels=LABELS))
    assert dots(root) == 3
    assert "[muac_cm]" in texts(root)
    assert dots(parse(render_chart("haz", 2, [], length_cm=[], labels=LABELS))) == 0


def test_unknown_indicator():
    with pytest.raises(ValueError, match="unknown indicator"):
        render_chart("hcfa", 1, [10], labels=LABELS)


def test_a_visit_after_sixty_months_lies_on_the_2007_curves_it_is_scored_by():
    """Issue 12: scores switch to the 2007 reference at 60.0 months (1826.25 days), so the chart's
    curves switch there too; before, the 2006 curves were drawn to day 1856 and a visit at day
    1840 (scored on the 2007 reference) was shown against the 2006 curves only."""
    root = parse(render_chart("haz", 1, [1700, 1840], length_cm=[107, 109], measured_lying=False, labels=LABELS))
    assert dots(root) == 2
    assert "[source_2006] / [source_2007]" in texts(root)
    assert len(root.findall(f"{SVG}polyline")) == 11  # 5 curves x 2 tables + child
    # Under 60 months only: the 2006 curves alone, ending at the switch.
    root = parse(render_chart("haz", 1, [1700, 1800], length_cm=[107, 108], measured_lying=False, labels=LABELS))
    assert "[source_2007]" not in texts(root)
    assert len(root.findall(f"{SVG}polyline")) == 6
