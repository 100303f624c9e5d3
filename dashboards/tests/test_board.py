"""The dashboard (issue 15): each area's figures from the daily snapshot with their definitions,
the sub-areas compared and sortable, the months, the drill-down to the children for those whose
scope reaches them, and officials above the county who see aggregates and never a child."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from audit.models import AuditEvent
from conftest import make_user
from core import indicators
from dashboards import board
from dashboards.models import Figure
from geo.models import Division

TODAY = timezone.localdate()

# The contract's codes (notes: dashboards contract), defined here as the snapshots' apps will.
TEST_INDICATORS = [
    ("files_open", "Open files", "registry", "", 10),
    ("files_left_behind", "Left-behind children (MCA ledger)", "registry", "files_open", 11),
    ("visits_due", "Visits due", "visits", "", 20),
    ("visits_overdue", "Visits overdue", "visits", "visits_due", 21),
    ("visits_done_30d", "Visits done (30 days)", "visits", "", 22),
    ("visits_on_time_30d", "Visits on time (30 days)", "visits", "visits_done_30d", 23),
    ("reports_answered_30d", "Reports answered (30 days)", "protection", "", 30),
    ("reports_days_0_3", "Answered in 0–3 days", "protection", "", 31),
    ("reports_days_4_7", "Answered in 4–7 days", "protection", "", 32),
    ("reports_days_8_15", "Answered in 8–15 days", "protection", "", 33),
    ("reports_days_16_30", "Answered in 16–30 days", "protection", "", 34),
    ("reports_days_31_plus", "Answered after 30 days", "protection", "", 35),
]


@pytest.fixture
def test_indicators(monkeypatch):
    """The contract's indicators with the test's own labels, in place of the apps' (the board
    reads whatever the registry holds; the tests check the board, not the apps' wording)."""
    monkeypatch.setattr(indicators, "_indicators", {})
    for code, label, group, of, order in TEST_INDICATORS:
        indicators.define(
            code,
            label,
            group=group,
            counts=f"Children counted for {label.lower()}",
            period="on the day",
            source="test records",
            of=of,
            order=order,
        )
    return indicators


def put(day: date, area: str, values: dict[str, int]) -> None:
    Figure.objects.bulk_create(
        [Figure(day=day, area=area, level=board.level_of(area), indicator=k, value=v) for k, v in values.items()]
    )


def roll_up(day: date, villages: dict[str, dict[str, int]], extra_counties=()) -> None:
    """Store the villages and every area above them as sums (as the nightly snapshot does)."""
    sums: dict[str, dict[str, int]] = {}
    for code, values in [*villages.items(), *extra_counties]:
        area = code
        while True:
            bucket = sums.setdefault(area, {})
            for k, v in values.items():
                bucket[k] = bucket.get(k, 0) + v
            if area == "":
                break
            area = board.parent_code(area)
    for area, values in sums.items():
        put(day, area, values)


def village_figures(overdue_a: int, overdue_b: int, overdue_c: int, scale: int = 1):
    def v(overdue, due, done):
        return {
            "files_open": 40 * scale,
            "files_left_behind": 30 * scale,
            "visits_due": due,
            "visits_overdue": overdue,
            "visits_done_30d": done,
            "visits_on_time_30d": done - 1,
            "reports_answered_30d": 5,
            "reports_days_0_3": 1,
            "reports_days_4_7": 3,
            "reports_days_8_15": 1,
            "reports_days_16_30": 0,
            "reports_days_31_plus": 0,
        }

    return {
        "511324100201": v(overdue_a, 12, 8),
        "511324100202": v(overdue_b, 10, 6),
        "511324101201": v(overdue_c, 20, 4),
        "511321100201": v(2, 5, 5),
    }


@pytest.fixture
def figures(geo, test_indicators):
    """Today: township 2 (新政镇, village C) has the most overdue visits; a month ago, fewer."""
    roll_up(TODAY, village_figures(1, 2, 9))
    last_month_end = TODAY.replace(day=1) - timedelta(days=1)
    roll_up(last_month_end, village_figures(1, 1, 3))
    return geo


