"""Training in the demo county (manage.py seed_demo, demo.discovery): the two self-study courses
(mandatory reporting and measuring a child, in Chinese with English and Japanese versions), the
Chinese ones required of every worker; a county session on mandatory reporting two years ago that
most CWDs attended (some certificates now end soon or have ended), a township session this year;
and a few quizzes passed. The first CWD (`cwd1`) holds the reporting certificate but not yet the
measuring one, so that the demo shows a course to take."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from geo.models import Division

from .actions import do_record_session, do_replace_content, do_save_course
from .demo_courses import GROWTH, REPORTING
from .models import Attempt, Certificate, Course, Topic
from .queries import expiry

ORDER = 50  # needs only the personas


def _courses(officer: User) -> dict[tuple[str, str], Course]:
    made = {}
    for topic, content, hours in ((Topic.REPORTING, REPORTING, "2"), (Topic.GROWTH, GROWTH, "1.5")):
        for lang, c in content.items():
            course = do_save_course(
                officer,
                None,
                title=c["title"],
                topic=topic,
                language=lang,
                summary=c["summary"],
                hours=Decimal(hours),
                required=lang == "zh-hans",
                valid_months=24,
                pass_mark=80,
                is_active=True,
            )
            do_replace_content(
                officer,
                course,
                [{"title": t, "body": b} for t, b in c["pages"]],
                [{"text": q, "choices": ch, "answer": a, "explanation": e} for q, ch, a, e in c["questions"]],
            )
            made[(topic, lang)] = course
    return made


def seed(county: str, *, seed: int, today: date) -> str:
    officer = User.objects.filter(role=User.Role.COUNTY_OFFICER, division_id=county, is_active=True).order_by("pk")
    officer = officer.first()
    if officer is None or Course.objects.filter(county_id=county).exists():
        return "no training (no county officer, or courses exist)"
    rng = random.Random(seed * 31 + 7)
    courses = _courses(officer)
    reporting, growth = courses[(Topic.REPORTING, "zh-hans")], courses[(Topic.GROWTH, "zh-hans")]
    cwds = list(
        User.objects.filter(role=User.Role.CWD, division__code__startswith=county, is_active=True).order_by("pk")
    )
    first = next((u for u in cwds if u.username == "cwd1"), None)
    # Two years ago, less three weeks: the certificates of that session end within 60 days.
    attended = [u for u in cwds if u == first or rng.random() < 0.8]
    held = today - timedelta(days=2 * 365 - 21)
    do_record_session(
        officer,
        course=reporting,
        area=Division.objects.get(code=county),
        held_on=held,
        place="县民政局三楼会议室",
        trainer="县民政局儿童福利股",
        hours=Decimal(3),
        certifies=True,
        workers=attended,
    )
    # Some renewed this year by self-study; one ended a month ago without renewal.
    passed = 0
    for u in attended:
        roll = rng.random()
        if u != first and roll < 0.4:
            _passed(u, reporting, today - timedelta(days=rng.randint(10, 200)))
            passed += 1
        if u != first and roll > 0.5:
            _passed(u, growth, today - timedelta(days=rng.randint(10, 300)))
            passed += 1
    supervisor = User.objects.filter(role=User.Role.SUPERVISOR, division__code__startswith=county).order_by("pk")
    supervisor = supervisor.first()
    if supervisor is not None:
        township = [u for u in cwds if u.division_id.startswith(supervisor.division_id) and u != first]
        do_record_session(
            supervisor,
            course=growth,
            area=supervisor.division,
            held_on=today - timedelta(days=40),
            place=f"{supervisor.division.name}便民服务中心",
            trainer="乡镇卫生院儿保医生",
            hours=Decimal(2),
            certifies=True,
            workers=township[: max(1, len(township) // 2)],
        )
    return f"{len(courses)} courses, 2 sessions, {len(attended)} CWDs trained, {passed} quizzes passed"


def _passed(worker: User, course: Course, day: date) -> None:
    """A quiz passed on `day` (written directly: the action dates everything today)."""
    answers = {str(q.pk): q.answer for q in course.questions.all()}
    attempt = Attempt.objects.create(course=course, worker=worker, answers=answers, score=100, passed=True)
    Attempt.objects.filter(pk=attempt.pk).update(taken_at=date_time(day))
    Certificate.objects.create(
        worker=worker,
        course=course,
        source=Certificate.Source.QUIZ,
        issued_on=day,
        expires_on=expiry(day, course),
        attempt=attempt,
    )


def date_time(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))
