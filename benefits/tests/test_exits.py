"""Allowances that stop without an application: a closed file, a move to another county, the 18th
birthday; and returned months the county decides not to pay again."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from alerts.models import Alert
from audit.models import AuditEvent
from benefits import actions
from benefits.services import nightly
from children import choices as c
from children.actions import do_close_child, do_transfer_child
from children.models import Child, EligibilityRules
from conftest import make_child
from core.errors import ActionError

from .conftest import DEAD, PRISON, TODAY, approved

D = Decimal
JAN, FEB, MAR, APR = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)


def _paid_through_feb(people, benefit):
    """Rolls of January and February issued and paid."""
    for m in (JAN, FEB):
        roll = actions.do_build_roll(people["county"], m)
        actions.do_issue_roll(people["county"], roll)
        actions.do_record_payments(people["county"], roll, outcome="paid")


@pytest.fixture
def paid(people, dfu, standards):
    benefit = approved(dfu, people, start=JAN).approved_benefit
    _paid_through_feb(people, benefit)
    return benefit


@pytest.mark.parametrize(
    ("closure", "reason"),
    [
        (c.ClosureReason.DIED, "died"),
        (c.ClosureReason.PARENTS_RETURNED, "parent_returned"),
        (c.ClosureReason.CONDITION_ENDED, "condition_ended"),
        (c.ClosureReason.TURNED_18, "turned_18"),
        (c.ClosureReason.MOVED, "moved"),
        (c.ClosureReason.TRANSFERRED, "moved"),
        (c.ClosureReason.OTHER, "other"),
    ],
)
def test_closing_the_file_stops_the_allowance_from_the_next_month(people, paid, dfu, closure, reason):
    do_close_child(people["cwd_a"], dfu, closure, date(2025, 3, 14))
    paid.refresh_from_db()
    # The month of the closure is still paid; the allowance stops from the next (自次月起停发).
    assert paid.stop_month == APR
    assert paid.exit_reason == reason
    assert paid.exit_on == date(2025, 3, 14)
    assert paid.last_paid_month == FEB  # 末领年月: what the recorded payments show
    event = AuditEvent.objects.filter(action="ben_stop", child=dfu).get()
    assert event.details["automatic"] is True
    assert event.details["last_paid"] == "2025-02"
    # The county officer is told; the CWD who closed the file already knows.
    alert = Alert.objects.get(kind="benefit_stopped")
    assert alert.recipient == people["county"]
    assert alert.params["stop"] == "2025-04"
    assert alert.params["last_paid"] == "2025-02"
    # The next roll leaves the child out from April and says why.
    mar = actions.do_build_roll(people["county"], MAR)
    actions.do_issue_roll(people["county"], mar)
    apr = actions.do_build_roll(people["county"], APR)
    assert not apr.lines.exists()
    assert [s["reason"] for s in apr.comparison["stopped"]] == [reason]


def test_a_file_closed_before_the_first_month_pays_nothing(people, dfu, standards):
    benefit = approved(dfu, people, start=MAR).approved_benefit
    do_close_child(people["cwd_a"], dfu, c.ClosureReason.DIED, date(2025, 1, 20))
    benefit.refresh_from_db()
    assert benefit.stop_month == MAR  # stopped at its first month: none is due
    assert not actions.do_build_roll(people["county"], MAR).lines.exists()


def test_an_application_in_progress_ends_with_the_file(people, dfu):
    app = actions.do_create_application(
        people["cwd_a"], dfu, category="de_facto_unsupported", applicant_name="周奶奶", applicant_relation="祖母"
    )
    actions.do_submit(people["cwd_a"], app, posting_from=TODAY - timedelta(days=3))
    do_close_child(people["cwd_a"], dfu, c.ClosureReason.MOVED, TODAY)
    app.refresh_from_db()
    assert app.status == "refused"
    assert "关闭" in app.refusal_reason or "closed" in app.refusal_reason
    assert app.steps.last().kind == "refused"
    assert AuditEvent.objects.filter(action="ben_decide", child=dfu, details__closed=True).exists()


def test_a_closed_file_with_no_allowance_changes_nothing(people, dfu):
    do_close_child(people["cwd_a"], dfu, c.ClosureReason.DIED, TODAY)
    assert not Alert.objects.filter(kind="benefit_stopped").exists()


def test_moving_to_another_county_stops_here_and_the_paying_county_keeps_the_record(people, geo, paid, dfu, login):
    do_transfer_child(people["admin"], dfu, geo["village_d"], date(2025, 3, 5))
    paid.refresh_from_db()
    assert (paid.stop_month, paid.exit_reason, paid.last_paid_month) == (APR, "moved", FEB)
    assert paid.village_id == geo["village_a"].pk  # still in the list of the county that paid
    alert = Alert.objects.get(kind="benefit_stopped")
    assert alert.recipient == people["county"]
    # The paying county's officer still opens the stopped allowance; the new county does not.
    assert login(people["county"]).get(reverse("benefit_detail", args=[paid.uuid])).status_code == 200
    assert login(people["other_county"]).get(reverse("benefit_detail", args=[paid.uuid])).status_code == 404
    # The alert still names whose allowance it was for the county that paid it.
    page = login(people["county"]).get(reverse("inbox")).content.decode()
    assert dfu.name in page


def test_moving_inside_the_county_keeps_the_allowance(people, geo, paid, dfu):
    do_transfer_child(people["county"], dfu, geo["village_c"], date(2025, 3, 5))
    paid.refresh_from_db()
    assert paid.stop_month is None
    assert paid.village_id == geo["village_c"].pk


def _teen(geo, people, *, turns_18_on, **fields):
    """A de facto unsupported child approved while under 18, whose 18th birthday is `turns_18_on`."""
    child = make_child(
        geo["village_a"], "将满", father=PRISON, mother=DEAD, categories=(c.Category.DE_FACTO_UNSUPPORTED,)
    )
    benefit = approved(child, people, start=JAN).approved_benefit
    dob = turns_18_on.replace(year=turns_18_on.year - 18)
    Child.objects.filter(pk=child.pk).update(date_of_birth=dob, **fields)
    return benefit


def test_turning_18_stops_from_the_month_after_the_birthday(people, geo, standards):
    birthday = TODAY - timedelta(days=3)
    benefit = _teen(geo, people, turns_18_on=birthday)
    counts = nightly(TODAY)
    benefit.refresh_from_db()
    first_not_paid = (birthday.replace(day=1) + timedelta(days=32)).replace(day=1)
    assert counts["stopped_18"] == 1
    assert (benefit.stop_month, benefit.exit_reason, benefit.exit_on) == (first_not_paid, "turned_18", birthday)
    assert Alert.objects.filter(kind="benefit_stopped", recipient=people["county"]).count() == 1
    assert nightly(TODAY)["stopped_18"] == 0  # a second run stops nothing twice


def test_turning_18_is_only_announced_before_the_birthday(people, geo, standards):
    benefit = _teen(geo, people, turns_18_on=TODAY + timedelta(days=10))
    assert nightly(TODAY)["stopped_18"] == 0
    benefit.refresh_from_db()
    assert benefit.stop_month is None


def test_a_local_rule_keeps_paying_after_18_while_at_school(people, geo, standards):
    # Empty condition lists: the national ones (children.assess.rules_for).
    EligibilityRules.objects.create(division=geo["county"], dfu_extend_in_school=True)
    benefit = _teen(
        geo, people, turns_18_on=TODAY - timedelta(days=3), schooling_status=c.SchoolingStatus.SENIOR_MIDDLE
    )
    assert nightly(TODAY)["stopped_18"] == 0
    benefit.refresh_from_db()
    assert benefit.stop_month is None


def test_a_returned_month_marked_not_to_be_repaid_is_no_longer_owed(people, dfu, standards, login):
    benefit = approved(dfu, people, start=JAN).approved_benefit
    jan = actions.do_build_roll(people["county"], JAN)
    actions.do_issue_roll(people["county"], jan)
    line = jan.lines.get(benefit=benefit)
    actions.do_record_payments(people["county"], jan, outcome="returned", line_ids=[line.pk])
    # Others may not decide it; a reason is needed.
    with pytest.raises(ActionError):
        actions.do_mark_not_repaid(people["supervisor"], line, reason="家庭失联")
    with pytest.raises(ActionError):
        actions.do_mark_not_repaid(people["county"], line, reason=" ")
    client = login(people["county"])
    page = client.get(reverse("benefit_roll", args=[jan.uuid]), {"show": "returned"}).content.decode()
    assert 'data-form="not-repaid"' in page
    r = client.post(
        reverse("benefit_roll_step", args=[jan.uuid, "not-repaid"]),
        {"line": line.pk, "reason": "家庭失联，款项退回财政"},
    )
    assert r.status_code == 302
    line.refresh_from_db()
    assert line.not_repaid_on == TODAY
    assert line.not_repaid_by == people["county"]
    assert line.not_repaid_reason == "家庭失联，款项退回财政"
    assert AuditEvent.objects.filter(action="ben_norpy", child=dfu).exists()
    page = client.get(reverse("benefit_roll", args=[jan.uuid]), {"show": "returned"}).content.decode()
    assert f'data-written-off="{dfu.uuid}"' in page
    assert 'data-form="not-repaid"' not in page
    feb = actions.do_build_roll(people["county"], FEB)
    assert not feb.lines.filter(kind="arrears").exists()
    assert feb.lines.get().month == FEB
    # Once only, and only a returned month.
    with pytest.raises(ActionError):
        actions.do_mark_not_repaid(people["county"], line, reason="again")


def test_a_returned_month_not_marked_comes_back_as_arrears(people, dfu, standards):
    benefit = approved(dfu, people, start=JAN).approved_benefit
    jan = actions.do_build_roll(people["county"], JAN)
    actions.do_issue_roll(people["county"], jan)
    actions.do_record_payments(people["county"], jan, outcome="returned")
    feb = actions.do_build_roll(people["county"], FEB)
    assert list(feb.lines.filter(kind="arrears").values_list("benefit_id", "month")) == [(benefit.pk, JAN)]


def test_not_repaid_is_refused_for_a_paid_line_and_by_another_county(people, dfu, standards, login):
    benefit = approved(dfu, people, start=JAN).approved_benefit
    jan = actions.do_build_roll(people["county"], JAN)
    actions.do_issue_roll(people["county"], jan)
    actions.do_record_payments(people["county"], jan, outcome="paid")
    line = jan.lines.get(benefit=benefit)
    with pytest.raises(ActionError):
        actions.do_mark_not_repaid(people["county"], line, reason="x")
    r = login(people["other_county"]).post(
        reverse("benefit_roll_step", args=[jan.uuid, "not-repaid"]), {"line": line.pk, "reason": "x"}
    )
    assert r.status_code == 404