@pytest.fixture
def officials(geo):
    return {
        "province": make_user("prov1", User.Role.OFFICIAL, Division.objects.get(code="51")),
        "national": make_user("nat1", User.Role.OFFICIAL, None),
    }


def test_a_county_officer_sees_the_county_figures_with_their_definitions(figures, people, login):
    client = login(people["county"])
    response = client.get(reverse("board"), {"group": "visits"})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["b"].area.code == "511324"
    row = _figure(response, "visits_overdue")
    assert row["value"] == 12
    assert row["share"] == round(100 * 12 / 42, 1)
    # Its definition is beside it: what is counted, out of what, over which period, from where.
    assert "Children counted for visits overdue" in html
    assert "test records" in html
    assert "on the day" in html
    # Only this county's townships are compared, never the other county's areas.
    codes = [r.code for r in response.context["b"].page]
    assert codes == ["511324100", "511324101"]
    assert "511321" not in codes


def test_a_county_officer_cannot_open_another_county_or_above(figures, people, login):
    client = login(people["county"])
    for code in ("511321", "5113", "51", "", "511321100201", "99"):
        assert client.get(reverse("board"), {"area": code}).status_code == 404
    assert client.get(reverse("board"), {"area": "511324101201"}).status_code == 200  # a village of its own


def test_townships_sort_by_overdue_visits_and_link_down_to_their_children(figures, people, login):
    client = login(people["county"])
    response = client.get(reverse("board"), {"group": "visits", "sort": "visits_overdue"})
    rows = list(response.context["b"].page)
    assert [r.name for r in rows] == ["新政镇", "金城镇"]  # 9 overdue before 3
    assert rows[0].children_url == reverse("followup_overdue") + "?area=511324101"
    ascending = client.get(reverse("board"), {"group": "visits", "sort": "visits_overdue", "dir": "asc"})
    assert [r.name for r in ascending.context["b"].page] == ["金城镇", "新政镇"]
    # Down to the township, then to the follow-up page's list of its children.
    township = client.get(reverse("board"), {"group": "visits", "area": "511324101"})
    assert [r.code for r in township.context["b"].page] == ["511324101201"]
    assert client.get(rows[0].children_url).status_code == 200
    registry = client.get(reverse("board"), {"group": "registry", "area": "511324101"})
    assert registry.context["b"].page[0].children_url == reverse("roster") + "?area=511324101"


def test_a_province_official_sees_county_aggregates_and_no_child(figures, officials, people, login, kids):
    client = login(officials["province"])
    assert client.get(reverse("home")).url == reverse("board")
    response = client.get(reverse("board"), {"group": "visits", "by": "county"})
    assert response.status_code == 200
    assert response.context["b"].area.code == "51"
    counties = {r.code: r for r in response.context["b"].page}
    assert set(counties) == {"511324", "511321"}
    assert counties["511324"].values["visits_overdue"] == 12
    assert all(r.children_url is None for r in counties.values())
    assert "data-children" not in response.content.decode()
    # Down to a village's aggregates, but never to a child or a list of children.
    village = client.get(reverse("board"), {"group": "visits", "area": "511324100201"})
    assert village.status_code == 200
    assert village.context["b"].area_children_url is None
    for url in (
        reverse("child_detail", args=[kids["a"].uuid]),
        reverse("roster"),
        reverse("roster") + "?area=511324100",
        reverse("followup_overdue") + "?area=511324100",
        reverse("today"),
    ):
        response = client.get(url)
        assert response.status_code == 404 or kids["a"].name not in response.content.decode(), url
    assert client.get(reverse("child_detail", args=[kids["a"].uuid])).status_code == 404
    assert client.get(reverse("followup_overdue"), {"area": "511324100"}).status_code == 404
    roster = client.get(reverse("roster"))
    assert roster.status_code == 404 or roster.context["page"].paginator.count == 0


