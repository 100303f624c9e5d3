"""Pages that bring several apps together: the home page's routing by role, the CWD's Today,
the supervisor's and county's follow-up page and the county/township overview.

Each figure comes from its app's scoped querysets (access modules) or queries; what another app
shows on Today and the follow-up page comes through the panel slots "today" and "followup".
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import User
from accounts.staff import staff_by_village
from audit.reads import note_read
from children import queries as children_queries
from children.access import can_see_overview, children_for
from children.choices import Category, Status
from core.scope import scope_division
from followup import texts
from followup.access import followups_for
from followup.models import Tier
from geo.access import access_division
from geo.models import Division
from referrals.queries import has_open_referral
from reports.queries import has_open_report
from schools.access import is_school_staff

from .protection import protection_overview

Role = User.Role
PAGE_SIZE = 50  # children per page of each list, most urgent first
VILLAGES_PER_PAGE = 100


@login_required
def home(request):
    """Where each role starts (after logging in, and from the Shouhu name in the top bar): the CWD on
    the day's visits, the supervisor on the township's overdue visits, the county on its overview."""
    user = request.user
    if user.role == Role.PARTNER:
        return redirect("school_home" if is_school_staff(user) else "referral_list")
    if user.role == Role.CWD:
        return redirect("today")
    if user.role == Role.SUPERVISOR:
        return redirect("followup_overdue")
    if user.role == Role.COUNTY_OFFICER:
        return redirect("overview")
    return redirect("roster")


@login_required
def today(request):
    """Due and overdue children, most at risk first; then what is coming this week."""
    user = request.user
    day = timezone.localdate()
    followups = followups_for(user).select_related("child", "child__village")
    due_qs = followups.filter(due_on__lte=day).order_by("tier_rank", "due_on", "child_id")
    due = Paginator(due_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for fu in due:
        fu.reason_texts = [texts.reason_text(r[1]) for r in fu.reasons[:2]]
    soon_qs = followups.filter(due_on__gt=day, due_on__lte=day + timedelta(days=7)).order_by(
        "due_on", "tier_rank", "child_id"
    )
    soon = Paginator(soon_qs, PAGE_SIZE).get_page(request.GET.get("soon_page"))
    note_read(request, [fu.child_id for fu in [*due, *soon]], what="today")
    return render(
        request,
        "dashboards/today.html",
        {
            "due": due,
            "soon": soon,
            "today": day,
            "show_village": scope_division(user) is None or scope_division(user).level < 5,
        },
    )


@login_required
def overdue(request):
    """Supervisor and county: overdue visits by village and CWD, and red children."""
    user = request.user
    if not can_see_overview(user):
        raise Http404
    day = timezone.localdate()
    followups = followups_for(user)
    # One grouped scan gives each village's files, overdue and overdue-red counts.
    by_village = [
        r
        for r in followups.values("village_id")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=day)),
            overdue_red=Count("pk", filter=Q(due_on__lt=day, tier=Tier.RED)),
        )
        .order_by()
        if r["overdue"]
    ]
    by_village.sort(key=lambda r: (-r["overdue_red"], -r["overdue"], r["village_id"]))
    by_village = Paginator(by_village, VILLAGES_PER_PAGE).get_page(request.GET.get("village_page"))
    codes = [r["village_id"] for r in by_village]
    names = dict(Division.objects.filter(code__in=codes).values_list("code", "name"))
    cwds = staff_by_village(codes, Role.CWD)
    for r in by_village:
        r["name"] = names.get(r["village_id"], r["village_id"])
        r["cwds"] = "、".join(u.display_name for u in cwds[r["village_id"]]) or "—"
    # Red children nobody has reported or referred yet: the ones that need action now.
    unattended = followups.filter(tier=Tier.RED).filter(~has_open_referral(), ~has_open_report())
    red = Paginator(
        unattended.select_related("child", "child__village").order_by("due_on", "child_id"), PAGE_SIZE
    ).get_page(request.GET.get("red_page"))
    for fu in red:
        fu.reason_texts = [texts.reason_text(r[1]) for r in fu.reasons[:3]]
    note_read(request, [fu.child_id for fu in red], what="followup")
    return render(request, "dashboards/followup.html", {"by_village": by_village, "red": red, "today": day})


@login_required
def overview(request):
    user = request.user
    if not can_see_overview(user):
        raise Http404
    scope = scope_division(user)
    code = request.GET.get("division")
    division = access_division(user, code) if code else scope
    if division is None:
        # National scope: start from the first county that has villages loaded.
        division = Division.objects.filter(level=Division.Level.COUNTY, children__isnull=False).first()
        if division is None:
            raise Http404
    if division.level >= 5:
        raise Http404
    rows, total = children_queries.overview(children_for(user), division)
    protection, protection_total = protection_overview(user, division)
    return render(
        request,
        "dashboards/overview.html",
        {
            "protection": protection,
            "protection_total": protection_total,
            "division": division,
            "rows": rows,
            "total": total,
            "categories": list(Category),
            "statuses": [s for s in Status if s != Status.CLOSED],
            # Links back up to the user's own level, never above it.
            "breadcrumbs": [d for d in division.ancestors() if scope is None or scope.contains(d)],
        },
    )
