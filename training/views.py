"""Pages of training: a worker's own record, a course to study and its quiz, the county's and
township's list of workers with their standing, sessions with attendance, and course editing.

Every course, worker and session comes from training.access; every write from training.actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.models import User
from audit.actions import do_log
from core.errors import ActionError
from core.scope import scope_division
from core.sheets import safe_row
from core.versioning import conflict, merge_choices, save_merging
from geo.models import CODE_LENGTH, Division

from . import access, actions, queries
from .audit_actions import EXPORT
from .forms import CourseForm, PageFormSet, QuestionFormSet, QuizForm, SessionForm
from .models import Attempt, Certificate, Course

WORKERS_PAGE = 50
SESSIONS_PAGE = 30
STANDINGS = {
    queries.Standing.NONE: "untrained",
    queries.Standing.EXPIRED: "expired",
    queries.Standing.EXPIRING: "expiring",
    queries.Standing.VALID: "trained",
}


def _staff(request):
    if access.county_code(request.user) is None:
        raise Http404


@login_required
def home(request):
    """My training: hours this year, certificates, the required courses and what to study."""
    _staff(request)
    user, today = request.user, timezone.localdate()
    courses = access.courses_for(user).filter(is_active=True).annotate(n_questions=Count("questions"))
    required = queries.required_courses(access.courses_for(user))
    record = queries.records([user], required, today)[0]
    certificates = Certificate.objects.filter(worker=user).select_related("course")[:50]
    lang = request.LANGUAGE_CODE
    ordered = sorted(courses, key=lambda c: (c.language != lang, not c.required, c.topic, c.title))
    return render(
        request,
        "training/home.html",
        {
            "record": record,
            "courses": ordered,
            "certificates": certificates,
            "today": today,
            "year": today.year,
            "can_see_workers": access.can_see_workers(user),
            "can_manage": access.can_manage(user),
        },
    )


@login_required
def course(request, pk: int):
    """One page of a course's text at a time (on a phone), then the quiz."""
    c = access.access_course(request.user, pk)
    pages = list(c.pages.all())
    try:
        number = max(1, min(int(request.GET.get("p", 1)), max(len(pages), 1)))
    except ValueError:
        number = 1
    page = pages[number - 1] if pages else None
    last = Certificate.objects.filter(worker=request.user, course=c).order_by("-expires_on").first()
    return render(
        request,
        "training/course.html",
        {
            "course": c,
            "page": page,
            "number": number,
            "total": len(pages),
            "has_quiz": c.questions.exists(),
            "certificate": last,
            "today": timezone.localdate(),
            "can_manage": access.can_manage(request.user, c),
        },
    )


@login_required
def quiz(request, pk: int):
    c = access.access_course(request.user, pk)
    questions = list(c.questions.all())
    if not questions or not c.is_active:
        raise Http404
    form = QuizForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            attempt, _cert = actions.do_submit_quiz(request.user, c, form.answers())
        except ActionError as e:
            form.add_error(None, str(e))
        else:
            return redirect("training_result", pk=c.pk, attempt=attempt.pk)
    return render(request, "training/quiz.html", {"course": c, "form": form, "total": len(questions)})


@login_required
def result(request, pk: int, attempt: int):
    c = access.access_course(request.user, pk)
    try:
        a = Attempt.objects.get(pk=attempt, course=c, worker=request.user)
    except Attempt.DoesNotExist:
        raise Http404 from None
    rows = []
    for q in c.questions.all():
        given = a.answers.get(str(q.pk))
        rows.append(
            {
                "question": q,
                "given": q.choices[given] if isinstance(given, int) and 0 <= given < len(q.choices) else "",
                "right": q.choices[q.answer] if q.answer < len(q.choices) else "",
                "ok": given == q.answer,
            }
        )
    cert = Certificate.objects.filter(attempt=a).first()
    return render(request, "training/result.html", {"course": c, "attempt": a, "rows": rows, "certificate": cert})


