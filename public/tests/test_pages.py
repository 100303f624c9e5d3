"""The public pages: shown to anyone without logging in, suppressed, nothing below the county."""

import re

import pytest
from django.urls import reverse

from .conftest import DAYS, county, write_figures

pytestmark = pytest.mark.django_db


def cells(html: str, area: str) -> dict:
    """The figure cells of one area's row in the latest table."""
    row = re.search(rf'<tr data-area="{area}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return dict(re.findall(r'<td data-code="([a-z_0-9]+)">([^<]*)</td>', row))


def test_share_redirects_to_the_visitors_language(client, snapshots):
    response = client.get("/share/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302
    assert response["Location"] == "/share/ja/"


def test_national_page_without_login_shows_provinces_and_suppressed_cells(client, snapshots):
    response = client.get(reverse("public_page", args=["zh-hans"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "四川省" in html
    assert "贵州省" in html
    assert cells(html, "")["files_open"] == str(sum(v["files_open"] for v in snapshots.values()))
    assert "2026-12-01" in html  # the latest day
    # Explanations: which definition of left-behind, against the census estimates.
    assert "不满16周岁" in html
    assert "6100万至6900万" in html


def test_province_page_hides_a_small_count_and_its_complement(client, snapshots):
    html = client.get(reverse("public_area", args=["zh-hans", "51"])).content.decode()
    yilong = cells(html, "511324")
    assert yilong["files_in_difficulty"] == "–"  # 4 children in difficulty
    assert yilong["files_open"] == "–"  # the same family: open − in difficulty would tell
    assert yilong["visits_due"] == "35"  # other figures are shown
    hidden_siblings = [c for c in ("511321", "511322") if cells(html, c)["files_in_difficulty"] == "–"]
    assert len(hidden_siblings) == 1  # the province's total minus the shown county would give it
    assert cells(html, "51")["files_in_difficulty"] == str(4 + 90 + 130)
    # 70 visits, 66 on time: 4 late visits, so the visits and their rate are hidden.
    assert yilong["visits_on_time_30d"] == "–"
    assert re.search(r'<tr data-area="511324".*?<td data-rate="visits">–</td>', html, re.S)


def test_nothing_below_the_county_is_published(client, snapshots):
    html = client.get(reverse("public_area", args=["zh-hans", "511324"])).content.decode()
    assert "仪陇县" in html
    assert "金城镇" not in html  # no township
    assert "石佛村" not in html  # no village
    assert "511324100" not in html
    assert client.get("/share/zh-hans/511324100/").status_code == 404
    assert client.get("/share/zh-hans/511324100201/").status_code == 404
    assert client.get("/share/zh-hans/5113/").status_code == 404  # no prefecture either
    assert client.get("/share/zh-hans/519999/").status_code == 404  # a county without figures


def test_county_page_trend_by_month_is_suppressed_like_the_table(client, snapshots):
    html = client.get(reverse("public_area", args=["en", "520122"])).content.decode()
    trend = re.search(r'<table class="figures trend".*?</table>', html, re.S).group(0)
    months = re.findall(r'<tr data-day="([0-9-]+)">', trend)
    assert months == ["2026-09-30", "2026-10-31", "2026-11-30", "2026-12-01"]  # each month's last count
    # 3 reports answered, all in time: hidden in every month; the rate too.
    assert trend.count('<td data-rate="reports">–</td>') == 4


def test_every_language(client, snapshots):
    for lang, words in (("zh-hans", "留守儿童"), ("en", "Left-behind children"), ("ja", "留守児童")):
        response = client.get(reverse("public_area", args=[lang, "51"]))
        assert response.status_code == 200
        assert words in response.content.decode()
        assert response["Content-Language"] == lang
    assert client.get("/share/fr/").status_code == 404


def test_caching_headers_csp_and_open_graph(client, snapshots):
    response = client.get(reverse("public_area", args=["zh-hans", "51"]))
    assert "public" in response["Cache-Control"]
    assert "max-age=600" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "<script" not in html
    assert " style=" not in html
    assert 'property="og:image" content="http://testserver/share/zh-hans/51/card.png"' in html
    assert 'property="og:title" content="四川省' in html


def test_a_signed_in_user_gets_the_page_uncached(client, people):
    write_figures(DAYS[-1], {"511324": county(), "511321": county()})
    client.force_login(people["county"])
    response = client.get(reverse("public_page", args=["zh-hans"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_no_figures_yet(client, db):
    response = client.get(reverse("public_page", args=["zh-hans"]))
    assert response.status_code == 200
    assert "尚未发布" in response.content.decode()
    assert client.get("/share/zh-hans/51/").status_code == 404


def test_query_count_does_not_grow_with_counties(client, snapshots, django_assert_max_num_queries):
    write_figures(DAYS[-1], {f"53{i:04d}": {"files_open": 100} for i in range(40)})
    # Days and fingerprints, each month's figures (cached after), the areas' names.
    with django_assert_max_num_queries(6):
        client.get(reverse("public_page", args=["zh-hans"]))
    with django_assert_max_num_queries(2):
        client.get(reverse("public_page", args=["zh-hans"]))


def test_every_public_indicator_is_covered_by_the_suppression():
    """An indicator declared public=True (core.indicators) must belong to a suppression family
    before any page may show it; the pages show only the families' codes."""
    from core import indicators
    from public.suppression import FAMILY_OF
    from public.views import TABLE_CODES

    assert {i.code for i in indicators.indicators() if i.public} <= set(FAMILY_OF)
    assert set(TABLE_CODES) == set(FAMILY_OF)