def test_a_national_official_sees_provinces_and_not_outside_the_country(figures, officials, login):
    client = login(officials["national"])
    response = client.get(reverse("board"), {"group": "registry"})
    assert response.context["b"].area.code == ""
    assert [r.code for r in response.context["b"].page] == ["51"]
    assert _figure(response, "files_open")["value"] == 160
    assert client.get(reverse("board"), {"area": "abc"}).status_code == 404
    assert client.get(reverse("board"), {"area": "52"}).status_code == 404  # no such division loaded


def test_a_province_official_cannot_see_another_province(figures, login, geo):
    other = Division.objects.create(code="52", name="贵州省", level=1, full_name="贵州省")
    client = login(make_user("prov2", User.Role.OFFICIAL, other))
    assert client.get(reverse("board"), {"area": "51"}).status_code == 404
    assert client.get(reverse("board"), {"area": "511324"}).status_code == 404


def test_the_months_trend_reads_month_end_days(figures, people, login):
    client = login(people["county"])
    response = client.get(reverse("board"), {"group": "visits", "trend": "visits_overdue"})
    trend = response.context["b"].trend
    assert [day for day, _v in trend] == [TODAY.replace(day=1) - timedelta(days=1), TODAY]
    assert [v["visits_overdue"] for _d, v in trend] == [5, 12]
    chart = response.context["trend_chart"]
    assert chart.unit == "%"
    assert len(chart.series[0].dots) == 2
    assert "<polyline" in response.content.decode()


def test_medians_come_from_the_time_bands(figures, people, login):
    client = login(people["county"])
    response = client.get(reverse("board"), {"group": "protection"})
    (distribution,) = response.context["b"].distributions
    assert distribution["median"] == "4–7"
    assert distribution["bands"][0] == ("0–3", 3)


def test_the_export_holds_the_tables_formula_safe_and_is_audited(figures, people, login):
    Division.objects.filter(code="511324101").update(name="=HYPERLINK(1)")
    client = login(people["county"])
    response = client.get(reverse("board_xlsx"), {"group": "visits", "sort": "visits_overdue"})
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    figures_sheet, areas, months = wb.worksheets
    assert [c.value for c in figures_sheet[3]][:2] == ["Visits due", 42]
    names = [row[1] for row in areas.iter_rows(min_row=2, values_only=True)]
    assert names == ["'=HYPERLINK(1)", "金城镇"]
    assert months.max_row == 3  # the header, last month's end, today
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.child is None
    assert event.details["what"] == "dashboard"
    assert event.details["area"] == "511324"


def test_a_simulated_county_is_labelled(figures, officials, login):
    put(TODAY, "511321", {board.SIMULATED: 1})
    put(TODAY, "51", {board.SIMULATED: 1})
    client = login(officials["province"])
    response = client.get(reverse("board"), {"group": "visits", "by": "county"})
    assert response.context["b"].simulated == 1
    simulated = {r.code: r.simulated for r in response.context["b"].page}
    assert simulated == {"511321": True, "511324": False}
    assert "data-simulated" in response.content.decode()


def test_no_figures_yet_says_so(geo, people, login, test_indicators):
    response = login(people["county"]).get(reverse("board"))
    assert response.status_code == 200
    assert "data-empty" in response.content.decode()


def test_partner_staff_and_anonymous_users_have_no_dashboard(figures, people, login, client):
    assert client.get(reverse("board")).status_code == 302  # to the login page
    assert login(people["partner"]).get(reverse("board")).status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(figures, officials, login, django_assert_max_num_queries):
    client = login(officials["province"])
    client.get(reverse("board"))
    with django_assert_max_num_queries(14):
        client.get(reverse("board"), {"group": "visits", "by": "county"})


def _figure(response, code):
    return next(f for f in response.context["b"].figures if f["indicator"].code == code)