def _worker_rows(request):
    user, today = request.user, timezone.localdate()
    workers = access.workers_for(user).filter(is_active=True).select_related("division")
    role = request.GET.get("role", "")
    if role in (User.Role.CWD, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER):
        workers = workers.filter(role=role)
    required = queries.required_courses(access.courses_for(user))
    rows = queries.records(workers.order_by("division_id", "full_name", "pk"), required, today)
    standing = request.GET.get("standing", "")
    counts = dict.fromkeys(STANDINGS.values(), 0)
    for r in rows:
        counts[STANDINGS[r.overall]] += 1
    if standing in counts:
        rows = [r for r in rows if STANDINGS[r.overall] == standing]
    return rows, required, counts, standing, role


def _by_township(request, today) -> list[dict]:
    """Trained share of the active CWDs per township (the county's view) or village (a supervisor's)."""
    user = request.user
    scope = scope_division(user)
    level = (
        Division.Level.TOWNSHIP if scope is None or scope.level < Division.Level.TOWNSHIP else Division.Level.VILLAGE
    )
    width = CODE_LENGTH[level]
    cwds = list(access.workers_for(user).filter(role=User.Role.CWD, is_active=True).values_list("pk", "division_id"))
    county = dict(cwds)
    required = queries.required_courses(access.courses_for(user))
    trained = queries.trained_ids(list(county), required, today, lambda wid: (county[wid] or "")[:6])
    areas: dict[str, list[int]] = {}
    for pk, code in cwds:
        unit = areas.setdefault((code or "")[:width], [0, 0])
        unit[0] += 1
        unit[1] += pk in trained
    names = dict(Division.objects.filter(code__in=areas).values_list("code", "name"))
    return [
        {"name": names.get(code, code), "cwds": n, "trained": t, "share": round(100 * t / n) if n else 0}
        for code, (n, t) in sorted(areas.items(), key=lambda kv: kv[1][1] / kv[1][0] if kv[1][0] else 1)
    ]


@login_required
def workers(request):
    if not access.can_see_workers(request.user):
        raise Http404
    rows, required, counts, standing, role = _worker_rows(request)
    page = Paginator(rows, WORKERS_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/workers.html",
        {
            "page": page,
            "required": required,
            "counts": counts,
            "standing": standing,
            "role": role,
            "areas": _by_township(request, timezone.localdate()),
            "year": timezone.localdate().year,
            "roles": [(User.Role.CWD, User.Role.CWD.label), (User.Role.SUPERVISOR, User.Role.SUPERVISOR.label)],
        },
    )


@login_required
def workers_xlsx(request):
    if not access.can_see_workers(request.user):
        raise Http404
    rows, required, _counts, _standing, _role = _worker_rows(request)
    labels = {
        queries.Standing.VALID: _("valid"),
        queries.Standing.EXPIRING: _("ends soon"),
        queries.Standing.EXPIRED: _("ended"),
        queries.Standing.NONE: _("not taken"),
    }
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Training"))
    ws.append(safe_row([_("Name"), _("Role"), _("Place"), _("Learning hours this year"), *(c.title for c in required)]))
    for r in rows:
        w = r.worker
        by_course = {c.pk: (s, d) for c, s, d in r.courses}
        cells = []
        for c in required:
            s, d = by_course.get(c.pk, (None, None))
            cells.append("" if s is None else f"{labels[s]} {d or ''}".strip())
        ws.append(
            safe_row([w.display_name, w.get_role_display(), w.division.name if w.division else "", r.hours, *cells])
        )
    ws.append(safe_row([_("Total"), "", "", "", _("%(n)s workers") % {"n": len(rows)}]))
    do_log(request.user, EXPORT, details={"workers": len(rows)}, request=request)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="shouhu-training.xlsx"'
    wb.save(response)
    return response


@login_required
def worker(request, pk: int):
    if not access.can_see_workers(request.user) and pk != request.user.pk:
        raise Http404
    w = access.access_worker(request.user, pk)
    today = timezone.localdate()
    required = queries.required_courses(access.courses_for(request.user))
    record = queries.records([w], required, today)[0]
    return render(
        request,
        "training/worker.html",
        {
            "record": record,
            "worker": w,
            "certificates": Certificate.objects.filter(worker=w).select_related("course")[:100],
            "attendance": w.attendance.select_related("session", "session__course").order_by("-session__held_on")[:100],
            "attempts": Attempt.objects.filter(worker=w).select_related("course")[:50],
            "today": today,
        },
    )


