"""The truancy alert: exactly at the threshold of unexcused absences in 30 days, once per child
per 30 days, to the CWD of the child's village; and the absences feed the risk tier."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alerts.kinds import alert_text
from alerts.models import Alert
from conftest import make_child
from followup.models import FollowUp
from followup.services import build_facts, reassess
from schools.alert_kinds import TRUANCY
from schools.models import Absence

from .helpers import csv_file, days_ago, pupil_rows

pytestmark = pytest.mark.django_db


def send(client, rows, capture):
    with capture(execute=True):
        response = client.post(reverse("school_upload_sheet"), {"sheet": csv_file(rows)})
    assert response.status_code == 302, response.content.decode()[:1000]


def truancy_alerts():
    return Alert.objects.filter(kind=TRUANCY)


def test_alert_exactly_at_the_threshold_to_the_village_cwd(
    geo, people, teacher, login, django_capture_on_commit_callbacks
):
    child = make_child(geo["village_a"], "张伟")
    client = login(teacher)
    send(client, pupil_rows(child, [1, 2, 3, 4]), django_capture_on_commit_callbacks)
    assert not truancy_alerts().exists()
    send(client, pupil_rows(child, [5]), django_capture_on_commit_callbacks)
    alert = truancy_alerts().get()
    assert alert.recipient == people["cwd_a"]
    assert alert.child == child
    assert alert.params == {"count": 5, "days": 30, "school": "金城镇中心小学"}
    assert "5 unexcused absences from 金城镇中心小学 in the last 30 days" in alert_text(alert)
    # At most once in 30 days: more absences, another sheet, no second alert.
    send(client, pupil_rows(child, [6, 7]), django_capture_on_commit_callbacks)
    assert truancy_alerts().count() == 1
    # The CWD sees it in the inbox.
    inbox = login(people["cwd_a"]).get(reverse("inbox")).content.decode()
    assert "unexcused absences" in inbox
    assert child.name in inbox


def test_excused_and_old_absences_do_not_count(geo, people, teacher, login, django_capture_on_commit_callbacks):
    child = make_child(geo["village_a"], "张伟")
    client = login(teacher)
    rows = pupil_rows(child, [1, 2, 3, 4]) + pupil_rows(child, [5, 6], excused="是") + pupil_rows(child, [30, 45])
    send(client, rows, django_capture_on_commit_callbacks)
    assert Absence.objects.filter(child=child).count() == 8
    assert not truancy_alerts().exists()


def test_threshold_setting(geo, people, teacher, login, settings, django_capture_on_commit_callbacks):
    settings.SHOUHU_TRUANCY_ABSENCES = 3
    child = make_child(geo["village_b"], "李娜", sex="F")
    send(login(teacher), pupil_rows(child, [1, 2, 3]), django_capture_on_commit_callbacks)
    assert list(truancy_alerts().values_list("recipient__username", flat=True)) == ["cwd_b"]


def test_five_unexcused_absences_make_the_child_yellow(geo, people, teacher, login, django_capture_on_commit_callbacks):
    child = make_child(geo["village_a"], "张伟", categories=())  # nothing else puts the child in a tier
    reassess([child.pk])
    assert FollowUp.objects.get(child=child).tier != "yellow"
    send(login(teacher), pupil_rows(child, [1, 2, 3, 4, 5]), django_capture_on_commit_callbacks)
    followup = FollowUp.objects.get(child=child)
    assert followup.tier == "yellow"
    assert "school_absences" in [reason[0] for reason in followup.reasons]


def test_facts_count_in_one_query_per_chunk(geo, people, teacher, login, django_capture_on_commit_callbacks):
    children = [make_child(geo["village_a"], f"学生{i}") for i in range(3)]
    send(
        login(teacher),
        pupil_rows(children[0], [1, 2]) + pupil_rows(children[1], [1], excused="是"),
        django_capture_on_commit_callbacks,
    )
    rows = [
        {
            "id": ch.pk,
            "household_id": ch.household_id,
            "date_of_birth": ch.date_of_birth,
            "sex": ch.sex,
            "hukou_type": ch.hukou_type,
            "schooling_status": ch.schooling_status,
            "health_status": ch.health_status,
            "village_id": ch.village_id,
            **{
                f: getattr(ch, f)
                for f in (
                    "cat_rural_left_behind",
                    "cat_difficulty_economic",
                    "cat_difficulty_disability",
                    "cat_difficulty_guardianship",
                    "cat_orphan",
                    "cat_de_facto_unsupported",
                    "cat_other_local",
                )
            },
        }
        for ch in children
    ]
    with CaptureQueriesContext(connection) as queries:
        facts, _overrides = build_facts(rows, days_ago(0))
    assert len([q for q in queries.captured_queries if "schools_absence" in q["sql"]]) == 1
    assert [facts[ch.pk]["unexcused_absences_30d"] for ch in children] == [2, 0, 0]
