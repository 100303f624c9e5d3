"""Allowance pages: applying from the child's profile, the village notice, the township's and
county's decisions, the allowance, payment standards and the county's monthly roll."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from audit.reads import note_read
from children.access import access_child
from children.identity import mask_name
from core.errors import ActionError
from core.scope import is_staff_role
from core.sheets import safe_row
from core.versioning import conflict, merge_choices, save_merging

from . import access, actions, months, queries
from .forms import (
    ApplicationEditForm,
    ApplicationForm,
    ApproveForm,
    BuildRollForm,
    ChangeForm,
    CorrectionForm,
    EvidenceForm,
    ExitForm,
    ObjectionForm,
    OpinionForm,
    OutcomeForm,
    RefuseForm,
    ReturnForm,
    StandardForm,
    SubmitForm,
)
from .models import Application, Category, Roll, RollLine
from .rolls import sum_lines

S = Application.Status
PAGE = 50
ROLL_PAGE = 50
LINE_FIELDS = (
    "roll",
    "child",
    "village_id",
    "category",
    "month",
    "kind",
    "amount",
    "change",
    "note",
    "payment",
    "not_repaid_on",
)
CENT = Decimal("0.01")


# Applying --------------------------------------------------------------------------------------


@login_required
def apply(request, child_uuid):
    """A new application from the child's profile: the file's eligibility for each allowance is
    shown; asking against a "no" needs the family's reason."""
    user = request.user
    child = access_child(user, child_uuid)
    if not access.can_apply(user, child):
        raise Http404
    initial = {"category": request.GET.get("category") or Category.DE_FACTO_UNSUPPORTED}
    form = ApplicationForm(request.POST or None, initial=initial)
    findings = [(value, label, *actions.eligibility(child, value)) for value, label in Category.choices]
    if request.method == "POST" and form.is_valid():
        try:
            app = actions.do_create_application(user, child, request=request, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, _why(exc))
        else:
            messages.success(request, _("Application started. Add the documents, then put up the notice."))
            return redirect("benefit_application", app.uuid)
    note_read(request, child, what="benefit_application")
    return render(
        request,
        "benefits/apply.html",
        {"child": child, "form": form, "findings": findings},
        status=400 if form.is_bound else 200,
    )


def _why(exc: ActionError) -> str:
    text = str(exc)
    known = {
        "this child already has an application in progress": _("This child already has an application in progress."),
        "this child already receives an allowance": _("This child already receives an allowance."),
        "the file does not show eligibility: give the family's reason": _(
            "The file does not show that the child qualifies: write why the family asks."
        ),
    }
    return known.get(text, _("This cannot be done now."))


@login_required
def application(request, app_uuid):
    user = request.user
    app = access.access_application(user, app_uuid)
    can_see_amounts = access.can_see_amounts(user)
    context = {
        "app": app,
        "child": app.child,
        "steps": app.steps.select_related("by"),
        "evidence": app.evidence.all(),
        "objections": app.objections.all(),
        "can_edit": access.can_edit_application(user, app),
        "can_object": access.can_record_objection(user, app),
        "can_review": access.can_review(user, app),
        "can_approve": access.can_approve(user, app),
        "can_return": access.can_return_or_refuse(user, app),
        "posting_over": access.posting_over(app),
        "evidence_form": EvidenceForm(),
        "submit_form": SubmitForm(initial={"posting_from": timezone.localdate()}),
        "objection_form": ObjectionForm(initial={"raised_on": timezone.localdate()}),
        "outcome_form": OutcomeForm(),
        "review_form": OpinionForm(),
        "approve_form": ApproveForm(),
        "return_form": ReturnForm(),
        "refuse_form": RefuseForm(),
        "can_see_amounts": can_see_amounts,
        "approved_benefit": getattr(app, "approved_benefit", None) if app.status == S.APPROVED else None,
    }
    note_read(request, app.child, what="benefit_application")
    return render(request, "benefits/application.html", context)


