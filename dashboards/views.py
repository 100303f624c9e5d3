"""Pages that bring several apps together: the home page's routing by role, the CWD's Today,
the supervisor's and county's follow-up page and the county/township overview.

Each figure comes from its app's scoped querysets (access modules) or queries; what another app
shows on Today and the follow-up page comes through the panel slots "today" and "followup".
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import User
from accounts.staff import staff_by_village
from audit.reads import note_read
from children import queries as children_queries
from children.access import can_see_overview, children_for
from children.choices import Category, Status
from children.queries import OverviewRow
from core.scope import scope_division
from followup import texts
from followup.access import followups_for
from geo.access import access_division
from geo.models import CODE_LENGTH, Division, code_range
from schools.access import is_school_staff

from . import snapshots
from .protection import protection_from_snapshot, protection_overview
from .summary import AreaSummary, missed_by_area, missed_from_snapshot, red_unattended

Role = User.Role
PAGE_SIZE = 50  # children per page of Today's lists, most urgent first
AREAS_PER_PAGE = 12  # areas on the follow-up page: the worst fit a laptop's first screen
RED_PER_PAGE = 10  # red children nobody has acted on, per page of the follow-up page


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
    if user.role == Role.PARENT:
        return redirect("family_home")
    if user.role == Role.OFFICIAL:
        return redirect("board")
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


def _area(user, code: str | None) -> Division:
    """The area a supervisor's or county page is about: the one asked for (within the user's scope,
    else 404), else the user's own; a national user starts from the first county with villages.
    Its areas are its townships or its villages, so a village itself is not one."""
    division = access_division(user, code) if code else scope_division(user)
    if division is None:
        division = Division.objects.filter(level=Division.Level.COUNTY, children__isnull=False).first()
        if division is None:
            raise Http404
    if division.level >= 5:
        raise Http404
    return division


def _crumbs(user, division: Division) -> list[Division]:
    """Links back up to the user's own level, never above it."""
    scope = scope_division(user)
    return [d for d in division.ancestors() if scope is None or scope.contains(d)]


def _divisions_below(parent: Division) -> list[Division]:
    """The areas a page's rows are about: the parent's townships or villages, in code order."""
    return list(Division.objects.filter(parent=parent).order_by("code"))


def _overview_row(division: Division | None, figures: dict[str, int]) -> OverviewRow:
    """children.queries.overview's row from the snapshot's figures of one area."""
    by_status = {s: figures.get(f"files_{s}", 0) for s in Status.values}
    return OverviewRow(
        division=division,
        open=sum(v for s, v in by_status.items() if s != Status.CLOSED),
        closed=by_status[Status.CLOSED],
        by_status=by_status,
        by_category={cat.value: figures.get(f"files_cat_{cat.value}", 0) for cat in Category},
    )


@login_required
def overdue(request):
    """Supervisor and county: where children are being missed (each area's late visits, red
    children nobody has acted on, late report feedback and referrals, files waiting, school
    pupils matched to no file), worst first; then the red children nobody has acted on."""
    user = request.user
    if not can_see_overview(user):
        raise Http404
    day = timezone.localdate()
    area = _area(user, request.GET.get("area"))
    as_of = snapshots.taken_at(day, area.code[: CODE_LENGTH[3]])
    if as_of is not None:
        rows, total = missed_from_snapshot(_divisions_below(area), *snapshots.figures_below(day, area.code))
    else:
        rows, total = missed_by_area(user, area, day, protection_overview(user, area))
    missed = sorted((r for r in rows if r.has_problem), key=AreaSummary.urgency)
    areas = Paginator(missed, AREAS_PER_PAGE).get_page(request.GET.get("area_page"))
    if area.level == Division.Level.TOWNSHIP:
        cwds = staff_by_village([r.division.code for r in areas], Role.CWD)
        for r in areas:
            r.cwds = "、".join(u.display_name for u in cwds[r.division.code])
    lo, hi = code_range(area.code)
    red_pages = Paginator(
        red_unattended(user)
        .filter(village_id__range=(lo, hi))
        .select_related("child", "child__village")
        .order_by("due_on", "child_id"),
        RED_PER_PAGE,
    )
    if as_of is not None:
        # The list is live; its total is the snapshot's, as the tiles above (counting the red
        # children nobody has acted on across a county is the page's slowest query).
        red_pages.count = total.red_unattended
    red = red_pages.get_page(request.GET.get("red_page"))
    for fu in red:
        fu.reason_texts = [texts.reason_text(r[1]) for r in fu.reasons[:3]]
    note_read(request, [fu.child_id for fu in red], what="followup")
    return render(
        request,
        "dashboards/followup.html",
        {
            "area": area,
            "areas": areas,
            "total": total,
            "red": red,
            "today": day,
            "as_of": as_of,
            "breadcrumbs": _crumbs(user, area),
        },
    )


@login_required
def overview(request):
    """The registry's and protection figures of a county or township, area by area: first what
    needs someone (the summary and the risk, reports and referrals table), then on demand the
    files by category and by status."""
    user = request.user
    if not can_see_overview(user):
        raise Http404
    division = _area(user, request.GET.get("division"))
    day = timezone.localdate()
    as_of = snapshots.taken_at(day, division.code[: CODE_LENGTH[3]])
    if as_of is not None:
        divisions = _divisions_below(division)
        below, own = snapshots.figures_below(day, division.code)
        rows, total = [_overview_row(d, below.get(d.code, {})) for d in divisions], _overview_row(None, own)
        protection = protection_from_snapshot(divisions, below, own)
        _rows, summary = missed_from_snapshot(divisions, below, own)
    else:
        rows, total = children_queries.overview(children_for(user), division)
        protection = protection_overview(user, division)
        _rows, summary = missed_by_area(user, division, day, protection)
    return render(
        request,
        "dashboards/overview.html",
        {
            "protection": protection[0],
            "protection_total": protection[1],
            "summary": summary,
            "division": division,
            "rows": rows,
            "total": total,
            "categories": list(Category),
            "statuses": [s for s in Status if s != Status.CLOSED],
            "as_of": as_of,
            "breadcrumbs": _crumbs(user, division),
        },
    )
