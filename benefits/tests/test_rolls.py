"""Payment standards, the monthly roll, payments, arrears and corrections; finance sees the roll only."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from benefits import actions
from benefits.models import Benefit, PaymentStandard
from benefits.services import nightly
from children import choices as c
from conftest import make_child
from core.errors import ActionError

from .conftest import DEAD, PRISON, TODAY, approved

D = Decimal
JAN, FEB, MAR = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)


@pytest.fixture
def two(people, geo, standards):
    """Two de facto unsupported children of village A, paid from January 2025."""
    a = make_child(
        geo["village_a"], "周小雨", father=PRISON, mother=DEAD, categories=(c.Category.DE_FACTO_UNSUPPORTED,)
    )
    b = make_child(
        geo["village_a"], "=HYPERLINK(1)", father=PRISON, mother=DEAD, categories=(c.Category.DE_FACTO_UNSUPPORTED,)
    )
    return approved(a, people, start=JAN).approved_benefit, approved(b, people, start=JAN).approved_benefit


def lines(roll, **kw):
    return list(
        roll.lines.filter(**kw)
        .order_by("child_id", "month")
        .values_list("child_id", "month", "kind", "amount", "change")
    )


def test_roll_builds_one_line_per_child_at_the_standard_in_force(people, two):
    roll = actions.do_build_roll(people["county"], JAN)
    assert [r[3] for r in lines(roll)] == [D("1593.40"), D("1593.40")]
    assert all(r[4] == "new" for r in lines(roll))
    assert AuditEvent.objects.filter(action="ben_roll").exists()


def test_issued_roll_never_changes_and_the_next_compares(people, two, geo):
    jan = actions.do_build_roll(people["county"], JAN)
    actions.do_issue_roll(people["county"], jan)
    with pytest.raises(ActionError):
        actions.do_build_roll(people["county"], JAN)
    # The standard rises from February; January stays as it was issued.
    actions.do_set_standard(people["county"], category="de_facto_unsupported", effective_from=FEB, amount=D("1650.00"))
    # One child's parent is released in January: the allowance stops from February.
    a, b = two
    Benefit.objects.filter(pk=a.pk).update(stop_month=FEB, exit_reason="parent_returned", exit_on=date(2025, 1, 20))
    feb = actions.do_build_roll(people["county"], FEB)
    jan.refresh_from_db()
    assert [r[3] for r in lines(jan)] == [D("1593.40"), D("1593.40")]
    assert lines(feb) == [(b.child_id, FEB, "monthly", D("1650.00"), "amount")]
    assert feb.comparison["changed"] == 1
    assert feb.comparison["new"] == 0
    assert [s["reason"] for s in feb.comparison["stopped"]] == ["parent_returned"]


def test_payments_returned_months_come_back_as_arrears(people, two):
    a, b = two
    jan = actions.do_build_roll(people["county"], JAN)
    actions.do_issue_roll(people["county"], jan)
    returned = jan.lines.get(benefit=a)
    actions.do_record_payments(people["county"], jan, outcome="returned", line_ids=[returned.pk])
    actions.do_record_payments(people["county"], jan, outcome="paid")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.last_paid_month is None
    assert b.last_paid_month == JAN
    feb = actions.do_build_roll(people["county"], FEB)
    assert lines(feb, kind="arrears") == [(a.child_id, JAN, "arrears", D("1593.40"), "new")]
    assert feb.comparison["arrears"] == 1


def test_late_approval_pays_arrears_at_each_months_standard(people, geo, standards):
    PaymentStandard.objects.create(
        division=geo["county"], category="de_facto_unsupported", effective_from=FEB, amount=D("1700")
    )
    child = make_child(
        geo["village_a"], "晚批", father=PRISON, mother=DEAD, categories=(c.Category.DE_FACTO_UNSUPPORTED,)
    )
    benefit = approved(child, people, start=JAN).approved_benefit
    mar = actions.do_build_roll(people["county"], MAR)
    assert lines(mar) == [
        (child.pk, JAN, "arrears", D("1593.40"), "new"),
        (child.pk, FEB, "arrears", D("1700.00"), "new"),
        (child.pk, MAR, "monthly", D("1700.00"), "new"),
    ]
    # A correction is an explicit line; rebuilding keeps it.
    actions.do_add_correction(people["county"], mar, benefit, month=FEB, amount=D("-100"), note="二月多发")
    mar = actions.do_build_roll(people["county"], MAR)
    assert len(lines(mar, kind="correction")) == 1


def test_roll_pages_and_export(people, two, login, finance):
    roll = actions.do_build_roll(people["county"], JAN)
    r = login(people["county"]).get(reverse("benefit_roll", args=[roll.uuid]))
    assert r.status_code == 200
    assert b"3186.80" in r.content
    r = login(finance).get(reverse("benefit_roll", args=[roll.uuid]))
    assert r.status_code == 200
    assert b"3186.80" in r.content
    assert b'data-form="issue"' not in r.content
    r = login(finance).get(reverse("benefit_roll_xlsx", args=[roll.uuid]))
    ws = load_workbook(io.BytesIO(r.content)).active
    values = [cell for row in ws.iter_rows(values_only=True) for cell in row]
    assert "'=HYPERLINK(1)" in values
    assert "=HYPERLINK(1)" not in values
    assert values.count(3186.8) == 1 or D("3186.80") in [D(str(v)) for v in values if isinstance(v, (int, float))]
    assert AuditEvent.objects.filter(action="ben_roll", actor=finance).count() == 3  # summary + 2 children
    # Finance cannot build, issue, pay, nor open a child.
    assert login(finance).post(reverse("benefit_roll_step", args=[roll.uuid, "issue"])).status_code == 404
    assert login(finance).get(reverse("child_detail", args=[two[0].child.uuid])).status_code == 404
    assert login(finance).get(reverse("benefit_detail", args=[two[0].uuid])).status_code == 404


def test_rolls_are_out_of_reach_for_others(people, two, login):
    roll = actions.do_build_roll(people["county"], JAN)
    for who in ("cwd_a", "supervisor", "other_county", "partner"):
        assert login(people[who]).get(reverse("benefit_roll", args=[roll.uuid])).status_code == 404, who
        assert login(people[who]).get(reverse("benefit_roll_xlsx", args=[roll.uuid])).status_code == 404, who
    with pytest.raises(ActionError):
        actions.do_build_roll(people["supervisor"], JAN)


def test_amounts_only_for_county_and_finance(people, two, login):
    roll = actions.do_build_roll(people["county"], JAN)
    actions.do_issue_roll(people["county"], roll)
    url = reverse("benefit_detail", args=[two[0].uuid])
    assert b"1593.40" not in login(people["cwd_a"]).get(url).content
    assert b"1593.40" in login(people["county"]).get(url).content


def test_nightly_alerts(people, geo, standards):
    child = make_child(
        geo["village_a"],
        "将满",
        dob=TODAY.replace(year=TODAY.year - 18) + timedelta(days=20),
        father=PRISON,
        mother=DEAD,
        categories=(c.Category.DE_FACTO_UNSUPPORTED,),
    )
    benefit = approved(child, people, start=JAN).approved_benefit
    Benefit.objects.filter(pk=benefit.pk).update(next_recheck_on=TODAY - timedelta(days=1))
    # The father is released: the file no longer shows the child as de facto unsupported.
    child.household.parents.filter(role="father").update(condition="", condition_start=None)
    counts = nightly(TODAY)
    assert counts["benefit_near_18"] == 1
    assert counts["benefit_recheck_due"] == 1
    assert counts["benefit_mismatch"] == 1
    assert nightly(TODAY)["alerts"] == 0  # a second run raises nothing twice