@login_required
def application_edit(request, app_uuid):
    user = request.user
    app = access.access_application(user, app_uuid)
    if not access.can_edit_application(user, app):
        raise Http404
    title = _("Correct the application")

    def load():
        app.refresh_from_db()
        return app

    def make_form(current, data):
        initial = {
            "category": current.category,
            "applicant_name": current.applicant_name,
            "applicant_relation": current.applicant_relation,
            "note": current.note,
            "request_reason": current.request_reason,
            "lock_version": current.lock_version,
        }
        return ApplicationEditForm(data, initial=initial)

    def page(form, status=200):
        note_read(request, app.child, what="benefit_application")
        return render(
            request, "benefits/edit.html", {"app": app, "child": app.child, "form": form, "title": title}, status=status
        )

    if request.method != "POST":
        return page(make_form(load(), None))

    def attempt(data):
        form = make_form(load(), data)
        if not form.is_valid():
            return page(form, 400)
        try:
            actions.do_edit_application(
                user,
                app,
                seen_version=form.seen_version,
                request=request,
                **{k: v for k, v in form.cleaned_data.items() if k not in ("lock_version", "lock_base")},
            )
        except ActionError as exc:
            if exc.__class__.__name__ == "StaleEdit":
                raise
            form.add_error(None, _why(exc))
            return page(form, 400)
        messages.success(request, _("Saved."))
        return redirect("benefit_application", app.uuid)

    def merge(data):
        fresh = make_form(load(), data)
        if not fresh.is_valid():
            return page(fresh, 400)
        cancel = reverse("benefit_application", args=[app.uuid])
        return conflict(
            request, data, [(fresh, "", True)], title=title, cancel_url=cancel, context={"child": app.child}
        )

    return save_merging(request, merge_choices(request.POST), attempt, merge)


def _bad(request, app, message):
    messages.error(request, message)
    return redirect("benefit_application", app.uuid)


@login_required
@require_POST
def application_step(request, app_uuid, step):
    """One step of the chain: documents, submit, objections, review, approval, return, refusal."""
    user = request.user
    app = access.access_application(user, app_uuid)
    post, files = request.POST, request.FILES
    try:
        if step == "evidence":
            form = EvidenceForm(post, files)
            if not form.is_valid():
                return _bad(request, app, " ".join(e for errs in form.errors.values() for e in errs))
            actions.do_add_evidence(
                user, app, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], request=request
            )
            messages.success(request, _("Document added."))
        elif step == "submit":
            form = SubmitForm(post)
            form.is_valid()
            actions.do_submit(user, app, posting_from=form.cleaned_data.get("posting_from"), request=request)
            messages.success(request, _("Sent. Print the notice and put it up on the village board."))
        elif step == "objection":
            form = ObjectionForm(post)
            if not form.is_valid():
                return _bad(request, app, _("Fill in who objected, when and what they said."))
            actions.do_record_objection(user, app, request=request, **form.cleaned_data)
        elif step == "outcome":
            oid = post.get("objection", "")
            objection = app.objections.filter(pk=oid).first() if oid.isdigit() else None
            form = OutcomeForm(post)
            if objection is None or not form.is_valid():
                return _bad(request, app, _("Choose what was found and write a note."))
            actions.do_objection_outcome(user, objection, request=request, **form.cleaned_data)
        elif step == "review":
            form = OpinionForm(post)
            if not form.is_valid():
                return _bad(request, app, _("Write the township's opinion."))
            actions.do_review(user, app, opinion=form.cleaned_data["opinion"], request=request)
            messages.success(request, _("Sent to the county for approval."))
        elif step == "approve":
            form = ApproveForm(post)
            if not form.is_valid():
                return _bad(request, app, _("Write the county's opinion."))
            actions.do_approve(
                user,
                app,
                opinion=form.cleaned_data["opinion"],
                start_month=form.cleaned_data["start_month"],
                request=request,
            )
            messages.success(request, _("Approved."))
        elif step == "return":
            form = ReturnForm(post)
            if not form.is_valid():
                return _bad(request, app, _("Write what to correct."))
            actions.do_return(user, app, note=form.cleaned_data["note"], request=request)
            messages.success(request, _("Sent back to the village."))
        elif step == "refuse":
            form = RefuseForm(post)
            if not form.is_valid():
                return _bad(request, app, _("Write the reason the family will be told."))
            actions.do_refuse(user, app, reason=form.cleaned_data["reason"], request=request)
            messages.success(request, _("Refused. The village will tell the family."))
        else:
            raise Http404
    except ActionError:
        return _bad(request, app, _("This cannot be done now."))
    return redirect("benefit_application", app.uuid)


