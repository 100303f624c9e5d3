"""Payment standards through the JSON API and the Django admin: read within the county, written by
its county officer (or an administrator), every edit versioned (a stale save is refused) and
audited; months already issued keep their amount."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from audit.models import AuditEvent
from benefits import actions
from benefits.models import PaymentStandard
from conftest import make_user
from core.tests.pageform import form_of

from .conftest import approved

API = "/api/v1/allowances/standards/"


@pytest.fixture
def std(geo, standards):
    return PaymentStandard.objects.get(division=geo["county"], category="de_facto_unsupported")


def _put(client, std, amount, version):
    return client.put(
        f"{API}{std.uuid}/",
        json.dumps({"amount": amount, "lock_version": version}),
        content_type="application/json",
    )


def test_county_officer_lists_and_reads_their_standards(people, std, login):
    client = login(people["county"])
    r = client.get(API)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 3
    assert {item["category"] for item in body["items"]} == {
        "orphan_institutional",
        "orphan_dispersed",
        "de_facto_unsupported",
    }
    assert client.get(f"{API}{std.uuid}/").json()["amount"] == "1593.40"


@pytest.mark.parametrize("who", ["other_county", "cwd_a", "supervisor", "partner"])
def test_others_do_not_reach_the_county_standards(people, std, login, who):
    client = login(people[who])
    assert client.get(API).json()["count"] == 0
    assert client.get(f"{API}{std.uuid}/").status_code == 404
    assert _put(client, std, "1700.00", 1).status_code == 404
    std.refresh_from_db()
    assert std.amount == Decimal("1593.40")


def test_a_new_standard_from_a_month_on(people, geo, login):
    r = login(people["county"]).post(
        API,
        json.dumps({"category": "difficulty", "effective_from": "2026-03-15", "amount": "650.00"}),
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["effective_from"] == "2026-03-01"
    assert PaymentStandard.objects.get(category="difficulty").division_id == geo["county"].pk
    assert AuditEvent.objects.filter(action="ben_std").exists()
    assert (
        login(people["supervisor"])
        .post(
            API,
            json.dumps({"category": "difficulty", "effective_from": "2026-03-15", "amount": "1.00"}),
            content_type="application/json",
        )
        .status_code
        == 404
    )


def test_a_negative_amount_names_the_field(people, std, login):
    r = _put(login(people["county"]), std, "-1", 1)
    assert r.status_code == 422
    assert "amount" in json.dumps(r.json())


def test_a_stale_edit_is_refused_and_the_newer_amount_stays(people, std, login):
    client = login(people["county"])
    assert _put(client, std, "1600.00", 1).status_code == 200
    r = _put(client, std, "1650.00", 1)  # read before the first save
    assert r.status_code == 409
    std.refresh_from_db()
    assert (std.amount, std.lock_version) == (Decimal("1600.00"), 2)
    assert AuditEvent.objects.filter(action="ben_std", details__before="1593.40").exists()


def test_an_edit_never_changes_an_issued_roll(people, std, dfu, login):
    approved(dfu, people, start=date(2025, 1, 1))
    roll = actions.do_build_roll(people["county"], date(2025, 1, 1))
    actions.do_issue_roll(people["county"], roll)
    assert _put(login(people["county"]), std, "1700.00", 1).status_code == 200
    assert list(roll.lines.values_list("amount", flat=True)) == [Decimal("1593.40")]


def test_admin_edits_any_standard(people, std, login):
    assert _put(login(people["admin"]), std, "1610.00", 1).status_code == 200


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _opened(client, std) -> dict:
    html = client.get(f"/admin/benefits/paymentstandard/{std.pk}/change/").content.decode()
    return {k: v if len(v) > 1 else v[0] for k, v in form_of(html, "").items() if k != "csrfmiddlewaretoken"}


def test_admin_refuses_a_stale_save(people, std):
    other_admin = make_user("admin2", "admin", None, is_staff=True, is_superuser=True)
    one, two = _admin(people["admin"]), _admin(other_admin)
    mine, theirs = _opened(one, std), _opened(two, std)
    theirs["amount"] = "1620.00"
    assert two.post(f"/admin/benefits/paymentstandard/{std.pk}/change/", theirs).status_code == 302
    mine["amount"] = "1630.00"
    page = one.post(f"/admin/benefits/paymentstandard/{std.pk}/change/", mine, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Someone else saved this record after you opened it" in page.content.decode()
    std.refresh_from_db()
    assert (std.amount, std.lock_version) == (Decimal("1620.00"), 2)


def test_admin_is_for_administrators_only(people, std):
    client = Client()
    client.force_login(people["county"])
    assert client.get(f"/admin/benefits/paymentstandard/{std.pk}/change/").status_code == 302
