"""The CWD's "today", the supervisor's and county's follow-up views, and tier overrides."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.staff import staff_by_village
from caseplans import views as caseplan_views
from children.access import access_child, can_see_overview
from core.forms import DateInput
from core.scope import scope_division
from geo.models import Division

from . import access, actions, texts
from .models import Tier, TierOverride

TODAY_LIMIT = 50  # more than a day's work, most urgent first; the roster has the rest


@login_required
def today(request):
    """Due and overdue children, most at risk first; then what is coming this week."""
    user = request.user
    day = timezone.localdate()
    followups = access.followups_for(user).select_related("child", "child__village")
    due_qs = followups.filter(due_on__lte=day)
    due = list(due_qs.order_by("tier_rank", "due_on", "child_id")[:TODAY_LIMIT])
    for fu in due:
        fu.reason_texts = [texts.reason_text(r[1]) for r in fu.reasons[:2]]
    soon = followups.filter(due_on__gt=day, due_on__lte=day + timedelta(days=7)).order_by("due_on", "tier_rank")[:50]
    return render(request, "followup/today.html", {
        **caseplan_views.today_context(user, day),
        "due": due, "soon": soon, "today": day,
        "due_count": len(due) if len(due) < TODAY_LIMIT else due_qs.count(),
        "show_village": scope_division(user) is None or scope_division(user).level < 5,
    })


@login_required
def overdue(request):
    """Supervisor and county: overdue visits by village and CWD, and red children."""
    user = request.user
    if not can_see_overview(user):
        raise Http404
    day = timezone.localdate()
    followups = access.followups_for(user)
    # One grouped scan gives each village's files, overdue and overdue-red counts.
    by_village = [
        r for r in followups.values("village_id").annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=day)),
            overdue_red=Count("pk", filter=Q(due_on__lt=day, tier=Tier.RED)),
        ).order_by()
        if r["overdue"]
    ]
    by_village.sort(key=lambda r: (-r["overdue_red"], -r["overdue"], r["village_id"]))
    by_village = by_village[:300]
    codes = [r["village_id"] for r in by_village]
    names = dict(Division.objects.filter(code__in=codes).values_list("code", "name"))
    cwds = staff_by_village(codes, User.Role.CWD)
    for r in by_village:
        r["name"] = names.get(r["village_id"], r["village_id"])
        r["cwds"] = "、".join(u.display_name for u in cwds[r["village_id"]]) or "—"
    # Red children nobody has reported or referred yet: the ones that need action now.
    from referrals.models import Referral
    from reports.models import MandatoryReport

    # NOT EXISTS per red row (indexed by child), not a NOT IN over every open referral.
    referred = Exists(Referral.objects.filter(child_id=OuterRef("child_id"), status__in=Referral.OPEN))
    reported = Exists(MandatoryReport.objects.filter(child_id=OuterRef("child_id"))
                      .exclude(status=MandatoryReport.Status.CLOSED))
    red = list(followups.filter(tier=Tier.RED).filter(~referred, ~reported).select_related("child", "child__village")
               .order_by("due_on")[:100])
    for fu in red:
        fu.reason_texts = [texts.reason_text(r[1]) for r in fu.reasons[:3]]
    return render(request, "followup/overdue.html", {
        **caseplan_views.followup_context(user, day), "by_village": by_village, "red": red, "today": day})


class OverrideForm(forms.Form):
    tier = forms.ChoiceField(label=gettext_lazy("Tier"), choices=Tier.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    expires_on = forms.DateField(label=gettext_lazy("Until"), widget=DateInput())

    def clean_expires_on(self):
        d = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if d <= today:
            raise forms.ValidationError(gettext_lazy("The override must end in the future."))
        if d > today + timedelta(days=180):
            raise forms.ValidationError(gettext_lazy("An override lasts at most 180 days; review it then."))
        return d


@login_required
@require_POST
def override(request, child_uuid):
    child = access_child(request.user, child_uuid)
    if not access.can_override(request.user, child):
        raise Http404
    form = OverrideForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("child_detail", child_uuid=child.uuid)
    d = form.cleaned_data
    actions.do_override(request.user, child, d["tier"], d["reason"], d["expires_on"], request=request)
    messages.success(request, _("The tier is set until %(date)s.") % {"date": d["expires_on"].isoformat()})
    return redirect("child_detail", child_uuid=child.uuid)


@login_required
@require_POST
def end_override(request, child_uuid):
    child = access_child(request.user, child_uuid)
    if not access.can_override(request.user, child):
        raise Http404
    actions.do_end_override(request.user, child, request=request)
    return redirect("child_detail", child_uuid=child.uuid)


def followup_context(user, child) -> dict:
    """What the child's profile shows of risk and follow-up."""
    from .models import FollowUp, TierHistory

    fu = FollowUp.objects.filter(child=child).first()
    active = TierOverride.objects.filter(child=child, ended_at__isnull=True,
                                         expires_on__gte=timezone.localdate()).select_related("by").first()
    return {
        "followup": fu,
        "override": active,
        "can_override": access.can_override(user, child),
        "override_form": OverrideForm(initial={"expires_on": timezone.localdate() + timedelta(days=30)}),
        "history": TierHistory.objects.filter(child=child)[:20],
    }