@login_required
def evidence_file(request, evidence_uuid):
    """A document, only to those who may see the application; never by a public URL."""
    ev = access.access_evidence(request.user, evidence_uuid)
    note_read(request, ev.application.child, what="benefit_document")
    response = FileResponse(ev.file.open("rb"), content_type=ev.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@login_required
def notice(request, app_uuid):
    """The printable public notice (公示): only the masked name, village, allowance and dates."""
    app = access.access_application(request.user, app_uuid)
    if app.posting_from is None:
        raise Http404
    note_read(request, app.child, what="benefit_notice")
    return render(
        request,
        "benefits/notice.html",
        {"app": app, "masked": mask_name(app.child.name), "village": app.child.village},
    )


# Allowances ------------------------------------------------------------------------------------


@login_required
def benefit_detail(request, benefit_uuid):
    user = request.user
    benefit = access.access_benefit(user, benefit_uuid)
    can_amounts = access.can_see_amounts(user)
    lines = benefit.lines.select_related("roll").order_by("-month", "-id")
    paid_months = [line.month for line in lines if line.payment == RollLine.Payment.PAID and line.amount > 0]
    open_app = queries.open_application(user, benefit.child)
    can_change = benefit.is_running and open_app is None and access.can_apply(user, benefit.child)
    note_read(request, benefit.child, what="benefit")
    return render(
        request,
        "benefits/benefit.html",
        {
            "benefit": benefit,
            "child": benefit.child,
            "lines": Paginator(lines, PAGE).get_page(request.GET.get("page")),
            "can_see_amounts": can_amounts,
            "overpaid": months.overpaid(benefit.stop_month, paid_months) if benefit.stop_month else [],
            "open_app": open_app,
            "can_change": can_change,
            "exit_form": ExitForm(),
            "change_form": ChangeForm(initial={"category": benefit.category}),
            "recheck_due": benefit.is_running and benefit.next_recheck_on <= timezone.localdate(),
        },
    )


@login_required
@require_POST
def benefit_step(request, benefit_uuid, step):
    """Ask to stop or change the allowance (through the same review chain), or note the re-check."""
    user = request.user
    benefit = access.access_benefit(user, benefit_uuid)
    try:
        if step == "stop":
            form = ExitForm(request.POST)
            if not form.is_valid():
                raise ActionError("form")
            d = form.cleaned_data
            app = actions.do_create_application(
                user,
                benefit.child,
                category=benefit.category,
                kind=Application.Kind.EXIT,
                benefit=benefit,
                exit_reason=d["exit_reason"],
                event_on=d["event_on"],
                note=d["note"],
                request=request,
            )
            return redirect("benefit_application", app.uuid)
        if step == "change":
            form = ChangeForm(request.POST)
            if not form.is_valid():
                raise ActionError("form")
            d = form.cleaned_data
            app = actions.do_create_application(
                user,
                benefit.child,
                category=d["category"],
                kind=Application.Kind.CHANGE,
                benefit=benefit,
                exit_reason="other",
                event_on=d["event_on"],
                note=d["note"],
                request_reason=d["request_reason"],
                request=request,
            )
            return redirect("benefit_application", app.uuid)
        if step == "recheck":
            actions.do_record_recheck(user, benefit, request=request)
            messages.success(request, _("Check recorded. The next one is due in a year."))
            return redirect("benefit_detail", benefit.uuid)
    except ActionError as exc:
        messages.error(request, _why(exc))
        return redirect("benefit_detail", benefit.uuid)
    raise Http404


@login_required
def home(request):
    """The allowance work of the user's area: applications at each step (with how long they have
    waited), allowances running; for the county, links to the standards and rolls."""
    user = request.user
    if user.role == user.Role.FINANCE:
        return redirect("benefit_rolls")
    if not is_staff_role(user, *access.STAFF):
        raise Http404
    status = request.GET.get("status") or ""
    apps = access.applications_for(user).select_related("child", "child__village")
    apps = apps.filter(status=status) if status in S.values else apps.filter(status__in=Application.OPEN)
    page = Paginator(apps.order_by("submitted_at", "created_at", "pk"), PAGE).get_page(request.GET.get("page"))
    counts = dict(access.applications_for(user).values_list("status").annotate(n=Count("pk")).order_by())
    running = access.benefits_for(user).filter(stop_month__isnull=True)
    by_category = {row["category"]: row["n"] for row in running.values("category").annotate(n=Count("pk")).order_by()}
    note_read(request, [a.child_id for a in page], what="benefit_list")
    return render(
        request,
        "benefits/home.html",
        {
            "page": page,
            "status": status,
            "statuses": [(v, lbl, counts.get(v, 0)) for v, lbl in S.choices],
            "by_category": [(lbl, by_category.get(v, 0)) for v, lbl in Category.choices],
            "running_total": sum(by_category.values()),
            "today": timezone.localdate(),
            "can_rolls": access.can_see_rolls(user),
            "can_standards": access.can_set_standards(user),
            "can_dashboard": access.can_see_dashboard(user),
        },
    )


@login_required
def gap(request):
    """Children whose file says they qualify for an allowance they do not receive (the gap that
    matters most), for the township and the county."""
    user = request.user
    if not is_staff_role(user, *access.STAFF):
        raise Http404
    children = queries.eligible_not_receiving(user)
    page = Paginator(children, PAGE).get_page(request.GET.get("page"))
    note_read(request, [c.pk for c in page], what="benefit_list")
    return render(request, "benefits/gap.html", {"page": page})


# Standards and rolls ---------------------------------------------------------------------------


@login_required
def standards(request):
    user = request.user
    if not access.can_set_standards(user):
        raise Http404
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_set_standard(user, request=request, **form.cleaned_data)
        messages.success(request, _("Standard saved. Months already on an issued roll keep their amount."))
        return redirect("benefit_standards")
    rows = queries.standards_for(user).select_related("division")
    return render(
        request, "benefits/standards.html", {"form": form, "rows": rows.order_by("category", "-effective_from")}
    )


@login_required
def rolls(request):
    user = request.user
    if not access.can_see_rolls(user):
        raise Http404
    qs = access.rolls_for(user).select_related("county")
    page = Paginator(qs.order_by("-month", "county_id"), PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "benefits/rolls.html",
        {
            "page": page,
            "can_run": access.can_run_roll(user),
            "form": BuildRollForm(initial={"month": months.month_of(today)}),
        },
    )


@login_required
@require_POST
def roll_build(request):
    form = BuildRollForm(request.POST)
    if not access.can_run_roll(request.user) or not form.is_valid():
        raise Http404
    try:
        roll = actions.do_build_roll(request.user, form.cleaned_data["month"], request=request)
    except ActionError:
        messages.error(request, _("That month's roll is issued already and cannot be rebuilt."))
        return redirect("benefit_rolls")
    return redirect("benefit_roll", roll.uuid)


def _roll_totals(roll: Roll) -> dict:
    """The figures kept on the roll (rolls.store_totals); a roll built before they were kept is
    summed here (its next build or payment keeps them)."""
    children, t = (roll.children_count, roll.totals) if "numbered" in roll.totals else sum_lines(roll)
    return {"children": children, "lines": t["lines"]} | {
        k: Decimal(t[k]) for k in ("total", "paid", "returned", "arrears", "corrections")
    }


class _ByPosition:
    """The ids of a numbered roll's lines, sliced by position: what a paginator asks for as
    [bottom:top] is read as positions bottom+1..top."""

    def __init__(self, lines):
        self.lines = lines

    def __getitem__(self, s: slice) -> list[int]:
        rows = self.lines.filter(position__gt=s.start, position__lte=s.stop).order_by("position")
        return list(rows.values_list("pk", flat=True))


class _CountedPaginator(Paginator):
    """A paginator told its count (the roll keeps its number of lines): no COUNT over the roll."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self._known = count

    @property
    def count(self) -> int:
        return self._known


@login_required
def roll(request, roll_uuid):
    """A roll, one line per child and month paid, by village, with its totals and the comparison
    with the previous month; the officer records payments here."""
    user = request.user
    r = access.access_roll(user, roll_uuid)
    # Page order: the positions kept on the lines (rolls.number_lines) give it without a sort,
    # filtered or not (index benefit_line_position); a roll numbered before they were kept sorts.
    numbered = bool(r.totals.get("numbered"))
    order = ("position",) if numbered else ("village_id", "child_id", "month", "pk")
    # Only what a line shows: the child's other (encrypted) fields are not read.
    lines = (
        r.lines.select_related("child", "child__village")
        .only(*LINE_FIELDS, "position", "child__uuid", "child__name", "child__village__name")
        .order_by(*order)
    )
    show = request.GET.get("show") or ""
    if show in ("new", "amount"):
        lines = lines.filter(change=show, kind=RollLine.Kind.MONTHLY)
    elif show in ("arrears", "correction"):
        lines = lines.filter(kind=show)
    elif show in ("returned", "pending"):
        lines = lines.filter(payment=show)
    # Page over the lines' ids alone (an index scan in page order), then join the page's 50 lines
    # to their children: a page deep in a roll of 10,000 never joins the lines it skips.
    totals = _roll_totals(r)
    if not show and numbered:
        # The whole roll: a page is a range of the positions kept on the lines (rolls.number_lines).
        paginator = _CountedPaginator(_ByPosition(r.lines.all()), ROLL_PAGE, totals["lines"])
    else:
        paginator = Paginator(lines.values_list("pk", flat=True), ROLL_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    shown = {line.pk: line for line in lines.filter(pk__in=list(page.object_list))}
    page.object_list = [shown[pk] for pk in page.object_list]
    stopped = r.comparison.get("stopped", [])
    stopped_page = Paginator(stopped, PAGE).get_page(request.GET.get("stopped_page"))
    names = queries.child_names(r, [s["child"] for s in stopped_page])
    for s in stopped_page:
        s["name"] = names.get(s["child"], "")
    note_read(request, [line.child_id for line in page] + [s["child"] for s in stopped_page], what="benefit_roll")
    return render(
        request,
        "benefits/roll.html",
        {
            "roll": r,
            "page": page,
            "show": show,
            "totals": totals,
            "stopped": stopped_page,
            "can_run": access.can_run_roll(user, r),
            "correction_form": CorrectionForm(initial={"month": r.month}),
        },
    )


@login_required
@require_POST
def roll_step(request, roll_uuid, step):
    user = request.user
    r = access.access_roll(user, roll_uuid)
    if not access.can_run_roll(user, r):
        raise Http404
    try:
        if step == "issue":
            actions.do_issue_roll(user, r, request=request)
            messages.success(
                request, _("Roll issued. It will not change any more; record the payments when the bank reports.")
            )
        elif step in ("paid", "returned"):
            ids = [int(i) for i in request.POST.getlist("line") if i.isdigit()]
            if step == "paid" and request.POST.get("all") == "1":
                ids = None
            n = actions.do_record_payments(user, r, outcome=step, line_ids=ids, request=request)
            messages.success(request, _("%(n)s payments recorded.") % {"n": n})
        elif step == "not-repaid":
            line = r.lines.filter(pk=int(request.POST.get("line") or 0)).first()
            if line is None:
                raise Http404
            actions.do_mark_not_repaid(user, line, reason=request.POST.get("reason", ""), request=request)
            messages.success(request, _("This month will not be paid again; it is no longer owed as arrears."))
            return redirect(reverse("benefit_roll", args=[r.uuid]) + "?show=returned")
        elif step == "correction":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                raise ActionError("form")
            benefit = access.access_benefit(user, form.cleaned_data["benefit"])
            d = form.cleaned_data
            actions.do_add_correction(
                user, r, benefit, month=d["month"], amount=d["amount"], note=d["note"], request=request
            )
        else:
            raise Http404
    except ActionError:
        messages.error(request, _("This cannot be done now."))
    return redirect("benefit_roll", r.uuid)


@login_required
def roll_xlsx(request, roll_uuid):
    """The roll as the bank or finance bureau takes it: formula-safe, with totals, audited."""
    user = request.user
    r = access.access_roll(user, roll_uuid)
    lines = list(r.lines.select_related("child", "child__village").order_by("village_id", "child_id", "month", "pk"))
    queries.log_roll_export(user, r, lines, request=request)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Payment roll"))
    ws.append(safe_row([_("Payment roll"), r.county.name, r.month.strftime("%Y-%m"), r.get_status_display()]))
    ws.append(
        safe_row(
            [
                _("Village"),
                _("Name"),
                _("Allowance"),
                _("For month"),
                _("Line"),
                _("Yuan"),
                _("Compared with last month"),
                _("Note"),
                _("Payment"),
            ]
        )
    )
    total = Decimal("0")
    for line in lines:
        total += line.amount
        ws.append(
            safe_row(
                [
                    line.child.village.name,
                    line.child.name,
                    line.get_category_display(),
                    line.month.strftime("%Y-%m"),
                    line.get_kind_display(),
                    line.amount,
                    line.get_change_display(),
                    line.note,
                    line.get_payment_display(),
                ]
            )
        )
    ws.append(safe_row([_("Total"), "", "", "", "", total, "", _("%(n)s lines") % {"n": len(lines)}, ""]))
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="shouhu-roll-{r.county_id}-{r.month:%Y-%m}.xlsx"'
    wb.save(response)
    return response
