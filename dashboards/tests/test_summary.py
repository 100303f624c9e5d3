"""The summary at the top of the follow-up page and the overview: where children are being
missed, area by area, worst first, within the user's scope."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from children.choices import Status
from conftest import make_child
from dashboards.tests.test_protection import _referral, _tier
from followup.models import FollowUp
from partners.models import Organisation
from reports.actions import do_file_report
from reports.models import MandatoryReport
from reports.tests.conftest import new_report
from schools.models import SchoolUpload, UnmatchedRow

TODAY = timezone.localdate()


def _late(child, tier, days=3):
    _tier(child, tier)
    FollowUp.objects.filter(child=child).update(due_on=TODAY - timedelta(days=days))


def _unmatched(school_area, rows=1):
    school = Organisation.objects.create(name=f"{school_area.name}小学", type="school", division=school_area)
    upload = SchoolUpload.objects.create(school=school, kind=SchoolUpload.Kind.SHEET, total_rows=rows)
    for n in range(rows):
        UnmatchedRow.objects.create(upload=upload, row_number=n + 1, problem=UnmatchedRow.Problem.NOT_FOUND)


def test_the_county_sees_each_township_s_problems_worst_first(people, geo, login):
    red_alone = make_child(geo["village_a"], "无人管")  # red, late, nobody has reported
    red_reported = make_child(geo["village_a"], "已报告")  # red, late, a report is open
    late_yellow = make_child(geo["village_c"], "黄色")
    _late(red_alone, "red")
    _late(red_reported, "red")
    _late(late_yellow, "yellow")
    report = do_file_report(people["cwd_a"], new_report(red_reported))
    MandatoryReport.objects.filter(pk=report.pk).update(feedback_due_on=TODAY - timedelta(days=1))
    _referral(late_yellow, people["partner"].organisation, overdue=True)
    make_child(geo["village_b"], "待确认", status=Status.REGISTERED)
    make_child(geo["village_c"], "待启用", status=Status.CONFIRMED)
    _unmatched(geo["t2"], rows=2)
    other = make_child(geo["village_d"], "外县")  # the other county: in no figure
    _late(other, "red")
    _unmatched(geo["other_county"])

    response = login(people["county"]).get(reverse("followup_overdue"), HTTP_ACCEPT_LANGUAGE="en")
    total = response.context["total"]
    assert (total.overdue, total.overdue_red, total.red_unattended) == (3, 2, 1)
    assert (total.reports_open, total.feedback_overdue, total.referrals_overdue) == (1, 1, 1)
    assert (total.waiting, total.unmatched) == (2, 2)
    t1, t2 = response.context["areas"]  # township 1 first: a red child nobody has acted on
    assert (t1.division, t1.overdue, t1.overdue_red, t1.red_unattended, t1.feedback_overdue, t1.waiting) == (
        geo["t1"], 2, 2, 1, 1, 1,
    )  # fmt: skip
    assert (t2.division, t2.overdue, t2.red_unattended, t2.referrals_overdue, t2.unmatched, t2.waiting) == (
        geo["t2"], 1, 0, 1, 2, 1,
    )  # fmt: skip
    assert [fu.child for fu in response.context["red"]] == [red_alone]
    html = response.content.decode()
    assert "2 townships need attention, worst first." in html
    assert html.index("Where children are being missed") < html.index("无人管")

    # The overview shows the same totals in its summary.
    overview = login(people["county"]).get(reverse("overview")).context["summary"]
    assert (overview.overdue, overview.red_unattended, overview.waiting, overview.unmatched) == (3, 1, 2, 2)


def test_a_supervisor_sees_villages_and_nothing_of_the_other_township(people, geo, login):
    red = make_child(geo["village_a"], "无人管")
    _late(red, "red")
    _late(make_child(geo["village_c"], "别乡"), "red")
    _unmatched(geo["t1"])
    response = login(people["supervisor"]).get(reverse("followup_overdue"))
    total = response.context["total"]
    assert (total.overdue, total.red_unattended, total.unmatched) == (1, 1, 1)
    # A school serves the township: its unmatched rows are in the total, not in one village's row.
    assert [(r.division, r.red_unattended, r.unmatched) for r in response.context["areas"]] == [
        (geo["village_a"], 1, 0)
    ]
    assert [fu.child for fu in response.context["red"]] == [red]
    # A township of the county is not the supervisor's to look at.
    assert login(people["supervisor"]).get(reverse("followup_overdue"), {"area": geo["t2"].code}).status_code == 404


def test_the_county_can_open_one_township_s_villages(people, geo, login):
    _late(make_child(geo["village_c"], "乡二"), "red")
    response = login(people["county"]).get(reverse("followup_overdue"), {"area": geo["t2"].code})
    assert [r.division for r in response.context["areas"]] == [geo["village_c"]]
    assert response.context["breadcrumbs"][-1] == geo["county"]
