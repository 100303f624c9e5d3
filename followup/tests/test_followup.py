"""Tiers, due dates, overrides and alerts, through the Django side (the nightly job: tests/test_nightly.py)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert
from children.models import Parent
from conftest import make_child
from followup import services
from followup.models import FollowUp, TierHistory, TierOverride
from visits.models import Visit

TODAY = timezone.localdate()


def visit(child, user, days_ago=0, **answers):
    return Visit.objects.create(
        child=child, visited_on=TODAY - timedelta(days=days_ago), answers=answers, recorded_by=user
    )


def test_never_visited_child_is_due_today_and_green_with_a_capable_caregiver(people, geo):
    child = make_child(geo["village_a"], "张伟", dob=date(2015, 3, 8))
    Parent.objects.filter(household=child.household).update(last_contact=TODAY - timedelta(days=2))
    services.reassess([child.pk])
    fu = FollowUp.objects.get(child=child)
    assert fu.tier == "green"
    assert fu.due_on == TODAY
    assert fu.last_visit_on is None


def test_a_visit_sets_the_due_date_by_tier(people, geo):
    child = make_child(geo["village_a"], "张伟")
    Parent.objects.filter(household=child.household).update(last_contact=TODAY - timedelta(days=2))
    visit(child, people["cwd_a"], days_ago=10)
    services.reassess([child.pk])
    assert FollowUp.objects.get(child=child).due_on == TODAY - timedelta(days=10) + timedelta(days=90)


def test_a_report_trigger_makes_the_child_red_and_alerts_cwd_and_supervisor_the_same_day(people, geo):
    child = make_child(geo["village_a"], "张伟")
    visit(child, people["cwd_a"], domestic_violence="yes")
    services.reassess([child.pk])
    fu = FollowUp.objects.get(child=child)
    assert fu.tier == "red"
    assert "SUSPECTED_DOMESTIC_VIOLENCE" in fu.triggers
    assert fu.due_on == TODAY + timedelta(days=7)  # red: visit weekly
    recipients = set(Alert.objects.filter(kind="new_red", child=child).values_list("recipient__username", flat=True))
    assert recipients == {"cwd_a", "sup1"}
    # Running again the same day does not alert twice.
    services.reassess([child.pk])
    assert Alert.objects.filter(kind="new_red", child=child).count() == 2
    assert TierHistory.objects.filter(child=child).count() == 1


def test_absolute_alerts_fire_whatever_the_tier(people, geo):
    child = make_child(geo["village_a"], "小明", dob=TODAY.replace(year=TODAY.year - 6))
    child.household.has_caregiver = False
    child.household.save()
    services.reassess([child.pk])
    kinds = set(Alert.objects.filter(child=child, recipient=people["cwd_a"]).values_list("kind", flat=True))
    assert "no_caregiver_parents_away" in kinds
    assert "under16_without_guardian" in kinds


def test_lapsed_parent_contact_alerts_once_per_lapse(people, geo):
    child = make_child(geo["village_a"], "张伟")
    Parent.objects.filter(household=child.household).update(last_contact=TODAY - timedelta(days=20))
    services.reassess([child.pk])
    services.reassess([child.pk])
    assert Alert.objects.filter(child=child, kind="contact_lapsed", recipient=people["cwd_a"]).count() == 1


def test_supervisor_override_with_reason_and_expiry(people, geo, login):
    child = make_child(geo["village_a"], "张伟")
    services.reassess([child.pk])
    client = login(people["supervisor"])
    until = (TODAY + timedelta(days=30)).isoformat()
    client.post(
        reverse("tier_override", args=[child.uuid]), {"tier": "yellow", "reason": "祖母住院", "expires_on": until}
    )
    fu = FollowUp.objects.get(child=child)
    assert fu.tier == "yellow"
    assert fu.computed_tier != "yellow" or fu.reasons[0][0] == "override"
    # A CWD cannot override; an expired override no longer applies.
    assert (
        login(people["cwd_a"])
        .post(reverse("tier_override", args=[child.uuid]), {"tier": "green", "reason": "x", "expires_on": until})
        .status_code
        == 404
    )
    TierOverride.objects.update(expires_on=TODAY - timedelta(days=1))
    services.reassess([child.pk])
    assert FollowUp.objects.get(child=child).tier == FollowUp.objects.get(child=child).computed_tier


def test_override_needs_a_future_expiry(people, geo, login):
    child = make_child(geo["village_a"], "张伟")
    login(people["supervisor"]).post(
        reverse("tier_override", args=[child.uuid]), {"tier": "yellow", "reason": "x", "expires_on": TODAY.isoformat()}
    )
    assert not TierOverride.objects.exists()


def test_transfer_and_closure_keep_follow_up_in_step(people, geo, login):
    child = make_child(geo["village_a"], "张伟")
    services.reassess([child.pk])
    login(people["supervisor"]).post(
        reverse("child_transfer", args=[child.uuid]),
        {"to_village": geo["village_b"].code, "transferred_on": TODAY.isoformat()},
    )
    assert FollowUp.objects.get(child=child).village_id == geo["village_b"].code
    assert not login(people["cwd_a"]).get(reverse("today")).context["due"]
    assert [fu.child for fu in login(people["cwd_b"]).get(reverse("today")).context["due"]] == [child]
    login(people["cwd_b"]).post(
        reverse("child_close", args=[child.uuid]), {"reason": "moved", "closed_on": TODAY.isoformat()}
    )
    assert not FollowUp.objects.filter(child=child).exists()


def test_overdue_visit_alerts_the_cwd(people, geo):
    child = make_child(geo["village_a"], "张伟")
    visit(child, people["cwd_a"], days_ago=200)
    services.recompute_all()
    assert Alert.objects.filter(kind="overdue_visit", child=child, recipient=people["cwd_a"]).exists()


def test_closed_files_are_not_followed_up(people, geo):
    child = make_child(geo["village_a"], "张伟", status="closed", closed_on=TODAY, closure_reason="turned_16")
    services.recompute_all()
    assert not FollowUp.objects.filter(child=child).exists()


def test_every_reason_and_item_has_a_translatable_text():
    from followup import texts
    from risk.checklist import ITEMS, REPORT_TRIGGERS
    from risk.defaults import REASON_EN

    assert set(REASON_EN) <= set(texts.REASONS)
    assert {i.code for i in ITEMS} == set(texts.ITEMS)
    assert set(REPORT_TRIGGERS) == set(texts.TRIGGERS)


def test_a_county_policy_replaces_the_national_default_below_it(people, geo):
    import copy

    from django.core.exceptions import ValidationError

    from followup.models import RiskPolicy
    from risk.defaults import NATIONAL_DEFAULT

    data = copy.deepcopy(NATIONAL_DEFAULT)
    for tier in data["tiers"]:
        if tier["code"] == "green":
            tier["visit_every_days"] = 60  # this county visits stable children every two months
    policy = RiskPolicy(division=geo["county"], data=data, note="县民政局 2026 年第 3 号")
    policy.full_clean()
    policy.save()
    inside = make_child(geo["village_a"], "张伟")
    outside = make_child(geo["village_d"], "赵敏")
    Parent.objects.update(last_contact=TODAY - timedelta(days=1))
    for child in (inside, outside):
        visit(child, people["cwd_a"], days_ago=1)
    services.reassess([inside.pk, outside.pk])
    assert FollowUp.objects.get(child=inside).due_on == TODAY - timedelta(days=1) + timedelta(days=60)
    assert FollowUp.objects.get(child=outside).due_on == TODAY - timedelta(days=1) + timedelta(days=90)

    rule = {"code": "x", "tier": "purple", "when": {"answer": "lives_alone"}, "reason": "x"}
    bad = RiskPolicy(division=geo["other_county"], data={**data, "rules": [rule]})
    with pytest.raises(ValidationError, match="purple"):
        bad.full_clean()


def test_a_graded_severe_disability_makes_the_parent_at_home_incapable(kids):
    """Severe disability is now recorded as a certificate grade, not a condition: the risk facts
    must still see a grade 1 parent at home as unable to care, and a grade 4 one as able."""
    child = kids["a"]
    mother = Parent.objects.get(household=child.household, role="mother")
    mother.migration_status, mother.disability_type, mother.disability_grade = "home", "physical", 1
    mother.save()
    row = services.children_for_jobs().filter(pk=child.pk).values(*services.CHILD_FIELDS).get()
    facts, _ = services.build_facts([row], date(2026, 11, 23))
    assert facts[child.pk]["parent_incapable"]
    assert "severe_disability" in facts[child.pk]["parent_conditions"]
    Parent.objects.filter(pk=mother.pk).update(disability_grade=4)
    facts, _ = services.build_facts([row], date(2026, 11, 23))
    assert not facts[child.pk]["parent_incapable"]


def test_a_parent_condition_past_its_end_date_no_longer_counts(kids):
    """Issue 12: a father released from prison (end date recorded) is no longer "imprisoned" for
    the risk rules; before, the ended condition kept counting until someone edited it."""
    child = kids["a"]
    father = Parent.objects.get(household=child.household, role="father")
    father.condition, father.condition_start = "imprisoned", date(2025, 1, 1)
    father.save()
    row = services.children_for_jobs().filter(pk=child.pk).values(*services.CHILD_FIELDS).get()
    facts, _ = services.build_facts([row], date(2026, 11, 23))
    assert "imprisoned" in facts[child.pk]["parent_conditions"]
    Parent.objects.filter(pk=father.pk).update(condition_until=date(2026, 11, 1))
    facts, _ = services.build_facts([row], date(2026, 11, 23))
    assert "imprisoned" not in facts[child.pk]["parent_conditions"]
