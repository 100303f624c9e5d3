"""Pages of case conferences: the list, the council and its members, convening from a child's
profile, the conference (the whole record for the convening side; the briefing pack and their own
actions for an agency's representative), minutes, actions, progress, follow-up and closing.

Every conference comes from conferences.access; every write from conferences.actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.reads import note_read
from children.access import access_child
from core.errors import ActionError
from core.scope import code_range, scope_division
from geo.models import Division
from partners.models import Organisation

from . import access, actions, briefing, pdf
from .forms import (
    ActionForm,
    CloseForm,
    ConveneForm,
    CouncilForm,
    MemberForm,
    MinutesForm,
    ProgressForm,
    RepresentativeForm,
)
from .models import AgencyAction, Conference, Council, Member

PAGE = 30


@login_required
def conference_list(request):
    user = request.user
    if not (access.is_staff(user) or access.is_partner(user)):
        raise Http404
    qs = access.conferences_for(user).select_related("child", "child__village", "council")
    status = request.GET.get("status", "")
    if status in Conference.Status.values:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    qs = qs.annotate(
        late=Count("actions", filter=Q(actions__status=AgencyAction.Status.OPEN, actions__due_on__lt=today))
    )
    page = Paginator(qs.order_by("-meets_on", "-pk"), PAGE).get_page(request.GET.get("page"))
    if access.is_staff(user):
        note_read(request, [c.child_id for c in page], what="conference")
    else:
        for c in page:
            note_read(request, c.child_id, what="conference", why=access.read_reason(user, c))
    scope = scope_division(user)
    return render(
        request,
        "conferences/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Conference.Status.choices,
            "is_partner": access.is_partner(user),
            "council_area": scope if scope is not None and scope.level <= Division.Level.TOWNSHIP else None,
        },
    )


def _council_area(user) -> Division:
    area = scope_division(user)
    if area is None or not access.can_manage_council(user, area):
        raise Http404
    return area


def _agencies(area: Division):
    return Organisation.objects.filter(
        Q(division__code__range=code_range(area.code)) | Q(division_id__in=area.ancestor_codes()), is_active=True
    ).order_by("type", "name")


@login_required
def council(request):
    user = request.user
    area = _council_area(user)
    council = Council.objects.filter(area=area).first()
    if request.method == "POST":
        form_name = request.POST.get("form")
        try:
            if form_name == "council" and council is None:
                form = CouncilForm(request.POST)
                if form.is_valid():
                    actions.do_create_council(user, area, form.cleaned_data["name"])
                    return redirect("conference_council")
            elif form_name == "member" and council is not None:
                form = MemberForm(request.POST, organisations=_agencies(area))
                if form.is_valid():
                    actions.do_add_member(user, council, form.cleaned_data["organisation"])
                    return redirect("conference_council")
            elif form_name == "remove" and council is not None:
                member = council.members.filter(pk=request.POST.get("member")).first()
                if member is None:
                    raise Http404
                actions.do_remove_member(user, member)
                return redirect("conference_council")
            elif form_name == "representative" and council is not None:
                member = council.members.filter(pk=request.POST.get("member"), is_active=True).first()
                if member is None:
                    raise Http404
                users = User.objects.filter(role=User.Role.PARTNER, organisation=member.organisation, is_active=True)
                form = RepresentativeForm(request.POST, users=users)
                if form.is_valid():
                    actions.do_add_representative(
                        user, member, form.cleaned_data["user"], form.cleaned_data["signed_on"]
                    )
                    return redirect("conference_council")
                messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
                return redirect("conference_council")
        except ActionError as e:
            messages.error(request, str(e))
            return redirect("conference_council")
    members = []
    if council is not None:
        for m in (
            council.members.filter(is_active=True)
            .select_related("organisation")
            .prefetch_related("representatives__user")
        ):
            users = User.objects.filter(role=User.Role.PARTNER, organisation=m.organisation, is_active=True)
            members.append((m, RepresentativeForm(users=users, prefix=f"m{m.pk}")))
    joined = {m.organisation_id for m, _f in members}
    return render(
        request,
        "conferences/council.html",
        {
            "area": area,
            "council": council,
            "council_form": CouncilForm(
                initial={"name": _("%(area)s council for children in need of protection") % {"area": area.name}}
            ),
            "member_form": MemberForm(organisations=_agencies(area).exclude(pk__in=joined)),
            "members": members,
        },
    )


@login_required
def convene(request, child_uuid):
    user = request.user
    child = access_child(user, child_uuid)
    if not access.can_convene(user, child.village_id):
        raise Http404
    council = access.council_for(child.village_id)
    members = (
        council.members.filter(is_active=True).select_related("organisation") if council else Member.objects.none()
    )
    form = ConveneForm(request.POST or None, members=members, initial={"meets_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            conference = actions.do_convene(
                user,
                child,
                reason=d["reason"],
                urgency=d["urgency"],
                meets_on=d["meets_on"],
                place=d["place"],
                members=list(d["members"]),
                briefing=d["briefing"],
            )
        except ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Conference convened: the agencies were told."))
            return redirect("conference", conference.uuid)
    note_read(request, child, what="conference")
    return render(request, "conferences/convene.html", {"child": child, "form": form, "council": council})


@login_required
def conference(request, conference_uuid):
    user = request.user
    c = access.access_conference(user, conference_uuid)
    note_read(request, c.child_id, what="conference", why=access.read_reason(user, c))
    invitations = list(c.invitations.select_related("member__organisation"))
    context = {
        "conference": c,
        "pack": briefing.pack(c),
        "actions": access.actions_for(user, c).prefetch_related("progress__by"),
        "invitations": invitations,
        "is_partner": access.is_partner(user),
        "can_run": access.can_run(user, c),
        "today": timezone.localdate(),
        "progress_form": ProgressForm(),
    }
    if context["can_run"]:
        members = Member.objects.filter(pk__in=[i.member_id for i in invitations]).select_related("organisation")
        context["minutes_form"] = MinutesForm(
            invitations=invitations,
            initial={
                "attended": [str(i.member_id) for i in invitations if i.attended],
                "child_views": c.child_views,
                "family_views": c.family_views,
                "assessment": c.assessment,
                "decisions": c.decisions,
                "follow_up_until": c.follow_up_until,
            },
        )
        context["action_form"] = ActionForm(members=members)
        context["close_form"] = CloseForm()
    return render(request, "conferences/conference.html", context)


def _runner(request, conference_uuid) -> Conference:
    c = access.access_conference(request.user, conference_uuid)
    if not access.can_run(request.user, c):
        raise Http404
    return c


@login_required
@require_POST
def minutes(request, conference_uuid):
    c = _runner(request, conference_uuid)
    form = MinutesForm(request.POST, invitations=c.invitations.select_related("member__organisation"))
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_record_minutes(
                request.user,
                c,
                attended=[int(m) for m in d["attended"]],
                child_views=d["child_views"],
                family_views=d["family_views"],
                assessment=d["assessment"],
                decisions=d["decisions"],
                follow_up_until=d["follow_up_until"],
            )
            messages.success(request, _("Minutes saved."))
        except ActionError as e:
            messages.error(request, str(e))
    else:
        messages.error(request, _("The minutes were not saved: fill in every part."))
    return redirect("conference", c.uuid)


@login_required
@require_POST
def assign(request, conference_uuid):
    c = _runner(request, conference_uuid)
    members = Member.objects.filter(invitations__conference=c)
    form = ActionForm(request.POST, members=members)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_assign_action(request.user, c, d["member"], d["description"], d["due_on"])
            messages.success(request, _("Action given to %(agency)s.") % {"agency": d["member"].organisation.name})
        except ActionError as e:
            messages.error(request, str(e))
    else:
        messages.error(request, _("The action was not saved: say what, who and by when."))
    return redirect("conference", c.uuid)


@login_required
@require_POST
def progress(request, conference_uuid, action_id: int):
    c = access.access_conference(request.user, conference_uuid)
    action = access.access_action(request.user, c, action_id)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            actions.do_report_progress(
                request.user, c, action, form.cleaned_data["note"], done=form.cleaned_data["done"]
            )
            messages.success(request, _("Progress recorded."))
        except ActionError as e:
            messages.error(request, str(e))
    else:
        messages.error(request, _("Write what was done."))
    return redirect("conference", c.uuid)


@login_required
@require_POST
def close(request, conference_uuid):
    c = _runner(request, conference_uuid)
    form = CloseForm(request.POST)
    if form.is_valid():
        actions.do_close(request.user, c, form.cleaned_data["outcome"])
        messages.success(request, _("Conference closed."))
    else:
        messages.error(request, _("Write the outcome to close the conference."))
    return redirect("conference", c.uuid)


@login_required
def follow_up(request, conference_uuid):
    """A follow-up conference: the same child, agencies and briefing, to review the actions."""
    c = _runner(request, conference_uuid)
    members = Member.objects.filter(invitations__conference=c, is_active=True).select_related("organisation")
    initial = {
        "members": list(members),
        "briefing": c.briefing,
        "urgency": c.urgency,
        "place": c.place,
        "meets_on": timezone.localdate(),
        "reason": _("Follow-up: review the actions agreed on %(date)s.") % {"date": c.meets_on},
    }
    council_members = c.council.members.filter(is_active=True).select_related("organisation")
    form = ConveneForm(request.POST or None, members=council_members, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            new = actions.do_convene(
                request.user,
                c.child,
                reason=d["reason"],
                urgency=d["urgency"],
                meets_on=d["meets_on"],
                place=d["place"],
                members=list(d["members"]),
                briefing=d["briefing"],
                previous=c,
            )
        except ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Follow-up conference convened."))
            return redirect("conference", new.uuid)
    note_read(request, c.child_id, what="conference")
    return render(request, "conferences/convene.html", {"child": c.child, "form": form, "previous": c})


AGENCY_PAGE = 50


@login_required
def agency(request):
    """Our agency's tasks (partner staff): actions from case conferences and from case plans
    assigned to the agency, most urgent first."""
    user = request.user
    if not access.is_partner(user):
        raise Http404
    conference_actions = (
        access.agency_conference_actions(user)
        .select_related("conference", "conference__child", "conference__child__village", "member__organisation")
        .order_by("due_on", "pk")
    )
    case_actions = (
        access.agency_case_actions(user).select_related("plan__child", "plan__child__village").order_by("due_on", "pk")
    )
    conf_page = Paginator(conference_actions, AGENCY_PAGE).get_page(request.GET.get("page"))
    case_page = Paginator(case_actions, AGENCY_PAGE).get_page(request.GET.get("case_page"))
    for a in conf_page:
        note_read(request, a.conference.child_id, what="agency_tasks", why=f"conference:{a.conference_id}")
    for a in case_page:
        note_read(request, a.plan.child_id, what="agency_tasks", why=f"case_action:{a.pk}")
    return render(
        request,
        "conferences/agency.html",
        {"conference_actions": conf_page, "case_actions": case_page, "today": timezone.localdate()},
    )


@login_required
def minutes_pdf(request, conference_uuid):
    """The minutes as a PDF, with what this reader may read (conferences.minutes)."""
    c = access.access_conference(request.user, conference_uuid)
    document = pdf.minutes_pdf(request.user, c)
    note_read(request, c.child_id, what="conference", why=access.read_reason(request.user, c), pdf=True)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="conference-{c.meets_on:%Y%m%d}.pdf"'
    return response
