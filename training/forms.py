"""Forms of training: a course and its content, a session with attendance, the quiz."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DateInput, PlainTextMixin
from core.versioning import VersionedFormMixin

from .models import Course, Session

MAX_PAGES = 20
MAX_QUESTIONS = 20
MAX_CHOICES = 6


class CourseForm(VersionedFormMixin, PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "title",
            "topic",
            "language",
            "summary",
            "hours",
            "required",
            "valid_months",
            "pass_mark",
            "is_active",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def clean_pass_mark(self):
        mark = self.cleaned_data["pass_mark"]
        if not 1 <= mark <= 100:
            raise forms.ValidationError(_("A pass mark is between 1 and 100."))
        return mark

    def clean_valid_months(self):
        months = self.cleaned_data["valid_months"]
        if not 1 <= months <= 120:
            raise forms.ValidationError(_("A certificate is valid for 1 to 120 months."))
        return months


class PageForm(PlainTextMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Page title"), max_length=120)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Short paragraphs, one per line: it is read on a phone."),
    )


class QuestionForm(PlainTextMixin, forms.Form):
    text = forms.CharField(label=gettext_lazy("Question"), max_length=400)
    choices = forms.CharField(
        label=gettext_lazy("Answers offered, one per line"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    answer = forms.IntegerField(
        label=gettext_lazy("Which line is the right answer (1, 2, 3 …)"), min_value=1, max_value=MAX_CHOICES
    )
    explanation = forms.CharField(label=gettext_lazy("Why (shown after the quiz)"), max_length=400, required=False)

    def clean(self):
        data = super().clean()
        lines = [line.strip() for line in data.get("choices", "").splitlines() if line.strip()]
        if not 2 <= len(lines) <= MAX_CHOICES:
            self.add_error("choices", _("Give from 2 to %(n)s answers, one per line.") % {"n": MAX_CHOICES})
        elif data.get("answer") and data["answer"] > len(lines):
            self.add_error("answer", _("There are only %(n)s answers.") % {"n": len(lines)})
        data["choice_list"] = lines
        return data


PageFormSet = forms.formset_factory(PageForm, extra=1, can_delete=True, max_num=MAX_PAGES, validate_max=True)
QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=1, can_delete=True, max_num=MAX_QUESTIONS, validate_max=True
)


class SessionForm(PlainTextMixin, forms.ModelForm):
    workers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Who attended"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Session
        fields = ["course", "area", "held_on", "place", "trainer", "hours", "certifies"]
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, courses, areas, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["area"].queryset = areas
        self.fields["workers"].queryset = workers
        self.fields["workers"].label_from_instance = lambda w: (
            f"{w.display_name} · {w.division.name if w.division else ''}"
        )
        if areas.count() == 1:
            self.fields["area"].initial = areas.first()

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if not 0 < hours <= 40:
            raise forms.ValidationError(_("Give the hours of this session, from 0.5 to 40."))
        return hours


class QuizForm(forms.Form):
    """One radio group per question; each answer's value is its index."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for n, q in enumerate(questions, 1):
            self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                label=f"{n}. {q.text}",
                choices=list(enumerate(q.choices)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Choose an answer.")},
            )

    def answers(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if value is not None and value != ""}
