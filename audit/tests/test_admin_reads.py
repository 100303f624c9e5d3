"""Administrators' reads in the Django admin leave the same trace as every other read."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from caseplans.models import CasePlan


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _views():
    return list(AuditEvent.objects.filter(action="view").values_list("child_id", "details"))


def test_the_admin_list_of_case_plans_records_a_read_of_each_child_shown(people, kids):
    a, b = kids["a"], kids["b"]
    for child in (a, b):
        CasePlan.objects.create(
            child=child, village_id=child.village_id, summary="需要心理辅导", review_on="2027-01-01"
        )
    client = _admin(people["admin"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/caseplans/caseplan/").status_code == 200
    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "audit_auditevent"')]
    assert len(inserts) == 1
    views = _views()
    assert {child for child, _details in views} == {a.pk, b.pk}
    assert all(
        d["what"] == "admin" and d["via"] == "national" and d["model"] == "caseplans.CasePlan" for _c, d in views
    )


def test_the_admin_page_of_one_record_records_a_read_of_its_child(people, kids):
    plan = CasePlan.objects.create(
        child=kids["a"], village_id=kids["a"].village_id, summary="需要心理辅导", review_on="2027-01-01"
    )
    assert _admin(people["admin"]).get(f"/admin/caseplans/caseplan/{plan.pk}/change/").status_code == 200
    assert _views() == [
        (kids["a"].pk, {"what": "admin", "via": "national", "model": "caseplans.CasePlan", "pk": str(plan.pk)})
    ]


def test_admin_pages_without_child_data_record_nothing(people):
    assert _admin(people["admin"]).get("/admin/geo/division/").status_code == 200
    assert _views() == []
