"""Courses, their self-study pages and quiz, training sessions with attendance, quiz attempts and
certificates.

A course belongs to a county (the county's own) or to nobody (national, managed by an
administrator). A worker is a user of a staff role (CWD, supervisor, county officer); learning
hours come from sessions attended and self-study courses passed; a certificate proves a course,
until it expires. A county marks the courses every worker must hold (`required`); a worker is
"trained" when they hold a valid certificate of each required course their county sees.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.versioning import Versioned


class Topic(models.TextChoices):
    # The MCA 政策宣讲进村(居) topics (DOMAIN.md W10) and Shouhu's own practice topics.
    DUTIES = "duties", _("A Child Welfare Director's duties")
    GUARDIANSHIP = "guardianship", _("Family guardianship")
    SELF_PROTECTION = "self_protection", _("Children's self-protection")
    REPORTING = "reporting", _("Mandatory reporting")
    GROWTH = "growth", _("Measuring a child's growth")
    OTHER = "other", _("Other")


class Course(Versioned):
    county = models.ForeignKey(
        "geo.Division",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("county"),
        help_text=_("Empty for a national course."),
    )
    title = models.CharField(_("title"), max_length=120)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    summary = models.TextField(_("what it teaches"), max_length=1000, blank=True)
    hours = models.DecimalField(_("learning hours"), max_digits=4, decimal_places=1, default=1)
    required = models.BooleanField(_("every worker must hold it"), default=False)
    valid_months = models.PositiveSmallIntegerField(_("certificate valid for (months)"), default=24)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)
    is_active = models.BooleanField(_("open for study"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-required", "topic", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class Page(models.Model):
    """One screen of a course's self-study text, read on a phone."""

    course = models.ForeignKey(Course, models.CASCADE, related_name="pages", verbose_name=_("course"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=6000)

    class Meta:
        ordering = ["course", "order", "pk"]
        verbose_name = _("course page")
        verbose_name_plural = _("course pages")

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n") if p.strip()]


class Question(models.Model):
    course = models.ForeignKey(Course, models.CASCADE, related_name="questions", verbose_name=_("course"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("question"), max_length=400)
    # The answers offered, one per line in the editing form; `answer` is the right one's index.
    choices = models.JSONField(_("answers offered"), default=list)
    answer = models.PositiveSmallIntegerField(_("right answer"))
    explanation = models.CharField(_("why"), max_length=400, blank=True)

    class Meta:
        ordering = ["course", "order", "pk"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.text


class Session(models.Model):
    """A training session held on a day: who attended and for how many hours."""

    course = models.ForeignKey(Course, models.PROTECT, related_name="sessions", verbose_name=_("course"))
    # The county or township that held it; attendance is recorded for workers within it.
    area = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("held for"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    trainer = models.CharField(_("trainer"), max_length=100)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    certifies = models.BooleanField(_("attendance earns the certificate"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.course} {self.held_on}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, models.CASCADE, related_name="attendance", verbose_name=_("session"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="attendance", verbose_name=_("worker")
    )
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "worker"], name="attended_once")]

    def __str__(self) -> str:
        return f"{self.worker} · {self.session}"


class Attempt(models.Model):
    """One go at a course's quiz: the answers given, the score, passed or not."""

    course = models.ForeignKey(Course, models.PROTECT, related_name="attempts", verbose_name=_("course"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="quiz_attempts", verbose_name=_("worker")
    )
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    taken_at = models.DateTimeField(_("taken"), auto_now_add=True)

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"{self.course} · {self.worker} · {self.score}%"


class Certificate(models.Model):
    class Source(models.TextChoices):
        QUIZ = "quiz", _("Self-study and quiz passed")
        SESSION = "session", _("Training session attended")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="certificates", verbose_name=_("worker")
    )
    course = models.ForeignKey(Course, models.PROTECT, related_name="certificates", verbose_name=_("course"))
    source = models.CharField(_("earned by"), max_length=10, choices=Source.choices)
    issued_on = models.DateField(_("issued"))
    expires_on = models.DateField(_("expires"))
    attempt = models.ForeignKey(Attempt, models.PROTECT, null=True, blank=True, related_name="+")
    session = models.ForeignKey(Session, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["worker", "course", "expires_on"], name="certificate_valid")]

    def __str__(self) -> str:
        return f"{self.course} · {self.worker} · {self.expires_on}"

    @property
    def number(self) -> str:
        """The certificate number printed on the record: year and a running number."""
        return f"PX{self.issued_on:%Y}-{self.pk:06d}"
