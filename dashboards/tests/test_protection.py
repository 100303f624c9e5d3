"""The overview's protection table: tiers, reports and referrals per area, within the user's scope."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from conftest import make_child
from dashboards.protection import protection_overview
from followup.models import FollowUp
from referrals.models import Referral
from reports.actions import do_file_report
from reports.models import MandatoryReport
from reports.tests.conftest import new_report


def _tier(child, tier):
    FollowUp.objects.create(
        child=child,
        village_id=child.village_id,
        tier=tier,
        computed_tier=tier,
        due_on=timezone.localdate(),
        computed_at=timezone.now(),
    )


def _referral(child, org, *, overdue=False):
    now = timezone.now()
    return Referral.objects.create(
        child=child,
        village_id=child.village_id,
        organisation=org,
        service="health",
        need="体检",
        guardian_consent=True,
        respond_by=now - timedelta(hours=1) if overdue else now + timedelta(days=3),
    )


def test_counts_roll_up_by_township_and_stay_in_scope(people, geo, kids, login):
    org = people["partner"].organisation
    a2 = make_child(geo["village_a"], "刘小虎")
    _tier(kids["a"], "red")
    _tier(a2, "yellow")
    _tier(kids["c"], "red")
    _tier(kids["d"], "red")  # the other county
    do_file_report(people["cwd_a"], new_report(kids["a"]))
    late = do_file_report(people["cwd_c"], new_report(kids["c"]))
    MandatoryReport.objects.filter(pk=late.pk).update(feedback_due_on=timezone.localdate() - timedelta(days=1))
    _referral(kids["a"], org, overdue=True)
    _referral(a2, org)
    _referral(kids["d"], org)

    rows, total = protection_overview(people["county"], geo["county"])
    t1, t2 = rows
    assert (t1.division, t1.red, t1.yellow, t1.reports_year, t1.reports_open, t1.feedback_overdue) == (
        geo["t1"],
        1,
        1,
        1,
        1,
        0,
    )
    assert (t1.referrals_open, t1.referrals_overdue) == (2, 1)
    assert (t2.red, t2.reports_open, t2.feedback_overdue, t2.referrals_open) == (1, 1, 1, 0)
    assert (total.red, total.reports_year, total.referrals_open) == (2, 2, 2)  # nothing from the other county

    # A township supervisor sees their villages only.
    rows, total = protection_overview(people["supervisor"], geo["t1"])
    assert [r.division for r in rows] == [geo["village_a"], geo["village_b"]]
    assert (rows[0].red, rows[0].yellow, rows[0].referrals_overdue, total.feedback_overdue) == (1, 1, 1, 0)

    page = login(people["county"]).get(reverse("overview")).content.decode()
    assert 'class="overview protection"' in page