@login_required
def sessions(request):
    if not access.can_record_sessions(request.user):
        raise Http404
    qs = access.sessions_for(request.user).select_related("course", "area").annotate(n=Count("attendance"))
    page = Paginator(qs, SESSIONS_PAGE).get_page(request.GET.get("page"))
    return render(request, "training/sessions.html", {"page": page})


@login_required
def session_new(request):
    user = request.user
    if not access.can_record_sessions(user):
        raise Http404
    form = SessionForm(
        request.POST or None,
        courses=access.courses_for(user).filter(is_active=True),
        areas=access.session_areas(user),
        workers=access.workers_for(user).filter(is_active=True).select_related("division").order_by("division_id"),
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session = actions.do_record_session(
                user,
                course=d["course"],
                area=d["area"],
                held_on=d["held_on"],
                place=d["place"],
                trainer=d["trainer"],
                hours=d["hours"],
                certifies=d["certifies"],
                workers=list(d["workers"]),
            )
        except ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                _("Session recorded: %(n)s workers attended.") % {"n": session.attendance.count()},
            )
            return redirect("training_sessions")
    return render(request, "training/session_form.html", {"form": form})


@login_required
def session_detail(request, pk: int):
    s = access.access_session(request.user, pk)
    mine = set(access.workers_for(request.user).values_list("pk", flat=True))
    attended = [a for a in s.attendance.select_related("worker", "worker__division") if a.worker_id in mine]
    return render(request, "training/session.html", {"session": s, "attended": attended})


def _content_initial(c) -> tuple[list[dict], list[dict]]:
    pages = [{"title": p.title, "body": p.body} for p in c.pages.all()]
    questions = [
        {"text": q.text, "choices": "\n".join(q.choices), "answer": q.answer + 1, "explanation": q.explanation}
        for q in c.questions.all()
    ]
    return pages, questions


@login_required
def course_edit(request, pk: int | None = None):
    """Create or edit a course: its details (versioned), its pages and its quiz."""
    user = request.user
    c = access.access_course(user, pk) if pk else None
    if not access.can_manage(user, c):
        raise Http404
    pages_initial, questions_initial = _content_initial(c) if c else ([], [])

    def forms_for(data, instance):
        return (
            CourseForm(data, instance=instance),
            PageFormSet(data, prefix="pages", initial=pages_initial),
            QuestionFormSet(data, prefix="questions", initial=questions_initial),
        )

    def page(course_form, page_set, question_set):
        return render(
            request,
            "training/course_form.html",
            {"course": c, "form": course_form, "pages": page_set, "questions": question_set},
        )

    if request.method != "POST":
        return page(*forms_for(None, c))

    def save(data):
        current = Course.objects.get(pk=c.pk) if c else None
        course_form, page_set, question_set = forms_for(data, current)
        if not (course_form.is_valid() and page_set.is_valid() and question_set.is_valid()):
            return page(course_form, page_set, question_set)
        values = {k: course_form.cleaned_data[k] for k in CourseForm.Meta.fields}
        pages = [
            {"title": f.cleaned_data["title"], "body": f.cleaned_data["body"]}
            for f in page_set.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        questions = [
            {
                "text": f.cleaned_data["text"],
                "choices": f.cleaned_data["choice_list"],
                "answer": f.cleaned_data["answer"] - 1,
                "explanation": f.cleaned_data["explanation"],
            }
            for f in question_set.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        with transaction.atomic():  # the course and its content together, or nothing
            saved = actions.do_save_course(
                user, current, seen_version=course_form.cleaned_data.get("lock_version"), **values
            )
            actions.do_replace_content(user, saved, pages, questions)
        messages.success(request, _("Course saved."))
        return redirect("training_course", pk=saved.pk)

    def merge(data):
        fresh = CourseForm(data, instance=Course.objects.get(pk=c.pk))
        if not fresh.is_valid():
            return page(fresh, *forms_for(data, c)[1:])
        return conflict(
            request, data, [(fresh, "", True)], title=c.title, cancel_url=reverse("training_course", args=[c.pk])
        )

    return save_merging(request, merge_choices(request.POST), save, merge)
