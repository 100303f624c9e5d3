"""Referral pages: sending, the partner's inbox, responding, the overdue view, the directory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.reads import note_read
from children.access import access_child, can_edit
from core.scope import has_national_scope, scope_division
from geo.models import county_code
from partners.access import organisations_for, organisations_serving
from partners.models import Organisation

from . import access, actions, services
from .forms import CompleteForm, NoteForm, ReasonForm, ReferralForm
from .models import Referral, Service

NEED_FROM_LINK_MAX = 1000  # a need passed in a link is a sentence or two


@login_required
def referral_new(request, child_uuid):
    """One form: the service, the organisation (cards of the suggestions for that service, the
    best one ticked), urgency, need and consent. Changing the service sends the form back with
    that service's cards (the `shown_for` field says which service the cards on screen were for)
    and sends no referral."""
    user = request.user
    child = access_child(user, child_uuid)
    if not can_edit(user, child):
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    service = data.get("service", "")
    service = service if service in Service.values else ""
    suggested = services.suggestions(child, service)
    labels = dict(Service.choices)
    for org in suggested:
        org.service_names = [labels[code] for code in org.services if code in labels]
    organisations = organisations_serving(child.village)
    repick = request.method == "POST" and ("pick" in data or data.get("shown_for", service) != service)
    if request.method == "POST" and not repick:
        form = ReferralForm(data, organisations=organisations)
        if form.is_valid():
            referral = form.save(commit=False)
            referral.child = child
            actions.do_refer(user, referral, request=request)
            messages.success(request, _("Referral sent to %(org)s.") % {"org": referral.organisation.name})
            return redirect("referral_detail", referral_uuid=referral.uuid)
    else:
        # Another page may open the form filled in for what it found (a growth finding: the
        # service, urgency and need); the CWD reads it, records consent and sends. Consent is
        # never taken from a link: only from this form, kept when the service changes.
        urgency = data.get("urgency", "")
        need = data.get("need", "")
        form = ReferralForm(
            organisations=organisations,
            initial={
                "service": service,
                "organisation": suggested[0].pk if suggested else None,
                "urgency": urgency if urgency in Referral.Urgency.values else Referral.Urgency.NORMAL,
                "need": need if request.method == "POST" else need[:NEED_FROM_LINK_MAX],
                "child_consent": request.method == "POST" and bool(data.get("child_consent")),
                "guardian_consent": request.method == "POST" and bool(data.get("guardian_consent")),
                "consent_note": data.get("consent_note", "") if request.method == "POST" else "",
            },
        )
    note_read(request, child, what="referral_form")
    return render(
        request,
        "referrals/referral_form.html",
        {
            "child": child,
            "form": form,
            "suggested": suggested,
            "service": service,
            "chosen": str(form["organisation"].value() or ""),
        },
    )


@login_required
def referral_list(request):
    """Partner staff: their organisation's open referrals. Staff: referrals in scope, overdue first."""
    user = request.user
    now = timezone.now()
    qs = access.referrals_for(user).select_related("child", "child__village", "organisation")
    show = request.GET.get("show", "open")
    if show == "overdue":
        qs = qs.filter(status=Referral.Status.SENT, respond_by__lt=now)
    elif show != "all" or user.role == User.Role.PARTNER:
        qs = qs.filter(status__in=Referral.OPEN)
    page = Paginator(qs.order_by("respond_by", "pk"), 50).get_page(request.GET.get("page"))
    for referral in page.object_list:
        note_read(request, referral.child_id, what="referrals", why=access.read_reason(user, referral))
    return render(
        request,
        "referrals/referral_list.html",
        {"page": page, "now": now, "show": show, "is_partner": user.role == User.Role.PARTNER},
    )


@login_required
def referral_detail(request, referral_uuid):
    user = request.user
    referral = access.access_referral(user, referral_uuid)
    is_partner = user.role == User.Role.PARTNER
    household = referral.child.household
    why = access.read_reason(user, referral)
    note_read(request, referral.child_id, what="referral", why=why, referral=str(referral.uuid))
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "child": referral.child,
            # Partner staff see only what the service needs: the child, age, village and caregiver contact.
            "caregiver": (
                household.caregiver_name,
                household.get_caregiver_relation_display(),
                household.caregiver_phone,
            ),
            "events": referral.events.select_related("by"),
            "is_partner": is_partner,
            "can_respond": access.can_respond_to_referral(user, referral),
            "can_close": not is_partner and access.can_close_referral(user, referral),
            "note_form": NoteForm(),
            "reason_form": ReasonForm(),
            "complete_form": CompleteForm(),
            "now": timezone.now(),
        },
    )


STEPS = {
    "accept": (NoteForm, lambda u, r, d, req: actions.do_accept(u, r, d["note"], request=req)),
    "decline": (ReasonForm, lambda u, r, d, req: actions.do_decline(u, r, d["reason"], request=req)),
    "start": (NoteForm, lambda u, r, d, req: actions.do_start(u, r, d["note"], request=req)),
    "complete": (
        CompleteForm,
        lambda u, r, d, req: actions.do_complete(u, r, d["outcome"], d["services"], request=req),
    ),
    "close": (ReasonForm, lambda u, r, d, req: actions.do_close(u, r, d["reason"], request=req)),
}


@login_required
@require_POST
def referral_step(request, referral_uuid, step):
    if step not in STEPS:
        raise Http404
    referral = access.access_referral(request.user, referral_uuid)
    form_class, run = STEPS[step]
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("referral_detail", referral_uuid=referral.uuid)
    try:
        run(request.user, referral, form.cleaned_data, request)
    except actions.ReferralMoved:
        # Lost a race (two tabs, two colleagues, or the CWD closing it meanwhile): nothing was
        # written; say so and show the referral as it stands, where the user may still see it.
        messages.warning(
            request,
            _("This referral was just answered or closed by someone else; here is where it stands now."),
        )
    else:
        messages.success(request, _("Saved."))
    if not access.referrals_for(request.user).filter(pk=referral.pk).exists():
        return redirect("referral_list")  # a partner's access ends with the referral
    return redirect("referral_detail", referral_uuid=referral.uuid)


@login_required
def child_referrals(request, child_uuid):
    child = access_child(request.user, child_uuid)
    referrals = child.referrals.select_related("organisation").order_by("-created_at", "-pk")
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    note_read(request, child, what="referrals")
    return render(
        request,
        "referrals/child_referrals.html",
        {"child": child, "page": page, "can_refer": can_edit(request.user, child)},
    )


@login_required
def directory(request):
    """Partner organisations of the county, with their services and open load."""
    user = request.user
    if user.role == User.Role.PARTNER or (scope_division(user) is None and not has_national_scope(user)):
        raise Http404
    scope = scope_division(user)
    county = county_code(scope.code) if scope else ""
    orgs = (
        Organisation.objects.filter(division__code__startswith=county)
        .annotate(load=Count("referrals", filter=Q(referrals__status__in=Referral.OPEN)))
        .select_related("division")
    )
    return render(
        request,
        "referrals/directory.html",
        {
            "page": Paginator(orgs.order_by("type", "name", "pk"), 50).get_page(request.GET.get("page")),
            "can_manage": organisations_for(user).exists() or user.role == User.Role.COUNTY_OFFICER,
            "service_labels": dict(Service.choices),
        },
    )
