"""Every write of training: courses and their content, sessions with attendance, quiz attempts
and the certificates they earn. Each action checks permission again, runs in one transaction and
writes its audit event."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import do_log
from core.errors import ActionError
from core.versioning import StaleEdit, claim_version
from geo.models import Division

from . import access, queries
from .audit_actions import CERTIFICATE, COURSE, QUIZ, SESSION
from .models import Attempt, Attendance, Certificate, Course, Page, Question, Session

COURSE_FIELDS = ("title", "topic", "language", "summary", "hours", "required", "valid_months", "pass_mark", "is_active")


@transaction.atomic
def do_save_course(actor: User, course: Course | None, *, seen_version: int | None = None, **values) -> Course:
    """Create a course of the actor's county (a national one for an administrator), or edit one;
    StaleEdit if it was saved by someone else since the form was opened."""
    if not access.can_manage(actor, course):
        raise ActionError(_("You may not manage this course."))
    if course is None:
        county = actor.division if actor.role == User.Role.COUNTY_OFFICER else None
        course = Course.objects.create(county=county, created_by=actor, **values)
        old = {}
    else:
        if not claim_version(Course, course.pk, seen_version):
            raise StaleEdit(list(values), current=Course.objects.get(pk=course.pk))
        old = {k: str(getattr(course, k)) for k in values}
        for k, v in values.items():
            setattr(course, k, v)
        course.save(update_fields=list(values))
        course.lock_version = (seen_version or 0) + 1
    changed = {k: [old.get(k), str(v)] for k, v in values.items() if old.get(k) != str(v)}
    do_log(actor, COURSE, details={"course": course.pk, "changed": changed})
    return course


@transaction.atomic
def do_replace_content(actor: User, course: Course, pages: list[dict], questions: list[dict]) -> None:
    """Replace the course's pages and quiz with the ones given (the editing form sends them all)."""
    if not access.can_manage(actor, course):
        raise ActionError(_("You may not manage this course."))
    for q in questions:
        if not 0 <= q["answer"] < len(q["choices"]):
            raise ActionError(_("A question's right answer must be one of its answers."))
    course.pages.all().delete()
    course.questions.all().delete()
    Page.objects.bulk_create(Page(course=course, order=i, **p) for i, p in enumerate(pages, 1))
    Question.objects.bulk_create(Question(course=course, order=i, **q) for i, q in enumerate(questions, 1))
    do_log(actor, COURSE, details={"course": course.pk, "pages": len(pages), "questions": len(questions)})


def _certify(worker: User, course: Course, day: date, **source) -> Certificate:
    cert = Certificate.objects.create(
        worker=worker, course=course, issued_on=day, expires_on=queries.expiry(day, course), **source
    )
    do_log(worker, CERTIFICATE, details={"course": course.pk, "certificate": cert.pk, "expires": str(cert.expires_on)})
    return cert


@transaction.atomic
def do_submit_quiz(actor: User, course: Course, answers: dict[int, int]) -> tuple[Attempt, Certificate | None]:
    """Mark the actor's answers (question id -> index of the answer chosen); a pass at the course's
    mark earns the certificate at once. A question left unanswered counts as wrong."""
    access.access_course(actor, course.pk)
    if not course.is_active:
        raise ActionError(_("This course is not open for study."))
    questions = list(course.questions.all())
    if not questions:
        raise ActionError(_("This course has no quiz yet."))
    right = sum(1 for q in questions if answers.get(q.pk) == q.answer)
    score = round(100 * right / len(questions))
    attempt = Attempt.objects.create(
        course=course,
        worker=actor,
        answers={str(k): v for k, v in answers.items()},
        score=score,
        passed=score >= course.pass_mark,
    )
    do_log(actor, QUIZ, details={"course": course.pk, "score": score, "passed": attempt.passed})
    cert = None
    if attempt.passed:
        cert = _certify(actor, course, timezone.localdate(), source=Certificate.Source.QUIZ, attempt=attempt)
    return attempt, cert


@transaction.atomic
def do_record_session(
    actor: User,
    *,
    course: Course,
    area: Division,
    held_on: date,
    place: str,
    trainer: str,
    hours: Decimal,
    certifies: bool,
    workers: list[User],
) -> Session:
    """Record a session held for the actor's county or township and who attended; attendance
    earns the course's certificate when the session certifies."""
    if not access.can_record_sessions(actor) or not access.session_areas(actor).filter(pk=area.pk).exists():
        raise ActionError(_("You may not record a session here."))
    access.access_course(actor, course.pk)
    allowed = set(access.workers_for(actor).values_list("pk", flat=True))
    if any(w.pk not in allowed for w in workers):
        raise ActionError(_("One of the workers is not yours to record."))
    if held_on > timezone.localdate():
        raise ActionError(_("A session is recorded after it was held."))
    session = Session.objects.create(
        course=course,
        area=area,
        held_on=held_on,
        place=place,
        trainer=trainer,
        hours=hours,
        certifies=certifies,
        recorded_by=actor,
    )
    Attendance.objects.bulk_create(Attendance(session=session, worker=w, hours=hours) for w in workers)
    if certifies:
        for w in workers:
            _certify(w, course, held_on, source=Certificate.Source.SESSION, session=session)
    do_log(actor, SESSION, details={"session": session.pk, "course": course.pk, "attended": len(workers)})
    return session
