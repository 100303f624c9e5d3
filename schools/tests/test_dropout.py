"""A school reports a dropout (MPL Art. 28): recorded, the child's schooling changed with an
audit row, a return-to-school referral to the education bureau on that legal basis, alerts."""

import pytest
from django.urls import reverse

from alerts.kinds import alert_text
from alerts.models import Alert
from audit.models import AuditEvent
from conftest import make_child
from followup.models import FollowUp
from referrals.alert_kinds import REFERRAL_ACCEPTED, REFERRAL_NEW
from referrals.models import Referral
from schools.alert_kinds import DROPOUT
from schools.models import Dropout, UnmatchedRow

from .helpers import days_ago

pytestmark = pytest.mark.django_db


def report(client, child, capture, **extra):
    data = {
        "dropout-name": child.name,
        "dropout-id_number": child.id_number,
        "dropout-left_on": days_ago(3).isoformat(),
        "dropout-reason": "随父母外出打工，电话劝返未果",
        **extra,
    }
    with capture(execute=True):
        return client.post(reverse("school_report_dropout"), data, follow=True)


def test_dropout_refers_to_the_education_bureau_and_alerts(
    geo, people, teacher, bureau, bureau_officer, login, django_capture_on_commit_callbacks
):
    child = make_child(geo["village_a"], "张伟")
    response = report(login(teacher), child, django_capture_on_commit_callbacks)
    assert "仪陇县教育局" in response.content.decode()
    dropout = Dropout.objects.get()
    assert (dropout.child, dropout.school.name, dropout.left_on) == (child, "金城镇中心小学", days_ago(3))
    child.refresh_from_db()
    assert child.schooling_status == "dropped_out"
    assert AuditEvent.objects.filter(child=child, details__schooling_status=["primary", "dropped_out"]).exists()
    referral = Referral.objects.get()
    assert dropout.referral == referral
    assert (referral.organisation, referral.service, referral.urgency, referral.status) == (
        bureau,
        "school_return",
        "high",
        "sent",
    )
    assert referral.statutory_basis.startswith("MPL Art. 28")
    assert not referral.child_consent
    assert not referral.guardian_consent
    assert referral.need == "随父母外出打工，电话劝返未果"
    dropout_alerts = Alert.objects.filter(kind=DROPOUT)
    assert set(dropout_alerts.values_list("recipient__username", flat=True)) == {"cwd_a", "sup1"}
    assert "仪陇县教育局" in alert_text(dropout_alerts.first())
    assert Alert.objects.get(kind=REFERRAL_NEW).recipient == bureau_officer
    assert FollowUp.objects.get(child=child).tier in ("yellow", "red")
    # The county and the bureau see the legal basis on the referral.
    for user in (people["county"], bureau_officer):
        page = login(user).get(reverse("referral_detail", args=[referral.uuid]), HTTP_ACCEPT_LANGUAGE="en")
        assert "MPL Art. 28" in page.content.decode()
    # The CWD sees the dropout on the child's file.
    page = login(people["cwd_a"]).get(reverse("child_detail", args=[child.uuid])).content.decode()
    assert "data-dropout" in page
    assert "随父母外出打工" in page


def test_second_report_does_not_open_a_second_referral(
    geo, people, teacher, bureau, login, django_capture_on_commit_callbacks
):
    child = make_child(geo["village_a"], "张伟")
    client = login(teacher)
    report(client, child, django_capture_on_commit_callbacks)
    report(client, child, django_capture_on_commit_callbacks, **{"dropout-left_on": days_ago(1).isoformat()})
    assert Dropout.objects.count() == 2
    assert Referral.objects.count() == 1


def test_without_an_education_bureau_still_records_and_tells_the_school(
    geo, people, teacher, login, django_capture_on_commit_callbacks
):
    child = make_child(geo["village_a"], "张伟")
    page = report(login(teacher), child, django_capture_on_commit_callbacks).content.decode()
    assert "no education bureau in the partner directory" in page
    assert Dropout.objects.get().referral is None
    assert not Referral.objects.exists()
    alert = Alert.objects.get(kind=DROPOUT, recipient=people["cwd_a"])
    assert "the county must add it" in alert_text(alert)


def test_unmatched_dropout_is_kept_for_the_school(
    geo, people, teacher, bureau, login, django_capture_on_commit_callbacks
):
    child = make_child(geo["village_d"], "赵敏")  # another county
    page = report(login(teacher), child, django_capture_on_commit_callbacks).content.decode()
    assert "matched no registered child" in page
    assert not Dropout.objects.exists()
    assert not Referral.objects.exists()
    assert UnmatchedRow.objects.get().data["name"] == "赵敏"
    assert 'data-row="1"' in page


def test_a_bureau_user_is_not_school_staff(geo, people, bureau_officer, login):
    assert login(bureau_officer).get(reverse("school_home")).status_code == 404


def test_the_bureaus_answer_reaches_the_childs_cwd_not_the_school(
    geo, people, teacher, bureau, bureau_officer, login, django_capture_on_commit_callbacks
):
    from referrals.actions import do_accept

    child = make_child(geo["village_a"], "张伟")
    report(login(teacher), child, django_capture_on_commit_callbacks)
    do_accept(bureau_officer, Referral.objects.get(), "已安排劝返")
    accepted = Alert.objects.filter(kind=REFERRAL_ACCEPTED)
    # The school cannot open a referral made to the bureau; the village CWD follows it up.
    assert list(accepted.values_list("recipient__username", flat=True)) == ["cwd_a"]
