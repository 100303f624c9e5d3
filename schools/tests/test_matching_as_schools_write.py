"""Issue 11: school sheets as schools really write them. Most registry files have an ID number
and most sheets give only name and date of birth, written in many ways; a pupil's sheet row must
still reach the child's file, and its CWD the truancy alert. A contradicting ID number, several
children with one name and birth, and children outside the catchment are never matched, and the
school reads only "not matched"."""

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alerts.kinds import alert_text
from alerts.models import Alert
from children.identity import make_id_number
from conftest import make_child
from schools.alert_kinds import SCHOOL_AMBIGUOUS, TRUANCY
from schools.models import Absence, SchoolUpload, UnmatchedRow

from .helpers import csv_file, days_ago, pupil_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

BORN = date(2015, 3, 8)  # make_child's default date of birth


def send(client, rows, *, xlsx: bool = False) -> SchoolUpload:
    sheet = SimpleUploadedFile("缺勤.xlsx", xlsx_bytes(rows)) if xlsx else csv_file(rows)
    response = client.post(reverse("school_upload_sheet"), {"sheet": sheet})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SchoolUpload.objects.latest("id")


def row(name, *, id_number="", born="2015-03-08", day=1, klass="三年级2班"):
    return [name, id_number, born, klass, days_ago(day).isoformat(), "否", ""]


def test_pupils_given_by_name_and_birth_match_files_that_have_an_id_number(geo, people, teacher, login):
    """The field trial's sheet: two real pupils by name and date of birth, three rows, 0 matched."""
    hu = make_child(geo["village_a"], "刘小虎")
    mei = make_child(geo["village_b"], "陈美", dob=date(2016, 9, 1), sex="F")
    assert hu.id_number
    assert mei.id_number
    rows = [row("刘小虎", day=1), row("刘小虎", day=2), row("陈美", born="2016-09-01", day=1)]
    record = send(login(teacher), rows)
    assert (record.matched_rows, record.unmatched_rows) == (3, 0)
    assert sorted(Absence.objects.values_list("child__name", flat=True)) == ["刘小虎", "刘小虎", "陈美"]


def test_truancy_by_name_and_birth_reaches_the_cwd_of_a_child_with_an_id_number(
    geo, people, teacher, login, django_capture_on_commit_callbacks
):
    child = make_child(geo["village_a"], "刘小虎")
    with django_capture_on_commit_callbacks(execute=True):
        send(login(teacher), pupil_rows(child, [1, 2, 3, 4, 5], with_id=False))
    alert = Alert.objects.get(kind=TRUANCY)
    assert (alert.recipient, alert.child) == (people["cwd_a"], child)
    assert "5" in alert_text(alert)


