"""Supervision: the supervisor's log with follow-up actions (alerted when overdue), the county's
reproducible spot-check draw and scores, quiet workers, new CWDs' visits to review."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Alert
from audit.models import AuditEvent
from visits.models import ParentContact, Visit
from workforce import actions, queries, services
from workforce.models import FollowUpAction, SpotCheckVillage, VisitReview
from workforce.panels import workforce_today
from workforce.spotcheck import draw

VILLAGES = [f"511324{t}{v}" for t in ("100", "101", "102") for v in ("201", "202", "203", "204", "205")]


@pytest.mark.django_db
def test_a_supervisor_logs_a_field_visit_with_follow_up_actions(people, geo, today, login):
    log = actions.do_record_log(
        people["supervisor"],
        village=geo["village_a"],
        visited_on=today,
        checked=["files", "childrens_home"],
        findings="儿童之家未开放",
        actions=[("每周开放两次", today + timedelta(days=7))],
    )
    assert log.actions.get().due_on == today + timedelta(days=7)
    assert AuditEvent.objects.filter(action="wf_log", actor=people["supervisor"], details__log=str(log.uuid)).exists()
    # Not in another township's village, not in the future, not without saying what was checked.
    with pytest.raises(actions.ActionError):
        actions.do_record_log(
            people["supervisor"], village=geo["village_c"], visited_on=today, checked=["files"], findings=""
        )
    with pytest.raises(actions.ActionError):
        actions.do_record_log(
            people["cwd_a"], village=geo["village_a"], visited_on=today, checked=["files"], findings=""
        )
    with pytest.raises(actions.ActionError):
        actions.do_record_log(
            people["supervisor"],
            village=geo["village_a"],
            visited_on=today + timedelta(days=1),
            checked=["files"],
            findings="",
        )
    # The county sees the log; the other township's supervisor and the other county do not.
    assert "儿童之家未开放" in login(people["county"]).get("/workforce/supervision/").content.decode()
    for outsider in ("supervisor_t2", "other_county"):
        assert "儿童之家未开放" not in login(people[outsider]).get("/workforce/supervision/").content.decode()
    action = log.actions.get()
    assert login(people["supervisor_t2"]).post(f"/workforce/supervision/actions/{action.uuid}/done/").status_code == 404
    assert login(people["supervisor"]).post(f"/workforce/supervision/actions/{action.uuid}/done/").status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


@pytest.mark.django_db
def test_the_log_page_records_an_entry(people, geo, today, login):
    client = login(people["supervisor"])
    data = {
        "village": geo["village_b"].code,
        "visited_on": today.isoformat(),
        "checked": ["visits", "awareness"],
        "findings": "走访记录齐全",
        "action_1": "补充宣传海报",
        "due_1": (today + timedelta(days=10)).isoformat(),
        "action_2": "没有日期",
    }
    page = client.post("/workforce/supervision/new/", data)
    assert page.status_code == 200  # the second action has no due date
    del data["action_2"]
    assert client.post("/workforce/supervision/new/", data).status_code == 302
    assert FollowUpAction.objects.get().text == "补充宣传海报"


@pytest.mark.django_db
def test_an_overdue_action_is_alerted_once_to_its_author_and_the_village_cwds(people, geo, today):
    actions.do_record_log(
        people["supervisor"], village=geo["village_a"], visited_on=today - timedelta(days=20), checked=["files"],
        findings="", actions=[("补录电话", today - timedelta(days=1))],
    )  # fmt: skip
    services.nightly(today)
    services.nightly(today)
    got = Alert.objects.filter(kind="supervision_action_overdue")
    assert sorted(a.recipient.username for a in got) == ["cwd_a", "sup1"]


def test_the_draw_is_reproducible_and_takes_two_to_four_per_township():
    first = draw(4711, 3, VILLAGES)
    assert first == draw(4711, 3, list(reversed(VILLAGES)))
    for township in ("511324100", "511324101", "511324102"):
        assert sum(code.startswith(township) for code in first) == 3
    assert draw(4712, 3, VILLAGES) != first  # another seed, another draw (for these seeds)


@pytest.mark.django_db
def test_the_county_draws_a_spot_check_and_the_supervisor_scores_their_village(people, geo, today, login):
    check = actions.do_draw_spot_check(people["county"], geo["county"], per_township=2, seed=77, drawn_on=today)
    drawn = sorted(check.villages.values_list("village_id", flat=True))
    assert drawn == sorted([geo["village_a"].code, geo["village_b"].code, geo["village_c"].code])
    again = actions.do_draw_spot_check(people["county"], geo["county"], per_township=2, seed=77, drawn_on=today)
    assert sorted(again.villages.values_list("village_id", flat=True)) == drawn
    page = login(people["county"]).get(f"/workforce/spot-checks/{check.uuid}/").content.decode()
    assert 'data-seed="77"' in page
    for who in ("supervisor", "cwd_a", "other_county"):
        with pytest.raises(actions.ActionError):
            actions.do_draw_spot_check(people[who], geo["county"], per_township=2, drawn_on=today)
    with pytest.raises(actions.ActionError):
        actions.do_draw_spot_check(people["county"], geo["county"], per_township=5, drawn_on=today)
    # The supervisor of township 1 scores village A; village C (township 2) is not theirs.
    client = login(people["supervisor"])
    url = f"/workforce/spot-checks/{check.uuid}/{geo['village_a'].code}/"
    data = {
        "score_files": "4", "score_visits": "3", "score_childrens_home": "1", "score_awareness": "5",
        "checked_on": today.isoformat(), "findings": "儿童之家长期关闭", "action_1": "恢复开放",
        "due_1": (today + timedelta(days=14)).isoformat(),
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    spot = SpotCheckVillage.objects.get(spot_check=check, village=geo["village_a"])
    assert spot.total == 13
    assert spot.actions.get().text == "恢复开放"
    assert client.get(f"/workforce/spot-checks/{check.uuid}/{geo['village_c'].code}/").status_code == 404
    assert login(people["other_county"]).get(f"/workforce/spot-checks/{check.uuid}/").status_code == 404
    assert AuditEvent.objects.filter(action="wf_spot", details__village=geo["village_a"].code).exists()


@pytest.mark.django_db
def test_quiet_workers_have_no_visit_contact_or_login_for_n_days(people, workers, kids, today, login):
    Visit.objects.create(child=kids["a"], visited_on=today - timedelta(days=3), recorded_by=people["cwd_a"])
    ParentContact.objects.create(
        child=kids["b"], parent_role="father", contact_on=today - timedelta(days=40), recorded_by=people["cwd_b"]
    )
    quiet = {q.worker.user.username for q in queries.quiet_workers(list(workers.values()), today, 30)}
    assert quiet == {"cwd_b", "cwd_c", "cwd_d"}
    # Supervisors see their own township's; the county all of its own.
    page = login(people["supervisor"]).get("/workforce/quiet/?days=30").content.decode()
    assert "cwd_b" in page
    assert "cwd_c" not in page
    page = login(people["county"]).get("/workforce/quiet/?days=30").content.decode()
    assert "cwd_c" in page
    assert "cwd_d" not in page


@pytest.mark.django_db
def test_a_new_cwds_first_visits_are_marked_for_review(people, workers, kids, today, login):
    cwd = workers["cwd_a"]
    cwd.review_visits, cwd.appointed_on = 2, today - timedelta(days=10)
    cwd.save()
    visits = [
        Visit.objects.create(child=kids["a"], visited_on=today - timedelta(days=d), recorded_by=people["cwd_a"])
        for d in (8, 5, 2)
    ]
    services.nightly(today)
    services.nightly(today)
    assert sorted(VisitReview.objects.values_list("visit_id", flat=True)) == sorted(v.pk for v in visits[:2])
    review = VisitReview.objects.first()
    assert login(people["supervisor_t2"]).post(f"/workforce/supervision/reviews/{review.pk}/").status_code == 404
    page = login(people["supervisor"]).get("/workforce/supervision/")
    assert "张伟" in page.content.decode()
    assert AuditEvent.objects.filter(action="view", actor=people["supervisor"], child=kids["a"]).exists()
    client = login(people["supervisor"])
    assert client.post(f"/workforce/supervision/reviews/{review.pk}/", {"comment": "很好"}).status_code == 302
    review.refresh_from_db()
    assert review.reviewed_by == people["supervisor"]
    assert review.comment == "很好"


@pytest.mark.django_db
def test_today_shows_the_workforce_card_to_supervisors_and_the_county_only(people, workers, today, login):
    page = login(people["county"]).get("/today/").content.decode()
    assert 'data-panel="workforce-today"' in page
    assert "每个村都有儿童主任" in page
    assert 'data-panel="workforce-today"' not in login(people["cwd_a"]).get("/today/").content.decode()
    # The top bar: a folded link for supervisors; none for the county (its laptop bar is full).
    assert 'href="/workforce/"' in login(people["supervisor"]).get("/today/").content.decode().split("</nav>")[0]
    assert 'class="more" href="/workforce/"' not in page


@pytest.mark.django_db
def test_the_today_card_costs_three_queries(people, workers, today, rf, django_assert_max_num_queries):
    request = rf.get("/today/")
    request.user = people["county"]
    with django_assert_max_num_queries(3):
        html = workforce_today(request, today)
    assert "workforce-today" in html
