"""Query counts of the report pages stay bounded as reports grow."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_child

from .conftest import file


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_reports(people, geo, police, officer, login):
    for i in range(3):
        file(people["cwd_a"], make_child(geo["village_a"], f"孩子{i}"), police=police, relayed=True)
    clients = {p: login(people[p]) for p in ("supervisor",)}
    few = count(clients["supervisor"], reverse("reports_list"))
    for i in range(15):
        file(people["cwd_b"], make_child(geo["village_b"], f"孩子B{i}"), police=police)
    many = count(clients["supervisor"], reverse("reports_list"))
    assert many == few
    assert many <= 8


def test_partner_list_and_detail_bounded(people, geo, police, officer, login):
    reports = [file(people["cwd_a"], make_child(geo["village_a"], f"孩子{i}"), police=police) for i in range(12)]
    client = login(officer)
    assert count(client, reverse("reports_list")) <= 8
    assert count(client, reverse("report_detail", args=[reports[0].uuid])) <= 12
