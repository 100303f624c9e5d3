"""Re-checks on the day things change (children.rechecks): a time-bound parent condition reaching
six months, a condition reaching its end, a left-behind child turning 16 and any child turning 18
each tell the village's CWD once, on that day or on the first night after it, in words.

Before this job nothing told anyone on these days: a father's prison term reaching six months
(民发〔2019〕62号) or a child's 16th birthday (国发〔2016〕13号) changed the categories silently."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from alerts import kinds as alert_kinds
from alerts.models import Alert
from children import alert_kinds as kinds
from children import choices as c
from children.actions import do_transfer_child
from children.models import EligibilityRules
from children.rechecks import CATCH_UP_DAYS, nightly
from conftest import make_child
from core.tests.pageform import form_of

AWAY = {"migration_status": c.MigrationStatus.AWAY_OUT_OF_PROVINCE, "work_city": "广州"}
IN_PRISON = {"condition": c.ParentCondition.IMPRISONED, "condition_start": date(2026, 5, 30)}


def alerts_of(user, kind=None):
    qs = Alert.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


def run(*days: date) -> None:
    for day in days:
        nightly(today=day)


def text(alert, language="zh-hans") -> str:
    with translation.override(language):
        return alert_kinds.alert_text(alert)


@pytest.fixture
def prisoner_child(geo):
    return make_child(geo["village_a"], "张伟", dob=date(2014, 4, 1), father=IN_PRISON, mother=AWAY)


def test_a_prison_term_reaching_six_months_tells_the_cwd_once_on_that_day(people, prisoner_child):
    run(date(2026, 11, 29))
    assert alerts_of(people["cwd_a"]) == []
    run(date(2026, 11, 30), date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 20))
    [alert] = alerts_of(people["cwd_a"])
    assert alert.kind == kinds.CONDITION_COUNTS
    assert alert.child == prisoner_child
    assert "张伟：父亲的情况（服刑在押，自2026-05-30起）已于2026-11-30满6个月" in text(alert)
    assert "the father's condition (Imprisoned, since 2026-05-30) reached 6 months on 2026-11-30" in text(alert, "en")
    assert "事実上養育者のいない児童" in text(alert, "ja")
    # Not the supervisor, nor anyone outside the village.
    for other in ("supervisor", "county", "cwd_b", "cwd_c", "cwd_d", "partner"):
        assert alerts_of(people[other]) == [], other


def test_a_missed_night_is_caught_up_with_the_day_it_happened(people, prisoner_child):
    run(date(2026, 12, 3))  # the worker was down on 30 Nov, 1 and 2 Dec
    [alert] = alerts_of(people["cwd_a"], kinds.CONDITION_COUNTS)
    assert "已于2026-11-30满6个月" in text(alert)


def test_an_event_older_than_the_catch_up_window_is_not_raised(people, prisoner_child):
    run(date(2026, 11, 30) + timedelta(days=CATCH_UP_DAYS))
    assert alerts_of(people["cwd_a"]) == []


def test_lost_contact_counts_six_months_from_the_police_acceptance_date(people, geo):
    lost = {"condition": c.ParentCondition.LOST_CONTACT, "condition_start": date(2026, 6, 15)}
    make_child(geo["village_a"], "李娜", dob=date(2015, 1, 1), father=lost, mother=AWAY)
    run(date(2026, 12, 14))
    assert alerts_of(people["cwd_a"]) == []
    run(date(2026, 12, 15))
    assert [a.kind for a in alerts_of(people["cwd_a"])] == [kinds.CONDITION_COUNTS]


def test_a_condition_that_does_not_need_six_months_raises_nothing(people, geo):
    ill = {"condition": c.ParentCondition.SERIOUS_ILLNESS, "condition_start": date(2026, 5, 30)}
    make_child(geo["village_a"], dob=date(2014, 4, 1), father=ill, mother=AWAY)
    run(date(2026, 11, 30))
    assert alerts_of(people["cwd_a"]) == []


def test_a_county_with_a_longer_period_is_told_when_its_own_period_ends(people, geo, prisoner_child):
    EligibilityRules.objects.create(division=geo["county"], dfu_min_months=12)
    run(date(2026, 11, 30))
    assert alerts_of(people["cwd_a"]) == []
    run(date(2027, 5, 30))
    [alert] = alerts_of(people["cwd_a"])
    assert "已于2027-05-30满12个月" in text(alert)


SONGYANG_LBC = {
    "lbc_time_bound_conditions": [c.ParentCondition.SERIOUS_ILLNESS, c.ParentCondition.IMPRISONED],
    "lbc_min_months": 12,
}


def test_a_county_counting_left_behind_conditions_after_a_year_is_told_when_the_year_is_up(people, geo):
    EligibilityRules.objects.create(division=geo["county"], **SONGYANG_LBC)
    ill = {"condition": c.ParentCondition.SERIOUS_ILLNESS, "condition_start": date(2025, 12, 1)}
    make_child(geo["village_a"], "王芳", dob=date(2016, 4, 1), father=ill, mother=AWAY)
    make_child(geo["village_a"], "王强", dob=date(2009, 4, 1), father=ill, mother=AWAY)  # 17 by then: past 16
    run(date(2026, 11, 30))
    assert alerts_of(people["cwd_a"]) == []
    run(date(2026, 12, 1), date(2026, 12, 2))
    [alert] = alerts_of(people["cwd_a"])
    assert alert.kind == kinds.LEFT_BEHIND_CONDITION_COUNTS
    assert alert.child.name == "王芳"
    assert "reached 12 months on 2026-12-01" in text(alert, "en")
    assert "left-behind rule" in text(alert, "en")
    assert "按本县留守儿童认定规定" in text(alert)


def test_the_national_left_behind_rule_has_no_period_and_raises_nothing(people, geo):
    ill = {"condition": c.ParentCondition.SERIOUS_ILLNESS, "condition_start": date(2025, 12, 1)}
    make_child(geo["village_a"], dob=date(2016, 4, 1), father=ill, mother=AWAY)
    run(date(2026, 12, 1))
    assert alerts_of(people["cwd_a"]) == []


def test_a_release_date_tells_the_cwd_the_condition_stops_counting(people, geo):
    released = {**IN_PRISON, "condition_until": date(2027, 3, 1)}
    make_child(geo["village_a"], "张伟", dob=date(2014, 4, 1), father=released, mother=AWAY)
    run(date(2026, 11, 30), date(2027, 2, 28))
    assert [a.kind for a in alerts_of(people["cwd_a"])] == [kinds.CONDITION_COUNTS]
    run(date(2027, 3, 1), date(2027, 3, 2))
    [ended] = alerts_of(people["cwd_a"], kinds.CONDITION_ENDED)
    assert "张伟：父亲的情况（服刑在押）已于2027-03-01结束" in text(ended)


def test_a_term_that_ends_before_six_months_never_counts(people, geo):
    short = {**IN_PRISON, "condition_until": date(2026, 9, 1)}
    make_child(geo["village_a"], dob=date(2014, 4, 1), father=short, mother=AWAY)
    run(date(2026, 9, 1), date(2026, 11, 30))
    assert [a.kind for a in alerts_of(people["cwd_a"])] == [kinds.CONDITION_ENDED]


def test_a_left_behind_child_turning_16_tells_the_cwd(people, geo):
    child = make_child(geo["village_a"], "张伟", dob=date(2010, 11, 30))
    make_child(geo["village_a"], "王芳", dob=date(2010, 11, 30), categories=(c.Category.DIFFICULTY_ECONOMIC,))
    run(date(2026, 11, 29))
    assert alerts_of(people["cwd_a"]) == []
    run(date(2026, 11, 30), date(2026, 12, 1))
    [alert] = alerts_of(people["cwd_a"])  # not for the child who is not recorded as left-behind
    assert alert.kind == kinds.LEFT_BEHIND_AGE
    assert alert.child == child
    assert text(alert).startswith("张伟已于2026-11-30满16周岁，不再属于农村留守儿童")
    assert "张伟 turned 16 on 2026-11-30 and no longer counts as a rural left-behind child" in text(alert, "en")
    assert "農村留守児童（16歳未満のみ）にあたらなくなりました" in text(alert, "ja")
    assert alerts_of(people["supervisor"]) == []


def test_the_local_left_behind_age_decides_the_day(people, geo):
    EligibilityRules.objects.create(division=geo["county"], lbc_max_age=14)
    make_child(geo["village_a"], "张伟", dob=date(2012, 11, 30))
    make_child(geo["village_d"], "赵敏", dob=date(2010, 11, 30))  # the other county keeps 16
    run(date(2026, 11, 30))
    [alert] = alerts_of(people["cwd_a"])
    assert "满14周岁" in text(alert)
    [other] = alerts_of(people["cwd_d"])
    assert "满16周岁" in text(other)


def test_turning_18_tells_the_cwd_and_the_supervisor(people, geo):
    child = make_child(geo["village_a"], "张伟", dob=date(2008, 11, 30), categories=(c.Category.ORPHAN,))
    run(date(2026, 11, 30), date(2026, 11, 30))
    for who in ("cwd_a", "supervisor"):
        [alert] = alerts_of(people[who])
        assert (alert.kind, alert.child) == (kinds.TURNED_ADULT, child)
        assert "张伟已于2026-11-30满18周岁" in text(alert)
    for other in ("county", "cwd_b", "supervisor_t2", "cwd_d", "partner"):
        assert alerts_of(people[other]) == [], other


def test_a_child_born_on_29_february_turns_18_on_1_march(people, geo):
    make_child(geo["village_a"], dob=date(2008, 2, 29), categories=(c.Category.ORPHAN,))
    run(date(2026, 2, 28))
    assert alerts_of(people["cwd_a"]) == []
    run(date(2026, 3, 1))
    [alert] = alerts_of(people["cwd_a"])
    assert "2026-03-01" in text(alert)


def test_closed_files_raise_nothing(people, geo):
    closed = {"status": c.Status.CLOSED, "closed_on": date(2026, 1, 5), "closure_reason": c.ClosureReason.MOVED}
    make_child(geo["village_a"], dob=date(2014, 4, 1), father=IN_PRISON, mother=AWAY, **closed)
    make_child(geo["village_a"], dob=date(2010, 11, 30), **closed)
    make_child(geo["village_a"], dob=date(2008, 11, 30), **closed)
    run(date(2026, 11, 30))
    assert Alert.objects.count() == 0


def test_the_alert_follows_the_reach_rules_after_a_transfer(people, geo, login, prisoner_child):
    run(date(2026, 11, 30))
    do_transfer_child(people["county"], prisoner_child, geo["village_b"], date(2026, 12, 1), reason="搬家")
    page = login(people["cwd_a"]).get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "满6个月" in page
    assert "张伟" not in page  # the child moved out of her village: "a child", no link
    assert reverse("child_detail", args=[prisoner_child.uuid]) not in page


def test_the_cwd_records_the_release_date_on_the_edit_page_and_the_profile_shows_it(people, login, prisoner_child):
    client = login(people["cwd_a"])
    data = form_of(client.get(reverse("child_edit", args=[prisoner_child.uuid])).content.decode(), "childform")
    data["father-condition_until"] = ["2026-01-01"]  # before the start: refused
    page = client.post(reverse("child_edit", args=[prisoner_child.uuid]), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "结束日期不能早于开始日期。" in page.content.decode()
    data["father-condition_until"] = ["2027-03-01"]
    assert client.post(reverse("child_edit", args=[prisoner_child.uuid]), data).status_code == 302
    father = prisoner_child.household.parent(c.ParentRole.FATHER)
    father.refresh_from_db()
    assert father.condition_until == date(2027, 3, 1)
    profile = client.get(reverse("child_detail", args=[prisoner_child.uuid]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "2027-03-01结束" in profile.content.decode()
