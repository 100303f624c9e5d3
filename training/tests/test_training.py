"""Training and certification (issue 16): courses, the quiz and its certificate, sessions with
attendance, hours per year, who is trained, the county's list and its export, scope (404), the
nightly alerts, the dashboards' figures and the demo."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from alerts.models import Alert
from audit.models import AuditEvent
from core.errors import ActionError
from training import actions, queries, services
from training.alert_kinds import CERT_EXPIRED, CERT_EXPIRING
from training.audit_actions import EXPORT, QUIZ
from training.demo_courses import GROWTH, REPORTING
from training.indicators import training_figures
from training.models import Attempt, Certificate, Course, Topic

TODAY = timezone.localdate()


def make_course(officer, *, topic=Topic.REPORTING, language="zh-hans", required=True, title="强制报告", **kw):
    course = actions.do_save_course(
        officer,
        None,
        title=title,
        topic=topic,
        language=language,
        summary="",
        hours=Decimal("2"),
        required=required,
        valid_months=24,
        pass_mark=kw.pop("pass_mark", 80),
        is_active=True,
    )
    content = REPORTING[language] if topic == Topic.REPORTING else GROWTH[language]
    actions.do_replace_content(
        officer,
        course,
        [{"title": t, "body": b} for t, b in content["pages"]],
        [{"text": q, "choices": ch, "answer": a, "explanation": e} for q, ch, a, e in content["questions"]],
    )
    return course


def right_answers(course) -> dict[int, int]:
    return {q.pk: q.answer for q in course.questions.all()}


@pytest.fixture
def course(people):
    return make_course(people["county"])


def test_passing_the_quiz_earns_the_certificate_with_its_expiry(people, course):
    attempt, cert = actions.do_submit_quiz(people["cwd_a"], course, right_answers(course))
    assert attempt.passed
    assert attempt.score == 100
    assert cert.worker == people["cwd_a"]
    assert cert.source == Certificate.Source.QUIZ
    assert cert.issued_on == TODAY
    assert cert.expires_on == queries.expiry(TODAY, course)
    assert (cert.expires_on.year - TODAY.year) * 12 + cert.expires_on.month - TODAY.month == 24
    assert AuditEvent.objects.filter(action=QUIZ, actor=people["cwd_a"]).exists()


def test_a_failed_quiz_earns_nothing_and_counts_unanswered_as_wrong(people, course):
    answers = right_answers(course)
    first = next(iter(answers))
    answers.pop(first)  # 5 of 6 right: 83 %, a pass at 80 …
    attempt, cert = actions.do_submit_quiz(people["cwd_a"], course, answers)
    assert attempt.score == 83
    assert attempt.passed
    assert cert is not None
    wrong = {pk: (a + 1) % 4 for pk, a in right_answers(course).items()}
    attempt, cert = actions.do_submit_quiz(people["cwd_b"], course, wrong)
    assert attempt.score == 0
    assert not attempt.passed
    assert cert is None
    assert not Certificate.objects.filter(worker=people["cwd_b"]).exists()


def test_the_quiz_page_keeps_the_answers_given_when_one_is_missing(client, people, course):
    client.force_login(people["cwd_a"])
    questions = list(course.questions.all())
    data = {f"q{q.pk}": q.answer for q in questions[:-1]}
    response = client.post(reverse("training_quiz", args=[course.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "请回答每一道题" in body or "Please answer every question" in body
    assert f'value="{questions[0].answer}" id="id_q{questions[0].pk}_{questions[0].answer}" required checked' in body
    assert not Attempt.objects.exists()
    data[f"q{questions[-1].pk}"] = questions[-1].answer
    response = client.post(reverse("training_quiz", args=[course.pk]), data)
    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("training_result", args=[course.pk, attempt.pk])
    page = client.get(response.url).content.decode()
    assert certificate_number(people["cwd_a"]) in page


def certificate_number(worker) -> str:
    return Certificate.objects.get(worker=worker).number


def test_hours_count_sessions_attended_and_each_course_passed_once_a_year(people, geo, course):
    sup = people["supervisor"]
    actions.do_record_session(
        sup,
        course=course,
        area=geo["t1"],
        held_on=TODAY,
        place="镇政府",
        trainer="县民政局",
        hours=Decimal("3"),
        certifies=False,
        workers=[people["cwd_a"], people["cwd_b"]],
    )
    actions.do_submit_quiz(people["cwd_a"], course, right_answers(course))
    actions.do_submit_quiz(people["cwd_a"], course, right_answers(course))  # again: still 2 hours
    hours = queries.hours_in_year([people["cwd_a"].pk, people["cwd_b"].pk, people["cwd_c"].pk], TODAY.year)
    assert hours == {people["cwd_a"].pk: Decimal("5"), people["cwd_b"].pk: Decimal("3")}
    assert queries.hours_in_year([people["cwd_a"].pk], TODAY.year - 1) == {}


def test_a_required_course_is_held_through_its_other_language_version(people, course):
    english = make_course(people["county"], language="en", required=False, title="Mandatory reporting")
    required = queries.required_courses(Course.objects.all())
    assert required == [course]
    actions.do_submit_quiz(people["cwd_a"], english, right_answers(english))
    record = queries.records([people["cwd_a"], people["cwd_b"]], required, TODAY)
    assert [r.overall for r in record] == [queries.Standing.VALID, queries.Standing.NONE]
    assert record[0].trained
    assert not record[1].trained


def test_standing_ends_soon_then_ends(people, course):
    Certificate.objects.create(
        worker=people["cwd_a"], course=course, source="session", issued_on=TODAY, expires_on=TODAY + timedelta(days=30)
    )
    Certificate.objects.create(
        worker=people["cwd_b"], course=course, source="session", issued_on=TODAY, expires_on=TODAY - timedelta(days=1)
    )
    a, b = queries.records([people["cwd_a"], people["cwd_b"]], [course], TODAY)
    assert a.overall == queries.Standing.EXPIRING
    assert a.trained
    assert b.overall == queries.Standing.EXPIRED
    assert not b.trained


def test_another_countys_required_course_does_not_apply(people, geo, course):
    theirs = make_course(people["other_county"], topic=Topic.GROWTH, title="量身高")
    required = queries.required_courses(Course.objects.all())
    actions.do_submit_quiz(people["cwd_a"], course, right_answers(course))
    (record,) = queries.records([people["cwd_a"]], required, TODAY)
    assert [c for c, _s, _d in record.courses] == [course]
    assert theirs not in [c for c, _s, _d in record.courses]


def test_session_attendance_is_recorded_only_for_ones_own_workers_and_certifies(people, geo, course):
    sup = people["supervisor"]
    with pytest.raises(ActionError):
        actions.do_record_session(
            sup,
            course=course,
            area=geo["t1"],
            held_on=TODAY,
            place="镇政府",
            trainer="县民政局",
            hours=Decimal("2"),
            certifies=True,
            workers=[people["cwd_c"]],  # township 2
        )
    with pytest.raises(ActionError):
        actions.do_record_session(
            sup,
            course=course,
            area=geo["county"],  # a supervisor holds sessions for the township only
            held_on=TODAY,
            place="县城",
            trainer="县民政局",
            hours=Decimal("2"),
            certifies=True,
            workers=[people["cwd_a"]],
        )
    with pytest.raises(ActionError):
        actions.do_record_session(
            sup,
            course=course,
            area=geo["t1"],
            held_on=TODAY + timedelta(days=1),
            place="镇政府",
            trainer="县民政局",
            hours=Decimal("2"),
            certifies=True,
            workers=[people["cwd_a"]],
        )
    session = actions.do_record_session(
        sup,
        course=course,
        area=geo["t1"],
        held_on=TODAY - timedelta(days=3),
        place="镇政府",
        trainer="县民政局",
        hours=Decimal("2"),
        certifies=True,
        workers=[people["cwd_a"], people["cwd_b"]],
    )
    certs = Certificate.objects.filter(session=session)
    assert sorted(c.worker.username for c in certs) == ["cwd_a", "cwd_b"]
    assert {c.issued_on for c in certs} == {TODAY - timedelta(days=3)}


def test_the_county_list_shows_standing_totals_and_trained_share_by_township(client, people, course):
    actions.do_submit_quiz(people["cwd_a"], course, right_answers(course))
    client.force_login(people["county"])
    response = client.get(reverse("training_workers"))
    assert response.status_code == 200
    names = {r.worker.username for r in response.context["page"]}
    assert names == {"cwd_a", "cwd_b", "cwd_c", "sup1", "sup2", "county"}  # never the other county's
    assert response.context["counts"]["trained"] == 1
    areas = {a["name"]: (a["cwds"], a["trained"]) for a in response.context["areas"]}
    assert areas == {"金城镇": (2, 1), "新政镇": (1, 0)}
    untrained = client.get(reverse("training_workers") + "?standing=untrained")
    assert "cwd_a" not in {r.worker.username for r in untrained.context["page"]}
    assert untrained.context["page"].paginator.count == 5


def test_a_supervisor_sees_the_townships_workers_and_a_cwd_only_herself(client, people, course):
    client.force_login(people["supervisor"])
    response = client.get(reverse("training_workers"))
    assert {r.worker.username for r in response.context["page"]} == {"cwd_a", "cwd_b", "sup1"}
    assert client.get(reverse("training_worker", args=[people["cwd_c"].pk])).status_code == 404
    client.force_login(people["cwd_a"])
    assert client.get(reverse("training_workers")).status_code == 404
    assert client.get(reverse("training_worker", args=[people["cwd_b"].pk])).status_code == 404
    assert client.get(reverse("training_worker", args=[people["cwd_a"].pk])).status_code == 200
    assert client.get(reverse("training_home")).status_code == 200


def test_another_countys_course_and_outsiders_get_404(client, people, course):
    theirs = make_course(people["other_county"], title="南部县课程")
    client.force_login(people["cwd_a"])
    assert client.get(reverse("training_course", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("training_quiz", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("training_course", args=[course.pk])).status_code == 200
    assert client.get(reverse("training_course_edit", args=[course.pk])).status_code == 404
    client.force_login(people["partner"])
    assert client.get(reverse("training_home")).status_code == 404
    assert client.get(reverse("training_course", args=[course.pk])).status_code == 404
    client.force_login(people["other_county"])
    assert client.get(reverse("training_course_edit", args=[course.pk])).status_code == 404


def test_the_export_is_formula_safe_and_audited(client, people, course):
    people["cwd_a"].full_name = "=HYPERLINK(1)"
    people["cwd_a"].save()
    client.force_login(people["county"])
    response = client.get(reverse("training_workers_xlsx"))
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert "'=HYPERLINK(1)" in cells
    assert course.title in cells
    assert AuditEvent.objects.filter(action=EXPORT, actor=people["county"]).exists()


def test_the_county_writes_a_course_and_a_stale_save_asks(client, people):
    client.force_login(people["county"])
    data = {
        "title": "家庭监护",
        "topic": Topic.GUARDIANSHIP,
        "language": "zh-hans",
        "summary": "",
        "hours": "1",
        "required": "on",
        "valid_months": "12",
        "pass_mark": "80",
        "is_active": "on",
        "pages-TOTAL_FORMS": "1",
        "pages-INITIAL_FORMS": "0",
        "pages-0-title": "监护人的责任",
        "pages-0-body": "父母外出务工，要委托有能力的亲属照护孩子。",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "父母外出务工前要做什么？",
        "questions-0-choices": "什么都不用做\n委托有照护能力的亲属\n让孩子自己住",
        "questions-0-answer": "2",
        "questions-0-explanation": "",
    }
    response = client.post(reverse("training_course_new"), data)
    course = Course.objects.get(title="家庭监护")
    assert response.status_code == 302
    assert course.county == people["county"].division
    assert course.required
    assert course.questions.get().answer == 1
    assert course.pages.count() == 1
    # A right answer beyond the answers offered is refused, with what was typed kept.
    bad = {**data, "questions-0-answer": "5"}
    edit = reverse("training_course_edit", args=[course.pk])
    page = client.get(edit)
    bad.update({"lock_version": page.context["form"]["lock_version"].value(), "lock_base": ""})
    response = client.post(edit, bad)
    assert response.status_code == 200
    assert "父母外出务工前要做什么？" in response.content.decode()
    # Two officers open the form; the second save merges or asks, never overwrites silently.
    opened = client.get(edit).context["form"]
    version, base = opened["lock_version"].value(), opened["lock_base"].value()
    actions.do_save_course(people["county"], course, seen_version=course.lock_version, title="家庭监护（新）")
    mine = {**data, "title": "家庭监护（二）", "lock_version": version, "lock_base": base}
    response = client.post(edit, mine)
    assert response.status_code == 409  # the conflict page: both changed the title
    course.refresh_from_db()
    assert course.title == "家庭监护（新）"


def test_nightly_alerts_before_and_after_a_certificate_ends(people, course):
    soon = Certificate.objects.create(
        worker=people["cwd_a"], course=course, source="session", issued_on=TODAY, expires_on=TODAY + timedelta(days=20)
    )
    ended = Certificate.objects.create(
        worker=people["cwd_b"], course=course, source="session", issued_on=TODAY, expires_on=TODAY - timedelta(days=1)
    )
    result = services.nightly(TODAY)
    assert result["expiring"] == 1
    assert result["ended"] == 1
    expiring = Alert.objects.filter(kind=CERT_EXPIRING)
    assert [a.recipient.username for a in expiring] == ["cwd_a"]
    assert expiring[0].params["course_id"] == course.pk
    assert soon.pk
    told = sorted(a.recipient.username for a in Alert.objects.filter(kind=CERT_EXPIRED))
    assert told == ["county", "cwd_b", "sup1"]
    assert ended.pk
    services.nightly(TODAY)  # once per certificate
    assert Alert.objects.filter(kind__in=[CERT_EXPIRING, CERT_EXPIRED]).count() == 4
    # Renewed in time: no more alert for the new holder of the old certificate.
    Alert.objects.all().delete()
    actions.do_submit_quiz(people["cwd_a"], course, right_answers(course))
    services.nightly(TODAY)
    assert not Alert.objects.filter(kind=CERT_EXPIRING).exists()


def test_the_dashboards_figures_count_trained_cwds_and_hours_per_village(people, geo, course):
    actions.do_submit_quiz(people["cwd_a"], course, right_answers(course))
    figures = training_figures(TODAY, "511324")
    assert figures["511324100201"] == {"cwds_trained": 1, "training_hours": 2}
    assert figures["511324100202"] == {"cwds_trained": 0, "training_hours": 0}
    assert "511321100201" not in figures


def test_course_content_is_complete_in_every_language():
    for content in (REPORTING, GROWTH):
        assert set(content) == {"zh-hans", "en", "ja"}
        for c in content.values():
            assert len(c["pages"]) >= 3
            assert 5 <= len(c["questions"]) <= 8
            for _q, choices, answer, why in c["questions"]:
                assert 0 <= answer < len(choices)
                assert why


@pytest.mark.django_db
def test_expiry_keeps_month_ends():
    course = Course(valid_months=12)
    assert queries.expiry(date(2024, 2, 29), course) == date(2025, 2, 28)
