"""Who reaches what: school staff reach only their own submissions and never the registry; staff
reach no school page; the child's profile shows the school's reports to those who see the child."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_child
from schools.models import SchoolUpload
from schools.panels import child_context

from .helpers import csv_file, days_ago, pupil_rows

pytestmark = pytest.mark.django_db

SCHOOL_PAGES = ["school_home", "school_sheet_template"]


def upload(client, rows) -> SchoolUpload:
    client.post(reverse("school_upload_sheet"), {"sheet": csv_file(rows)})
    return SchoolUpload.objects.latest("id")


def test_school_staff_land_on_the_school_page(people, teacher, login):
    response = login(teacher).get(reverse("home"))
    assert response.url == reverse("school_home")
    # Other partner staff still land on their referrals.
    assert login(people["partner"]).get(reverse("home")).url == reverse("referral_list")


def test_school_staff_never_reach_the_registry(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    client = login(teacher)
    upload(client, pupil_rows(child, [1]))
    assert client.get(reverse("child_detail", args=[child.uuid])).status_code == 404
    assert "张伟" not in client.get(reverse("roster")).content.decode()
    assert client.get("/api/v1/children/").json()["count"] == 0
    assert client.get(f"/api/v1/children/{child.uuid}").status_code == 404


def test_other_schools_uploads_are_missing(geo, people, teacher, other_teacher, login):
    child = make_child(geo["village_a"], "张伟")
    record = upload(login(teacher), [*pupil_rows(child, [1]), ["某某", "", "2014-01-01", "", days_ago(1), "否", ""]])
    assert record.unmatched_rows == 1
    client = login(other_teacher)
    assert client.get(reverse("school_upload", args=[record.uuid])).status_code == 404
    assert client.get(reverse("school_unmatched_csv", args=[record.uuid])).status_code == 404
    assert "absences.csv" not in client.get(reverse("school_home")).content.decode()
    assert login(teacher).get(reverse("school_upload", args=[record.uuid])).status_code == 200


def test_staff_get_404_on_school_pages(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    record = upload(login(teacher), pupil_rows(child, [1]))
    for who in ("cwd_a", "supervisor", "county", "partner", "admin"):
        client = login(people[who])
        for name in SCHOOL_PAGES:
            assert client.get(reverse(name)).status_code == 404, (who, name)
        assert client.get(reverse("school_upload", args=[record.uuid])).status_code == 404, who
        assert client.get(reverse("school_unmatched_csv", args=[record.uuid])).status_code == 404, who
        response = client.post(reverse("school_upload_sheet"), {"sheet": csv_file(pupil_rows(child, [2]))})
        assert response.status_code == 404, who
    assert SchoolUpload.objects.count() == 1


def test_inactive_school_organisation_loses_access(people, teacher, login):
    teacher.organisation.is_active = False
    teacher.organisation.save()
    assert login(teacher).get(reverse("school_home")).status_code == 404


def test_profile_shows_absences_to_those_who_see_the_child(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    upload(login(teacher), pupil_rows(child, [1, 2, 3]) + pupil_rows(child, [4], excused="是", reason="病假"))
    page = (
        login(people["cwd_a"])
        .get(reverse("child_detail", args=[child.uuid]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "3 unexcused absences in the last 30 days" in page
    assert "4 in all" in page
    assert "金城镇中心小学" in page
    assert "病假" in page
    assert login(people["cwd_b"]).get(reverse("child_detail", args=[child.uuid])).status_code == 404
    with CaptureQueriesContext(connection) as queries:
        context = child_context(people["cwd_a"], child)
    assert len(queries) <= 3
    assert (context["school_absences"]["unexcused_30d"], context["school_absences"]["total"]) == (3, 4)


def test_profile_without_school_reports_shows_nothing(geo, people, login):
    child = make_child(geo["village_a"], "张伟")
    page = login(people["cwd_a"]).get(reverse("child_detail", args=[child.uuid])).content.decode()
    assert 'id="school"' not in page


def test_the_schools_uploads_page_with_their_total(school, other_school, teacher, login):
    SchoolUpload.objects.bulk_create(
        [SchoolUpload(school=school, kind="form", file_name=f"ours{i}.csv") for i in range(32)]
        + [SchoolUpload(school=other_school, kind="form", file_name="theirs.csv")]
    )
    client = login(teacher)
    first = client.get(reverse("school_home")).content.decode()
    assert 'id="uploads-total">32<' in first
    assert first.count("ours") == 30
    second = client.get(reverse("school_home") + "?page=2").content.decode()
    assert second.count("ours") == 2
    assert "theirs.csv" not in first + second
