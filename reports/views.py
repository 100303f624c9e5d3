"""Mandatory report pages: file one from a child's page, the list in scope, a report's detail
and its steps. Every report comes from reports.access; every write from reports.actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.reads import note_read
from children.access import access_child
from core.dates import age_on
from core.errors import ActionError
from followup.access import followup_of
from followup.texts import trigger_text

from . import actions
from .access import (
    access_report,
    can_close,
    can_file,
    can_see_reporter,
    can_update,
    is_partner,
    read_reason,
    reports_for,
)
from .forms import ActionedForm, CloseForm, DecisionForm, FeedbackForm, ReceiptForm, ReportForm
from .models import MandatoryReport, ReportDecision

REPORTS_PER_PAGE = 50
# 高检发〔2020〕9号 Art. 4: the nine situations go to the police, immediately.
POLICE_WARNING = gettext_lazy(
    "What you found is one of the situations the law says must be reported to the police at once "
    "(110 or the local police station). You reported it elsewhere: call the police now as well, and "
    "record that report too."
)
S = MandatoryReport.Status


def _private(response):
    # A report names a harmed child (and perhaps a witness): never in a shared cache.
    patch_cache_control(response, no_store=True, private=True)
    return response


def _correct_below(request) -> None:
    messages.error(request, _("Please correct the fields marked below. Nothing has been saved yet."))


@login_required
def report_new(request, child_uuid):
    user = request.user
    child = access_child(user, child_uuid)
    if not can_file(user, child):
        raise Http404
    followup = followup_of(user, child)
    # The law's triggers, whatever the tier: a county policy or an override cannot hide them.
    suggested = list(followup.triggers) if followup else []
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = ReportForm(
        request.POST or None,
        instance=MandatoryReport(child=child),
        child=child,
        initial={"triggers": suggested, "reported_at": now},
    )
    if request.method == "POST":
        if form.is_valid():
            report = actions.do_file_report(user, form.save(commit=False), request=request)
            messages.success(
                request,
                _("Report filed. No approval is needed. Feedback from %(body)s is due by %(due)s.")
                % {"body": report.receiving_body, "due": report.feedback_due_on.isoformat()},
            )
            if report.skips_police:
                messages.warning(request, POLICE_WARNING)
            return redirect("report_detail", report_uuid=report.uuid)
        _correct_below(request)
    note_read(request, child, what="report_form")
    return _private(
        render(
            request,
            "reports/report_form.html",
            {
                "child": child,
                "form": form,
                "suggested": [trigger_text(t) for t in suggested],
                "channels": MandatoryReport.Channel,
                "police_warning": POLICE_WARNING,
                "skips_police": form.skips_police(),
                "police_rule": form.police_rule(),
            },
        )
    )


@login_required
def reports_list(request):
    user = request.user
    qs = reports_for(user)
    child = None
    if request.GET.get("child"):  # partner staff cannot open a child: 404, like the file
        child = access_child(user, request.GET["child"])
        qs = qs.filter(child=child)
    show = request.GET.get("show", "open")
    today = timezone.localdate()
    if show == "overdue":
        qs = qs.filter(status__in=MandatoryReport.WAITING, feedback_due_on__lt=today)
    elif show == "open":
        qs = qs.exclude(status=S.CLOSED)
    elif show != "all":
        show = "all"
    qs = qs.select_related("child__village", "receiving_org").order_by("-reported_at", "-pk")
    page = Paginator(qs, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    reports = list(page.object_list)
    for report in reports:
        report.overdue_days = report.feedback_overdue_days(today)
        report.age = age_on(report.child.date_of_birth, today)
        note_read(request, report.child_id, what="reports", why=read_reason(user, report))
    return _private(
        render(
            request,
            "reports/report_list.html",
            {
                "page": page,
                "reports": reports,
                "show": show,
                "child": child,
                "partner": is_partner(user),
                "organisation": user.organisation if is_partner(user) else None,
                "filters": [("open", _("Open")), ("overdue", _("Feedback overdue")), ("all", _("All"))],
            },
        )
    )


def _steps(report: MandatoryReport, events) -> list[dict]:
    first = {}
    for event in events:
        first.setdefault(event.kind, event)
    reached = MandatoryReport.ORDER.index(report.status)
    return [
        {"code": code, "label": S(code).label, "event": first.get(code), "done": i <= reached, "current": i == reached}
        for i, code in enumerate(MandatoryReport.ORDER)
    ]


def _detail(request, report: MandatoryReport, **forms):
    user = request.user
    events = list(report.events.select_related("by"))
    updatable, closable = can_update(user, report), can_close(user, report)
    today = timezone.localdate()
    context = {
        "report": report,
        "child": report.child,
        "age": age_on(report.child.date_of_birth, today),
        "partner": is_partner(user),
        "triggers": [trigger_text(t) for t in report.triggers],
        "steps": _steps(report, events),
        "events": events,
        "decisions": list(report.decisions.select_related("recorded_by")),
        "show_reporter": can_see_reporter(user, report),
        "overdue_days": report.feedback_overdue_days(today),
        "police_warning": POLICE_WARNING if report.skips_police else "",
        "can_update": updatable,
        "can_close": closable,
    }
    if updatable:
        context |= {
            "receipt_form": forms.get("receipt_form") or ReceiptForm(initial={"receipt_number": report.receipt_number}),
            "actioned_form": forms.get("actioned_form") or ActionedForm()
            if report.status in (S.FILED, S.ACKNOWLEDGED)
            else None,
            "decision_form": forms.get("decision_form") or DecisionForm(initial={"decided_on": today}),
            "feedback_form": forms.get("feedback_form") or FeedbackForm(report=report, initial={"received_on": today})
            if report.awaits_feedback
            else None,
        }
    if closable:
        context["close_form"] = forms.get("close_form") or CloseForm(report=report)
    # A report describes harm to a child: reading it is logged like reading the file (MPL Art. 4, 72).
    note_read(request, report.child_id, what="report", why=read_reason(user, report), report=str(report.uuid))
    return _private(render(request, "reports/report_detail.html", context))


@login_required
def report_detail(request, report_uuid):
    report = access_report(request.user, report_uuid)
    return _detail(request, report)


def _step_view(request, report_uuid, *, allowed, form_name, make_form, run, success):
    """A POST that moves a report on. Scope first, for GET too: outside it the URL is 404, not 405."""
    user = request.user
    report = access_report(user, report_uuid)
    if not allowed(user, report):
        raise Http404
    if request.method != "POST":
        return redirect("report_detail", report_uuid=report.uuid)
    form = make_form(request.POST, report)
    if not form.is_valid():
        _correct_below(request)
        return _detail(request, report, **{form_name: form})
    try:
        run(user, report, form)
    except ActionError:
        messages.error(request, _("This step could not be recorded: the report has moved on meanwhile."))
    else:
        messages.success(request, success)
    return redirect("report_detail", report_uuid=report.uuid)


@login_required
def report_receipt(request, report_uuid):
    return _step_view(
        request,
        report_uuid,
        allowed=can_update,
        form_name="receipt_form",
        make_form=lambda data, report: ReceiptForm(data),
        run=lambda user, report, form: actions.do_record_receipt(
            user, report, form.cleaned_data["receipt_number"], request=request
        ),
        success=_("Receipt recorded."),
    )


@login_required
def report_actioned(request, report_uuid):
    return _step_view(
        request,
        report_uuid,
        allowed=can_update,
        form_name="actioned_form",
        make_form=lambda data, report: ActionedForm(data),
        run=lambda user, report, form: actions.do_mark_actioned(
            user, report, form.cleaned_data["note"], request=request
        ),
        success=_("Marked as actioned."),
    )


@login_required
def report_decision(request, report_uuid):
    return _step_view(
        request,
        report_uuid,
        allowed=can_update,
        form_name="decision_form",
        make_form=lambda data, report: DecisionForm(data, instance=ReportDecision(report=report)),
        run=lambda user, report, form: actions.do_record_decision(
            user, report, form.save(commit=False), request=request
        ),
        success=_("Decision recorded."),
    )


@login_required
def report_feedback(request, report_uuid):
    return _step_view(
        request,
        report_uuid,
        allowed=can_update,
        form_name="feedback_form",
        make_form=lambda data, report: FeedbackForm(data, report=report),
        run=lambda user, report, form: actions.do_record_feedback(
            user, report, form.cleaned_data["feedback"], form.cleaned_data["received_on"], request=request
        ),
        success=_("Feedback recorded."),
    )


@login_required
def report_close(request, report_uuid):
    return _step_view(
        request,
        report_uuid,
        allowed=can_close,
        form_name="close_form",
        make_form=lambda data, report: CloseForm(data, report=report),
        run=lambda user, report, form: actions.do_close_report(
            user, report, form.cleaned_data["note"], request=request
        ),
        success=_("Report closed."),
    )
