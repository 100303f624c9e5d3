"""The plan pages: who sees which area (404 outside it), what the county officer reads, the what-if
form, the official's counts-only table and the spreadsheet."""

import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEvent
from planning.audit_actions import EXPORT
from planning.models import FIELDS

COUNTY = "/planning/511324/"


def _figure(page, name) -> str:
    text = page.content.decode()
    start = text.index(f'data-figure="{name}">') + len(f'data-figure="{name}">')
    return text[start : text.index("<", start)]


def test_the_county_officer_starts_on_the_county_plan(people, login):
    response = login(people["county"]).get("/planning/")
    assert response.status_code == 302
    assert response["Location"] == COUNTY


def test_the_county_plan_shows_needs_today_and_gap(people, login, seven_red, county_assumptions):
    page = login(people["county"]).get(COUNTY)
    assert page.status_code == 200
    # 石佛村: 25.85 h ÷ 10 h → 3 CWDs; 龙岗村 and 白鹤村 one each; one CWD in each village today.
    figures = {name: _figure(page, name) for name in ("children", "cwds-needed", "cwds-now", "cwd-gap")}
    assert figures == {"children": "7", "cwds-needed": "5", "cwds-now": "3", "cwd-gap": "2"}
    assert (_figure(page, "supervisors-needed"), _figure(page, "supervisor-gap")) == ("2", "0")
    text = page.content.decode()
    # Townships and villages, largest gap first: 金城镇 (石佛村 short of 2) before 新政镇.
    assert text.index('data-township="511324100"') < text.index('data-township="511324101"')
    assert text.index('data-village="511324100201"') < text.index('data-village="511324100202"')
    assert "红岩村" not in text  # the other county's village
    # The risk policy's intervals, beside the result (the national default: red every 7 days).
    assert 'data-interval="red"' in text
    assert "每 7 天走访一次" in text


def _whatif(**changes) -> dict:
    values = {"whatif": "1", "minutes_red": 60, "minutes_yellow": 45, "minutes_blue": 40, "minutes_green": 30}
    values |= {"travel_minutes": 90, "cwd_hours": 10, "villages_per_supervisor": 14, "supervision_hours": 4}
    values |= {"supervisor_hours": 80, "target_percent": 80, "cwd_stipend": 300, "supervisor_stipend": 500}
    return values | changes


def test_what_if_recalculates_without_saving_and_keeps_what_was_typed(people, login, seven_red, county_assumptions):
    client = login(people["county"])
    page = client.get(COUNTY, _whatif(cwd_hours=30))
    # 25.85 h ÷ 30 h → 1 CWD in 石佛村: 3 in the county, none missing.
    assert (_figure(page, "cwds-needed"), _figure(page, "cwd-gap")) == ("3", "0")
    text = page.content.decode()
    assert 'name="cwd_hours" value="30"' in text
    assert 'data-whatif="on"' in text
    county_assumptions.refresh_from_db()
    assert county_assumptions.cwd_hours == 10
    # A number out of range is shown with its error, and the saved numbers are used.
    page = client.get(COUNTY, _whatif(cwd_hours=0))
    assert "fielderror" in page.content.decode()
    assert _figure(page, "cwds-needed") == "5"


def test_the_supervisor_sees_their_township_only(people, login, seven_red):
    client = login(people["supervisor"])
    assert client.get("/planning/")["Location"] == "/planning/511324100/"
    page = client.get("/planning/511324100/")
    assert page.status_code == 200
    assert "白鹤村" not in page.content.decode()
    assert client.get(COUNTY).status_code == 404
    assert client.get("/planning/511324101/").status_code == 404


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("cwd_a", "/planning/"),
        ("cwd_a", "/planning/511324100201/"),
        ("partner", "/planning/"),
        ("other_county", COUNTY),
        ("other_county", "/planning/511324100/"),
        ("county", "/planning/511321/"),
        ("county", "/planning/511324100201/"),  # a village has no plan of its own
        ("county", "/planning/511321/plan.xlsx"),
        ("supervisor", "/planning/511324/plan.xlsx"),
    ],
)
def test_out_of_scope_is_404(people, login, who, url):
    assert login(people[who]).get(url).status_code == 404


def test_an_official_sees_one_row_per_county_and_no_village(people, login, official, seven_red):
    client = login(official)
    page = client.get("/planning/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-county="511324"' in text
    assert 'data-county="511321"' in text
    for name in ("石佛村", "金城镇", "张red0"):
        assert name not in text
    assert client.get(COUNTY).status_code == 404
    assert client.get(f"{COUNTY}plan.xlsx").status_code == 404
    assert client.get("/children/").content.decode().count("张red0") == 0


def test_the_administrator_sees_every_county_and_opens_one(people, login, seven_red):
    client = login(people["admin"])
    page = client.get("/planning/")
    assert f'href="{COUNTY}"' in page.content.decode()
    assert client.get(COUNTY).status_code == 200


def test_the_spreadsheet_is_the_calculation_formula_safe_and_audited(people, login, geo, seven_red):
    geo["village_b"].name = "=HYPERLINK(1)"
    geo["village_b"].save()
    client = login(people["county"])
    response = client.get(f"{COUNTY}plan.xlsx", _whatif(cwd_hours=30))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "假设", "乡镇", "村"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True)}
    assert summary["需要的儿童主任"] == 3
    villages = [row[1] for row in book["村"].iter_rows(values_only=True)]
    assert "'=HYPERLINK(1)" in villages
    assumptions = {row[0]: row[1] for row in book["假设"].iter_rows(values_only=True)}
    assert assumptions[str(FIELDS[5][1])] == 30
    event = AuditEvent.objects.get(action=EXPORT)
    assert (event.actor, event.child, event.details) == (people["county"], None, {"area": "511324", "what_if": True})


def test_where_the_plan_is_found(people, login, official):
    # The county officer's bar is full: a card on the follow-up page leads to the county's plan.
    assert f'href="{COUNTY}"' in login(people["county"]).get("/follow-up/").content.decode()
    assert 'href="/planning/511324100/"' in login(people["supervisor"]).get("/follow-up/").content.decode()
    for who in ("supervisor", "admin"):
        assert 'href="/planning/"' in login(people[who]).get("/children/").content.decode()
    assert 'href="/planning/"' in login(official).get("/accounts/account/").content.decode()
    assert 'href="/planning/"' not in login(people["cwd_a"]).get("/children/").content.decode()