def test_an_id_number_that_contradicts_the_files_is_never_matched_by_name(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    another = make_id_number("511324", child.date_of_birth, 88, "M")  # valid, same birth, another child
    assert another != child.id_number
    record = send(login(teacher), [row("张伟", id_number=another)])
    assert (record.matched_rows, record.unmatched_rows) == (0, 1)
    assert UnmatchedRow.objects.get().problem == "not_found"
    assert not Absence.objects.exists()


def test_an_id_number_matches_by_name_and_birth_a_file_that_has_none(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟", with_id=False)
    number = make_id_number("511324", BORN, 12, "M")
    record = send(login(teacher), [row("张伟", id_number=number, born="")])
    assert record.matched_rows == 1
    assert Absence.objects.get().child == child


@pytest.mark.parametrize(
    "written", ["张 伟", "张　伟", " 张伟 ", "Zhang Wei", "zhangwei", "ZHANG WEI", "Ｚｈａｎｇ　Ｗｅｉ", "Zhāng Wěi"]
)
def test_names_written_with_spaces_full_width_or_in_pinyin(geo, people, teacher, login, written):
    child = make_child(geo["village_a"], "张伟")
    record = send(login(teacher), [row(written)])
    assert record.matched_rows == 1
    assert Absence.objects.get().child == child


def test_a_minority_name_with_or_without_its_dot(geo, people, teacher, login):
    child = make_child(geo["village_a"], "阿依古丽·买买提", sex="F")
    send(login(teacher), [row("阿依古丽买买提", day=1), row("阿依古丽.买买提", day=2)])
    assert list(Absence.objects.values_list("child", flat=True)) == [child.pk, child.pk]


def test_the_name_as_written_wins_over_a_homophone_but_pinyin_alone_is_ambiguous(geo, people, teacher, login):
    wei = make_child(geo["village_a"], "张伟")
    make_child(geo["village_b"], "张玮")  # same birth, same pinyin
    record = send(login(teacher), [row("张 伟", day=1), row("zhang wei", day=2)])
    assert (record.matched_rows, record.unmatched_rows) == (1, 1)
    assert Absence.objects.get().child == wei
    assert UnmatchedRow.objects.get().row_number == 3


def test_another_name_with_the_same_birth_is_not_matched(geo, people, teacher, login):
    make_child(geo["village_a"], "张伟")
    record = send(login(teacher), [row("张小伟"), row("王伟", day=2)])
    assert record.matched_rows == 0


@pytest.mark.parametrize(
    "born",
    [
        "2015.3.8",
        "2015.03.08",
        "2015/03/08",
        "2015/3/8",
        "20150308",
        "2015年3月8日",
        "2015-3-8",
        "２０１５－０３－０８",  # full-width digits
        datetime(2015, 3, 8),  # an Excel date cell
        (BORN - date(1899, 12, 30)).days,  # an Excel date shown as a number
        20150308,  # typed as a number
    ],
)
def test_dates_of_birth_written_the_ways_schools_write_them(geo, people, teacher, login, born):
    child = make_child(geo["village_a"], "刘小虎")
    record = send(login(teacher), [["刘小虎", None, born, "三年级2班", days_ago(1), "否", None]], xlsx=True)
    assert record.matched_rows == 1
    assert Absence.objects.get().child == child


def test_name_and_birth_never_reach_outside_the_catchment(geo, people, teacher, login):
    make_child(geo["village_c"], "刘小虎")  # another township, with an ID number
    make_child(geo["village_d"], "刘小虎")  # another county
    record = send(login(teacher), [row("刘小虎")])
    assert (record.matched_rows, record.unmatched_rows) == (0, 1)
    assert UnmatchedRow.objects.get().problem == "not_found"  # not "ambiguous": they are out of reach


def test_same_name_and_birth_tells_the_cwds_and_supervisor_but_not_the_school(
    geo, people, teacher, login, django_capture_on_commit_callbacks
):
    one = make_child(geo["village_a"], "刘洋")
    two = make_child(geo["village_b"], "刘洋")  # a duplicate file, or another child: the sheet cannot tell
    make_child(geo["village_c"], "刘洋")  # outside the school's township: never a candidate
    client = login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        record = send(client, [row("刘洋", day=1), row("刘洋", day=2)])
        send(client, [row("刘洋", day=3)])  # next week's sheet: no second alert
    assert (record.matched_rows, record.unmatched_rows) == (0, 2)
    assert not Absence.objects.exists()
    alerts = Alert.objects.filter(kind=SCHOOL_AMBIGUOUS)
    assert sorted((a.recipient.username, a.child.pk) for a in alerts) == sorted(
        [("cwd_a", one.pk), ("cwd_b", two.pk), ("sup1", one.pk), ("sup1", two.pk)]
    )
    text = alert_text(alerts.get(recipient=people["cwd_a"]))
    assert "金城镇中心小学" in text
    assert "2015-03-08" in text
    assert "2 children" in text
    assert not Alert.objects.filter(recipient__in=[teacher, people["cwd_c"], people["supervisor_t2"]]).exists()
    # The school's page and download say "not matched" and nothing of other children.
    page = client.get(reverse("school_upload", args=[record.uuid])).content.decode()
    assert page.count("No registered child found") == 2
    assert "Several registered children" not in page
    assert "ambiguous" not in page
    download = client.get(reverse("school_unmatched_csv", args=[record.uuid])).content.decode()
    assert "Several" not in download
    assert download.count("No registered child found") == 2


def test_a_dropout_given_by_name_and_birth_reaches_a_file_with_an_id_number(geo, people, teacher, login, bureau):
    child = make_child(geo["village_a"], "刘小虎")
    response = login(teacher).post(
        reverse("school_report_dropout"),
        {
            "dropout-name": "刘 小虎",
            "dropout-date_of_birth": "2015-03-08",
            "dropout-left_on": days_ago(3).isoformat(),
            "dropout-reason": "去广东打工",
        },
    )
    assert response.status_code == 302
    assert child.school_dropouts.get().reason == "去广东打工"
