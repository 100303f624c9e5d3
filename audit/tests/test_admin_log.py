"""Administrators' own changes in the Django admin land in the audit trail (audit.admin_log)."""

import pytest
from django.contrib.admin.models import LogEntry

from audit.models import AuditEvent
from partners.models import Organisation


@pytest.fixture
def admin_client(client, people):
    client.force_login(people["admin"])
    return client


def organisation_form(geo, **changes) -> dict:
    form = {
        "name": "金城镇卫生院",
        "type": "township_health_centre",
        "division": geo["t1"].pk,
        "address": "",
        "phone": "",
        "contact_person": "",
        "services": "[]",
        "capacity": "",
        "is_active": "on",
    }
    return {**form, **changes}


def admin_events():
    return list(AuditEvent.objects.filter(action__startswith="adm_").order_by("id"))


def test_an_admin_change_is_audited_with_the_model_pk_and_changed_fields(admin_client, people, geo):
    org = Organisation.objects.get(name="金城镇卫生院")
    form = organisation_form(geo, phone="0817-7221234", capacity="12")

    response = admin_client.post(f"/admin/partners/organisation/{org.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    [event] = admin_events()
    assert event.action == "adm_change"
    assert event.actor == people["admin"]
    assert (event.details["model"], event.details["pk"]) == ("partners.organisation", str(org.pk))
    # Field labels as the admin records them; the unchanged name is not among them.
    assert {"Phone", "Open referrals it can take"} <= set(event.details["fields"])
    assert "Organisation name" not in event.details["fields"]
    # The object's name is not copied into the trail (it may be a child's).
    assert "金城镇卫生院" not in str(event.details)


def test_an_admin_addition_and_deletion_are_audited(admin_client, people, geo):
    response = admin_client.post("/admin/partners/organisation/add/", organisation_form(geo, name="县妇联"))
    assert response.status_code == 302
    added = Organisation.objects.get(name="县妇联")

    admin_client.post(f"/admin/partners/organisation/{added.pk}/delete/", {"post": "yes"})

    assert not Organisation.objects.filter(pk=added.pk).exists()
    assert [(e.action, e.details["pk"], e.actor) for e in admin_events()] == [
        ("adm_add", str(added.pk), people["admin"]),
        ("adm_delete", str(added.pk), people["admin"]),
    ]


@pytest.mark.parametrize("how_many", [1, 3])
def test_delete_selected_audits_every_deleted_object_once(admin_client, people, geo, how_many):
    # Django logs two or more objects with bulk_create, which sends no post_save signal.
    orgs = [
        Organisation.objects.create(name=f"合作机构{i}", type="township_health_centre", division=geo["t2"])
        for i in range(how_many)
    ]
    form = {"action": "delete_selected", "_selected_action": [o.pk for o in orgs], "post": "yes"}

    response = admin_client.post("/admin/partners/organisation/", form)

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk__in=[o.pk for o in orgs]).exists()
    assert LogEntry.objects.count() == how_many
    events = admin_events()
    assert sorted(e.details["pk"] for e in events) == sorted(str(o.pk) for o in orgs)
    assert {(e.action, e.details["model"], e.actor_id, e.ip_address) for e in events} == {
        ("adm_delete", "partners.organisation", people["admin"].pk, "127.0.0.1")
    }


def test_the_confirmation_page_deletes_and_audits_nothing(admin_client, geo):
    org = Organisation.objects.create(name="待删机构", type="township_health_centre", division=geo["t2"])
    response = admin_client.post(
        "/admin/partners/organisation/", {"action": "delete_selected", "_selected_action": [org.pk]}
    )
    assert response.status_code == 200
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert admin_events() == []
