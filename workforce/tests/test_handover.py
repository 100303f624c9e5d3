"""A CWD leaves: the checklist, everything they own moved to the successor (or the supervisor
for now), their access ended, and no village with children left without someone for a day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert
from audit.models import AuditEvent
from benefits.models import Application
from caseplans.models import Action, CasePlan, Goal
from followup.services import recompute_all
from partners.models import Organisation
from referrals.models import Referral
from reports.models import MandatoryReport
from workforce import actions, handover, queries
from workforce.models import Assignment, Handover, Worker, WorkerChange


@pytest.fixture
def open_work(people, kids, geo):
    """What cwd_a leaves open: a referral, a case plan with an open action, an allowance draft,
    a mandatory report awaiting feedback, two unread alerts; and a red child."""
    cwd = people["cwd_a"]
    org = Organisation.objects.get(name="金城镇卫生院")
    now = timezone.now()
    referral = Referral.objects.create(
        child=kids["a"],
        village_id=kids["a"].village_id,
        organisation=org,
        service="health",
        need="需要体检",
        guardian_consent=True,
        respond_by=now + timedelta(days=3),
        created_by=cwd,
    )
    plan = CasePlan.objects.create(
        child=kids["a"], village_id=kids["a"].village_id, summary="照护", review_on=timezone.localdate(), created_by=cwd
    )
    goal = Goal.objects.create(plan=plan, domain="health", text="按时体检")
    action = Action.objects.create(
        goal=goal, plan=plan, text="陪同体检", due_on=timezone.localdate(), responsible_person="儿童主任"
    )
    draft = Application.objects.create(
        child=kids["a"], village_id=kids["a"].village_id, category="de_facto_unsupported", prepared_by=cwd
    )
    report = MandatoryReport.objects.create(
        child=kids["a"],
        triggers=["SUSPECTED_DOMESTIC_VIOLENCE"],
        facts="手臂淤青",
        observed_at=now - timedelta(hours=5),
        channel=MandatoryReport.Channel.POLICE_STATION,
        receiving_body="金城派出所",
        filed_by=cwd,
        feedback_due_on=timezone.localdate() + timedelta(days=5),
    )
    alerts = [
        Alert.objects.create(recipient=cwd, kind="overdue_visit", child=kids["a"], params={"due": "2026-11-30"}),
        Alert.objects.create(recipient=cwd, kind="contact_lapsed", child=kids["a"], params={"days": 40}),
    ]
    recompute_all()
    return {"referral": referral, "plan": plan, "action": action, "draft": draft, "report": report, "alerts": alerts}


def _successor(people, geo, today):
    """The county registers the new CWD of village A and creates their account."""
    new = actions.do_register_worker(
        people["county"],
        role=Worker.Role.CWD,
        division=geo["village_a"],
        full_name="周新",
        appointed_on=today,
        posts=["womens_director"],
    )
    actions.do_create_account(people["county"], new, username="zhouxin")
    new.refresh_from_db()
    return new


def _assert_every_village_covered(villages, first, last):
    """Every village with children has a CWD (or the supervisor as interim) in service each day."""
    day = first
    while day <= last:
        serving = queries.serving(villages, day)
        for village in villages:
            assert serving[village], f"{village} has nobody on {day}"
            assert all(a.worker.active_on(day) for a in serving[village])
        day += timedelta(days=1)


@pytest.mark.django_db
def test_handover_to_a_successor_moves_every_open_item(people, workers, open_work, geo, today):
    leaving = workers["cwd_a"]
    new = _successor(people, geo, today)
    h = actions.do_start_handover(people["county"], leaving, successor=new, handover_on=today)

    sections = {s.key: s for s in handover.checklist(h)}
    assert sections["referrals"].count == 1
    assert sections["plans"].count == 1
    assert sections["plan_actions"].count == 1
    assert sections["drafts"].count == 1
    assert sections["reports"].count == 1
    unread = Alert.objects.filter(recipient=people["cwd_a"], read_at__isnull=True).count()
    assert sections["alerts"].count == unread >= 2
    assert sections["visits_due"].count >= 1

    moved = actions.do_complete_handover(people["county"], h, reason="调任")
    assert moved == {"villages": 1, "referrals": 1, "plans": 1, "drafts": 1, "alerts": unread}

    successor = new.user
    open_work["referral"].refresh_from_db()
    open_work["plan"].refresh_from_db()
    open_work["draft"].refresh_from_db()
    assert open_work["referral"].created_by == successor
    assert open_work["plan"].created_by == successor
    assert open_work["draft"].prepared_by == successor
    assert Alert.objects.filter(recipient=successor, kind="overdue_visit").exists()
    # Nothing open is left on the leaver's account, which no longer works.
    leaver = User.objects.get(pk=people["cwd_a"].pk)
    assert handover.open_owned(leaver) == {"referrals": 0, "plans": 0, "drafts": 0, "alerts": 0}
    assert not leaver.is_active
    # The report keeps its filer (the legal record); its follow-up goes to the village's CWDs.
    open_work["report"].refresh_from_db()
    assert open_work["report"].filed_by_id == leaver.pk
    from accounts.staff import staff_by_village  # the rule reports.services uses

    assert staff_by_village({geo["village_a"].code}, User.Role.CWD)[geo["village_a"].code] == [successor]
    # The successor reaches the village; the handover is recorded and audited.
    assert successor.division_id == geo["village_a"].code
    h.refresh_from_db()
    assert h.status == Handover.Status.DONE
    assert AuditEvent.objects.filter(action="wf_hand", details__step="completed").exists()
    assert (
        AuditEvent.objects.filter(action="update", details__why="handover", child=open_work["referral"].child).count()
        == 2
    )
    assert Alert.objects.filter(recipient=successor, kind="handover_received").exists()
    assert WorkerChange.objects.filter(worker=leaving, kind="deactivated").exists()
    leaving.refresh_from_db()
    assert leaving.left_on == today


@pytest.mark.django_db
def test_a_child_never_goes_unassigned_for_a_day(people, workers, kids, geo, today):
    """Across a handover to the supervisor for now, then to a new CWD a week later, every
    village with children has someone in service on every day."""
    villages = sorted({k.village_id for k in kids.values() if k.village_id.startswith("511324")})
    start = today - timedelta(days=10)
    leaving = workers["cwd_a"]
    h = actions.do_start_handover(people["county"], leaving, handover_on=start)
    actions.do_complete_handover(people["county"], h, reason="辞职")
    interim = Assignment.objects.get(village=geo["village_a"], kind=Assignment.Kind.INTERIM)
    assert interim.worker == workers["supervisor"]
    assert interim.starts_on == start
    # A week later the county appoints a new CWD: the interim cover ends the day before.
    new = actions.do_register_worker(
        people["county"], role=Worker.Role.CWD, division=geo["village_a"], full_name="周新",
        appointed_on=start + timedelta(days=7),
    )  # fmt: skip
    interim.refresh_from_db()
    assert interim.ends_on == start + timedelta(days=6)
    assert new.assignments.get().starts_on == start + timedelta(days=7)
    _assert_every_village_covered(villages, start - timedelta(days=5), today + timedelta(days=5))
    # The leaver served up to the day before the handover, not on it.
    assert queries.serving([geo["village_a"].code], start)[geo["village_a"].code][0].worker == workers["supervisor"]
    assert (
        queries.serving([geo["village_a"].code], start - timedelta(days=1))[geo["village_a"].code][0].worker == leaving
    )


@pytest.mark.django_db
def test_a_successor_without_account_or_a_future_day_is_refused(people, workers, geo, today):
    new = actions.do_register_worker(
        people["county"], role=Worker.Role.CWD, division=geo["village_a"], full_name="周新", appointed_on=today
    )
    h = actions.do_start_handover(people["county"], workers["cwd_a"], successor=new, handover_on=today)
    with pytest.raises(actions.ActionError, match="no active account"):
        actions.do_complete_handover(people["county"], h)
    assert User.objects.get(pk=people["cwd_a"].pk).is_active
    Handover.objects.filter(pk=h.pk).update(handover_on=today + timedelta(days=2))
    actions.do_create_account(people["county"], new, username="zhouxin")
    with pytest.raises(actions.ActionError, match="not before"):
        actions.do_complete_handover(people["county"], h)


@pytest.mark.django_db
def test_only_the_county_hands_over_and_outsiders_get_404(people, workers, open_work, login, geo, today):
    h = actions.do_start_handover(people["county"], workers["cwd_a"], handover_on=today)
    url = f"/workforce/handovers/{h.uuid}/"
    for outsider in ("other_county", "supervisor_t2", "cwd_a", "cwd_b", "partner"):
        assert login(people[outsider]).get(url).status_code == 404, outsider
    # The township's supervisor sees the checklist but cannot complete it.
    client = login(people["supervisor"])
    page = client.get(url)
    assert page.status_code == 200
    assert "张伟" in page.content.decode()
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert Handover.objects.get(pk=h.pk).status == Handover.Status.OPEN
    # Reading the checklist is audited as a read of each child on it.
    assert AuditEvent.objects.filter(
        action="view", actor=people["supervisor"], child=open_work["referral"].child
    ).exists()
    with pytest.raises(actions.ActionError):
        actions.do_complete_handover(people["other_county"], h)


@pytest.mark.django_db
def test_the_handover_pages_complete_it(people, workers, open_work, login, geo, today):
    new = _successor(people, geo, today)
    client = login(people["county"])
    page = client.post(
        f"/workforce/w/{workers['cwd_a'].uuid}/handover/", {"successor": new.pk, "handover_on": today.isoformat()}
    )
    h = Handover.objects.get()
    assert page.status_code == 302
    assert page.url == f"/workforce/handovers/{h.uuid}/"
    done = client.post(page.url, {"reason": "调任乡镇"}, follow=True)
    assert done.status_code == 200
    h.refresh_from_db()
    assert h.status == Handover.Status.DONE
    assert h.moved["referrals"] == 1
    assert "data-moved-referrals>1<" in done.content.decode()
