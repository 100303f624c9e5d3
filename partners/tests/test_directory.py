"""The partner directory's writes: county officers only, in their county, every change audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from core.errors import ActionError
from partners.actions import do_save_organisation
from partners.models import Organisation


def _data(division, **extra):
    return {
        "name": "仪陇县教育局",
        "type": Organisation.Type.EDUCATION_BUREAU,
        "division": division,
        "services": ["school_return"],
        "contact_person": "",
        "phone": "0817-7222222",
        "address": "",
        "capacity": None,
        "is_active": True,
    } | extra


def test_adding_and_changing_an_organisation_is_audited(people, geo):
    org = do_save_organisation(people["county"], None, _data(geo["county"]))
    do_save_organisation(
        people["county"], org, _data(geo["county"], phone="0817-7333333"), seen_version=org.lock_version
    )
    events = list(AuditEvent.objects.filter(details__organisation=str(org.uuid)).order_by("pk"))
    assert [e.action for e in events] == [AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE]
    assert events[0].actor == people["county"]
    assert events[1].details["changes"] == {"phone": ["0817-7222222", "0817-7333333"]}


def test_an_organisation_cannot_be_placed_in_another_county(people, geo):
    with pytest.raises(ActionError):
        do_save_organisation(people["county"], None, _data(geo["other_county"]))
    assert not Organisation.objects.filter(name="仪陇县教育局").exists()
    assert not AuditEvent.objects.filter(details__has_key="organisation").exists()


def test_another_countys_organisation_is_missing(people, geo, login):
    org = do_save_organisation(people["other_county"], None, _data(geo["other_county"]))
    page = login(people["county"]).post(
        reverse("organisation_edit", args=[org.uuid]), _data(geo["county"].code, name="改名", capacity="")
    )
    assert page.status_code == 404
    org.refresh_from_db()
    assert org.name == "仪陇县教育局"
