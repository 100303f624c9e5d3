"""Retention: closed files lose their personal data after the county's period, statistics stay."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from caseplans.models import Action, CasePlan, Goal, PlanEvent, Review
from children import choices as c
from children.access import children_for
from children.models import Child, ChildTransfer, HouseholdMember, Parent
from children.queries import overview
from conftest import make_child
from followup.models import TierOverride
from measurements.models import Measurement
from partners.models import Organisation
from referrals.models import Referral, ReferralEvent
from reports.models import MandatoryReport, ReportDecision, ReportEvent
from retention import services
from retention.audit_actions import MINIMISE
from retention.models import DEFAULT_YEARS, Minimised, RetentionPolicy
from schools.models import Absence, Dropout
from visits.models import ParentContact, Visit, VisitComment

TODAY = date(2026, 6, 15)
LONG_AGO = date(2022, 5, 1)  # closed more than the default 3 years before TODAY
RECENT = date(2025, 1, 10)  # closed less than 3 years before TODAY

ERASED = "已删除个人信息"


def close(child, closed_on, reason=c.ClosureReason.values[0]):
    Child.objects.filter(pk=child.pk).update(
        status=c.Status.CLOSED, closed_on=closed_on, closure_reason=reason, closure_note="搬到成都和舅舅住"
    )
    child.refresh_from_db()
    return child


def with_records(child, user):
    """One record of every app that holds free text about the child."""
    org = Organisation.objects.create(name="县教育局", type="education_bureau", division=child.village.parent)
    visit = Visit.objects.create(
        child=child,
        visited_on=date(2021, 3, 1),
        answers={"food": "yes"},
        notes={"food": "奶奶说家里没米了"},
        living_conditions="土房漏雨",
        needs="需要冬衣",
        actions_taken="联系了村委",
        recorded_by=user,
    )
    VisitComment.objects.create(visit=visit, author=user, text="请下周再去")
    ParentContact.objects.create(child=child, parent_role="father", contact_on=date(2021, 3, 2), note="父亲在广州工地")
    Measurement.objects.create(child=child, measured_on=date(2021, 3, 1), weight_kg=25, note="感冒", recorded_by=user)
    referral = Referral.objects.create(
        child=child,
        organisation=org,
        service=Referral._meta.get_field("service").choices[0][0],
        need="张伟需要心理辅导",
        guardian_consent=True,
        consent_note="奶奶口头同意",
        respond_by=timezone.now(),
        outcome="已辅导三次",
        closing_reason="结束",
        created_by=user,
    )
    ReferralEvent.objects.create(referral=referral, status=referral.status, note="电话联系了张奶奶")
    report = MandatoryReport.objects.create(
        child=child,
        triggers=["injury"],
        facts="手臂有淤青",
        observed_at=timezone.now(),
        channel=MandatoryReport.Channel.POLICE_110,
        receiving_body="派出所",
        filed_by=user,
        feedback_due_on=date(2021, 3, 8),
        feedback="已调查",
        relayed=True,
        reporter_name="王老师",
        reporter_phone="13800000000",
    )
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.FILED, by=user, note="老师打电话告诉我")
    ReportDecision.objects.create(
        report=report,
        kind="kinship_care",
        decided_on=date(2021, 3, 9),
        deciding_body="民政局",
        note="由舅舅照顾",
        recorded_by=user,
    )
    Absence.objects.create(child=child, school=org, date=date(2021, 3, 3), reason="在家照顾奶奶")
    Dropout.objects.create(child=child, school=org, left_on=date(2021, 4, 1), reason="去打工")
    plan = CasePlan.objects.create(
        child=child,
        village_id=child.village_id,
        summary="家庭困难",
        review_on=date(2021, 6, 1),
        return_note="再写具体些",
        status="closed",
        closing_reason="孩子搬走了",
    )
    goal = Goal.objects.create(plan=plan, domain=Goal._meta.get_field("domain").choices[0][0], text="按时上学")
    Action.objects.create(goal=goal, plan=plan, text="每周家访", responsible_person="张奶奶", due_on=date(2021, 5, 1))
    Action.objects.create(goal=goal, plan=plan, text="联系学校", organisation=org, due_on=date(2021, 5, 1))
    Review.objects.create(plan=plan, reviewed_on=date(2021, 5, 1), progress="有进步", next_review_on=date(2021, 8, 1))
    PlanEvent.objects.create(plan=plan, kind=PlanEvent.Kind.CREATED, by=user, note="第一次计划")
    TierOverride.objects.create(child=child, tier="red", reason="奶奶住院", expires_on=date(2021, 4, 1), by=user)
    ChildTransfer.objects.create(
        child=child,
        from_village=child.village,
        to_village=child.village,
        transferred_on=date(2021, 1, 1),
        reason="随奶奶搬家",
        by=user,
    )


@pytest.fixture
def old_file(geo, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    child = make_child(
        geo["village_a"],
        "张伟",
        dob=date(2010, 3, 8),
        address="石佛村三组12号",
        health_note="哮喘",
        other_category_note="其他",
    )
    child.photo.save("zhangwei.jpg", ContentFile(b"\xff\xd8photo"), save=True)
    hh = child.household
    hh.address, hh.caregiver_phone, hh.caregiver_reason = "石佛村三组12号", "13911112222", "父母外出"
    hh.save()
    HouseholdMember.objects.create(household=hh, name="张爷爷", relation="祖父", birth_year=1950, note="腿脚不便")
    Parent.objects.filter(household=hh).update(id_number="511324198001011234", phone="13700000000")
    with_records(child, people["cwd_a"])
    return close(child, LONG_AGO)


def run(today=TODAY):
    return services.apply_retention(today)


def test_default_period_and_bounds(geo):
    assert services.years_by_county(["511324"]) == {"511324": DEFAULT_YEARS} == {"511324": 3}
    policy = RetentionPolicy(division=geo["county"], minimise_after_years=0)
    with pytest.raises(ValidationError):
        policy.full_clean()
    with pytest.raises(IntegrityError):
        RetentionPolicy.objects.create(division=geo["county"], minimise_after_years=0)


def test_minimisation_erases_identity_and_free_text_everywhere(old_file, geo, django_capture_on_commit_callbacks):
    photo = old_file.photo.name
    assert default_storage.exists(photo)

    with django_capture_on_commit_callbacks(execute=True):
        assert run() == {"511324": 1}

    child = Child.objects.get(pk=old_file.pk)
    assert child.name == ERASED
    assert (child.name_pinyin, child.name_initials, child.id_number, child.address) == ("", "", "", "")
    assert (child.health_note, child.school, child.closure_note, child.other_category_note) == ("", "", "", "")
    assert not child.photo
    assert not default_storage.exists(photo)
    # What statistics count stays, the day of birth rounded to the month.
    assert child.date_of_birth == date(2010, 3, 1)
    assert (child.village_id, child.sex, child.status, child.closed_on) == (
        geo["village_a"].code,
        "M",
        c.Status.CLOSED,
        LONG_AGO,
    )
    assert child.cat_rural_left_behind
    hh = child.household
    assert (hh.address, hh.caregiver_name, hh.caregiver_phone, hh.caregiver_reason) == ("", "", "", "")
    assert set(Parent.objects.filter(household=hh).values_list("name", "id_number", "phone", "work_city")) == {
        ("", "", "", "")
    }
    assert list(HouseholdMember.objects.filter(household=hh).values_list("name", "note", "birth_year")) == [
        (ERASED, "", 1950)
    ]
    visit = Visit.objects.get(child=child)
    assert (visit.notes, visit.living_conditions, visit.needs, visit.actions_taken) == ({}, "", "", "")
    assert visit.answers == {"food": "yes"}
    assert VisitComment.objects.get(visit=visit).text == ""
    assert ParentContact.objects.get(child=child).note == ""
    assert Measurement.objects.get(child=child).note == ""
    referral = Referral.objects.get(child=child)
    assert (referral.need, referral.consent_note, referral.outcome, referral.closing_reason) == ("", "", "", "")
    assert ReferralEvent.objects.get(referral=referral).note == ""
    report = MandatoryReport.objects.get(child=child)
    assert (report.facts, report.feedback, report.reporter_name, report.reporter_phone) == ("", "", ERASED, "")
    assert ReportEvent.objects.get(report=report).note == ""
    assert ReportDecision.objects.get(report=report).note == ""
    assert Absence.objects.get(child=child).reason == ""
    assert Dropout.objects.get(child=child).reason == ""
    plan = CasePlan.objects.get(child=child)
    assert (plan.summary, plan.return_note, plan.closing_reason) == ("", "", ERASED)
    assert Goal.objects.get(plan=plan).text == ""
    assert set(Action.objects.filter(plan=plan).values_list("text", "responsible_person")) == {
        ("", ERASED),
        ("", ""),
    }
    assert Review.objects.get(plan=plan).progress == ""
    assert PlanEvent.objects.get(plan=plan).note == ""
    assert TierOverride.objects.get(child=child).reason == ""
    assert ChildTransfer.objects.get(child=child).reason == ""
    marker = Minimised.objects.get(child=child)
    assert (marker.closed_on, marker.after_years) == (LONG_AGO, 3)


def test_overview_figures_are_the_same_before_and_after(old_file, kids, people, geo):
    close(kids["b"], LONG_AGO)
    user = people["county"]

    def figures():
        rows, total = overview(children_for(user), geo["county"])
        return [(r.division.code, r.open, r.closed, r.by_status, r.by_category) for r in rows], total.__dict__

    before = figures()
    assert run() == {"511324": 2}
    assert figures() == before


def test_open_and_recently_closed_files_are_untouched(old_file, kids):
    recent = close(kids["b"], RECENT)
    run()
    for child in (kids["a"], recent):
        fresh = Child.objects.get(pk=child.pk)
        assert (fresh.name, fresh.id_number, fresh.date_of_birth) == (child.name, child.id_number, child.date_of_birth)
        assert not Minimised.objects.filter(child=child).exists()


def test_a_household_keeps_its_parents_while_a_sibling_still_needs_them(old_file, geo):
    sibling = make_child(geo["village_a"], "张丽", sex="F")
    sibling.household = old_file.household
    sibling.save()
    run()
    assert Parent.objects.filter(household=old_file.household, name="张父").exists()

    close(sibling, LONG_AGO)
    run()
    assert not Parent.objects.filter(household=old_file.household).exclude(name="").exists()


def test_a_county_period_applies_to_its_own_files_only(old_file, kids, geo):
    close(kids["d"], LONG_AGO)  # the other county keeps the default
    RetentionPolicy.objects.create(division=geo["county"], minimise_after_years=5)
    assert run() == {"511321": 1}
    assert Child.objects.get(pk=old_file.pk).name == "张伟"
    assert run(TODAY.replace(year=2027, month=5, day=1)) == {"511324": 1}


def test_running_again_changes_nothing_and_writes_one_event_per_file(old_file):
    run()
    first = Child.objects.get(pk=old_file.pk).lock_version
    assert run() == {}
    assert Child.objects.get(pk=old_file.pk).lock_version == first
    events = AuditEvent.objects.filter(action=MINIMISE)
    assert events.count() == 1
    event = events.get()
    assert event.child_id == old_file.pk
    assert event.actor is None
    assert event.details == {"after_years": 3, "closed_on": LONG_AGO.isoformat()}


def test_a_file_reopened_and_closed_again_waits_for_its_new_closure(old_file):
    run()
    Child.objects.filter(pk=old_file.pk).update(status=c.Status.ACTIVE, closed_on=None, closure_reason="")
    Child.objects.filter(pk=old_file.pk).update(name="张伟", address="新地址")
    close(old_file, RECENT)
    assert run() == {}
    assert Child.objects.get(pk=old_file.pk).address == "新地址"
    assert run(date(2028, 2, 1)) == {"511324": 1}
    assert Child.objects.get(pk=old_file.pk).address == ""


def test_dry_run_prints_the_plan_and_writes_nothing(old_file, capsys, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "511324 仪陇县: period 3 years" in out
    assert "to minimise 1" in out
    assert Child.objects.get(pk=old_file.pk).name == "张伟"
    assert not Minimised.objects.exists()
    assert not AuditEvent.objects.filter(action=MINIMISE).exists()

    call_command("apply_retention")
    assert "Minimised 1 files in 1 counties." in capsys.readouterr().out
    assert Child.objects.get(pk=old_file.pk).name == ERASED


def test_the_nightly_job_runs_it(old_file, settings):
    assert "retention.services.nightly" in settings.SHOUHU_NIGHTLY_JOBS
    assert services.nightly(today=TODAY) == {"minimised": 1, "counties": 1}


def test_a_minimised_profile_says_why_its_data_are_gone(old_file, people, login):
    run()
    page = login(people["county"]).get(f"/children/{old_file.uuid}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "此档案的个人信息已于" in text
    assert "张伟" not in text


def test_cutoff_on_29_february():
    assert services.cutoff(date(2028, 2, 29), 3) == date(2025, 2, 28)
    assert services.cutoff(TODAY, 3) == TODAY - timedelta(days=365 * 3 + 1)


def test_a_minimised_file_cannot_be_reopened(old_file, people, login):
    """Nothing is left to work with: a child who comes back is registered anew."""
    run()
    child = Child.objects.get(pk=old_file.pk)
    assert child.minimised_on == timezone.localdate()
    county = login(people["county"])
    page = county.get(reverse("child_detail", args=[child.uuid])).content.decode()
    assert reverse("child_reopen", args=[child.uuid]) not in page
    county.post(reverse("child_reopen", args=[child.uuid]), {"note": "孩子回村了"})
    assert Child.objects.get(pk=child.pk).status == c.Status.CLOSED


def test_a_closed_file_not_yet_minimised_can_still_be_reopened(old_file, people, login):
    county = login(people["county"])
    page = county.get(reverse("child_detail", args=[old_file.uuid])).content.decode()
    assert reverse("child_reopen", args=[old_file.uuid]) in page
    county.post(reverse("child_reopen", args=[old_file.uuid]), {"note": "孩子回村了"})
    assert Child.objects.get(pk=old_file.pk).status != c.Status.CLOSED
