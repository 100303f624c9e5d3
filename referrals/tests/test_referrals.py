"""Referrals: partner staff see only the children referred to them, only while open."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert
from conftest import make_user
from partners.models import Organisation
from referrals.models import Referral
from referrals.services import escalate_overdue


@pytest.fixture
def clinic(people):
    org = people["partner"].organisation
    org.services = ["health", "nutrition"]
    org.save()
    return org


def refer(client, child, org, **extra):
    data = {
        "service": "health",
        "organisation": org.pk,
        "urgency": "urgent",
        "need": "体重下降明显，需要体检",
        "guardian_consent": "on",
        "consent_note": "祖母口头同意",
        **extra,
    }
    return client.post(reverse("referral_new", args=[child.uuid]), data)


def test_cwd_refers_and_the_clinic_is_alerted(people, kids, clinic, login):
    response = refer(login(people["cwd_a"]), kids["a"], clinic)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.status == "sent"
    assert referral.created_by == people["cwd_a"]
    assert timedelta(hours=23) < referral.respond_by - timezone.now() <= timedelta(hours=24)
    assert Alert.objects.filter(kind="referral_new", recipient=people["partner"]).exists()


def test_consent_is_required_and_the_service_must_match(people, kids, clinic, login):
    client = login(people["cwd_a"])
    response = refer(client, kids["a"], clinic, guardian_consent="")
    assert response.status_code == 200
    assert refer(client, kids["a"], clinic, service="legal_aid").status_code == 200
    assert not Referral.objects.exists()


def test_partner_sees_only_referred_children_and_only_while_open(people, kids, clinic, login):
    refer(login(people["cwd_a"]), kids["a"], clinic)
    referral = Referral.objects.get()
    partner = login(people["partner"])
    html = partner.get(reverse("referral_list")).content.decode()
    assert kids["a"].name in html
    assert kids["b"].name not in html
    page = partner.get(reverse("referral_detail", args=[referral.uuid])).content.decode()
    assert kids["a"].name in page
    assert kids["a"].id_number not in page  # only what the service needs
    # The registry itself stays closed to partners: file, roster, export, API.
    assert partner.get(reverse("child_detail", args=[kids["a"].uuid])).status_code == 404
    assert re.findall(r'<span class="name">', partner.get(reverse("roster")).content.decode()) == []
    assert partner.get("/api/v1/children/").json()["count"] == 0
    assert partner.get(f"/api/v1/children/{kids['a'].uuid}").status_code == 404
    # Accept, complete: then access ends.
    partner.post(reverse("referral_step", args=[referral.uuid, "accept"]), {"note": "明天上午来"})
    partner.post(
        reverse("referral_step", args=[referral.uuid, "complete"]),
        {"outcome": "已体检，转营养门诊随访", "services": ["health", "nutrition"]},
    )
    referral.refresh_from_db()
    assert referral.status == "completed"
    assert referral.services_delivered == ["health", "nutrition"]
    assert list(referral.events.values_list("status", flat=True)) == ["sent", "accepted", "completed"]
    assert partner.get(reverse("referral_detail", args=[referral.uuid])).status_code == 404
    assert Alert.objects.filter(kind="referral_completed", recipient=people["cwd_a"]).exists()
    # The CWD still sees the whole history on the child's page.
    html = login(people["cwd_a"]).get(reverse("child_referrals", args=[kids["a"].uuid])).content.decode()
    assert clinic.name in html


def test_other_organisations_and_other_villages_see_nothing(people, geo, kids, clinic, login):
    refer(login(people["cwd_a"]), kids["a"], clinic)
    referral = Referral.objects.get()
    other_org = Organisation.objects.create(
        name="新政镇卫生院", type="township_health_centre", division=geo["t2"], services=["health"]
    )
    outsider = make_user("partner2", "partner", organisation=other_org)
    for user in (outsider, people["cwd_b"], people["supervisor_t2"], people["other_county"], people["cwd_d"]):
        client = login(user)
        assert client.get(reverse("referral_detail", args=[referral.uuid])).status_code == 404
        for step in ("accept", "decline", "complete", "close"):
            client.post(reverse("referral_step", args=[referral.uuid, step]), {"reason": "x", "note": "x"})
        assert kids["a"].name not in client.get(reverse("referral_list")).content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_only_the_receiving_partner_answers_and_staff_close(people, kids, clinic, login):
    refer(login(people["cwd_a"]), kids["a"], clinic)
    referral = Referral.objects.get()
    login(people["cwd_a"]).post(reverse("referral_step", args=[referral.uuid, "accept"]), {"note": ""})
    referral.refresh_from_db()
    assert referral.status == "sent"
    login(people["partner"]).post(reverse("referral_step", args=[referral.uuid, "decline"]), {"reason": "无儿科医生"})
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert referral.closing_reason == "无儿科医生"


def test_overdue_referrals_escalate_to_the_supervisor_then_the_county(people, kids, clinic, login):
    refer(login(people["cwd_a"]), kids["a"], clinic)
    referral = Referral.objects.get()
    later = referral.respond_by + timedelta(hours=1)
    escalate_overdue(later)
    escalate_overdue(later)
    assert Alert.objects.filter(kind="referral_overdue", recipient=people["supervisor"]).count() == 1
    assert not Alert.objects.filter(kind="referral_overdue", recipient=people["county"]).exists()
    escalate_overdue(referral.respond_by + timedelta(hours=30))
    assert Alert.objects.filter(kind="referral_overdue", recipient=people["county"]).count() == 1
    supervisor = login(people["supervisor"])
    assert kids["a"].name not in supervisor.get(reverse("referral_list"), {"show": "overdue"}).content.decode()
    Referral.objects.update(respond_by=timezone.now() - timedelta(hours=1))
    assert kids["a"].name in supervisor.get(reverse("referral_list"), {"show": "overdue"}).content.decode()


def test_suggestions_match_service_and_area_least_loaded_first(people, geo, kids, clinic, login):
    busy = Organisation.objects.create(
        name="县人民医院", type="county_hospital", division=geo["county"], services=["health"], capacity=1
    )
    Organisation.objects.create(
        name="南部县医院", type="county_hospital", division=geo["other_county"], services=["health"]
    )
    client = login(people["cwd_a"])
    refer(client, kids["a"], busy)  # the hospital is now at capacity
    page = client.get(reverse("referral_new", args=[kids["a"].uuid]), {"service": "health"})
    names = [o.name for o in page.context["suggested"]]
    assert names == [clinic.name, busy.name]  # the other county's hospital does not serve this village


def test_directory_is_managed_by_the_county(people, geo, login):
    county = login(people["county"])
    response = county.post(
        reverse("organisation_new"),
        {
            "name": "仪陇县未成年人救助保护中心",
            "type": "protection_centre",
            "division": geo["county"].code,
            "services": ["temporary_care", "protection"],
            "phone": "0817-1234567",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="仪陇县未成年人救助保护中心").services == ["temporary_care", "protection"]
    assert login(people["supervisor"]).get(reverse("organisation_new")).status_code == 404
    assert login(people["partner"]).get(reverse("directory")).status_code == 404


def test_a_transferred_childs_referrals_follow_the_child(people, geo, kids, clinic, login):
    refer(login(people["cwd_a"]), kids["a"], clinic)
    login(people["supervisor"]).post(
        reverse("child_transfer", args=[kids["a"].uuid]),
        {"to_village": geo["village_b"].code, "transferred_on": timezone.localdate().isoformat()},
    )
    referral = Referral.objects.get()
    assert referral.village_id == geo["village_b"].code
    assert not login(people["cwd_a"]).get(reverse("referral_list")).context["page"].object_list
    assert [r.child for r in login(people["cwd_b"]).get(reverse("referral_list")).context["page"]] == [kids["a"]]
