"""Who may see and do what in training.

Workers are users of the staff roles. A county officer sees and manages the training of every
worker of their county, a supervisor sees their township's workers and records sessions for
them, a CWD sees their own record only. Courses: the national ones (no county) and the user's
county's own; a county officer manages their county's courses, an administrator the national
ones. Anything outside is missing (404), never forbidden.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from core.scope import code_range, has_national_scope, is_staff_role, scope_code, scoped
from geo.models import CODE_LENGTH, Division

from .models import Certificate, Course, Session

Role = User.Role
WORKER_ROLES = (Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)
COUNTY = CODE_LENGTH[Division.Level.COUNTY]


def county_code(user: User) -> str | None:
    """The county whose courses the user sees; "" for an administrator (every course)."""
    prefix = scope_code(user)
    if prefix is None or not is_staff_role(user, *WORKER_ROLES):
        return None
    return prefix[:COUNTY]


def courses_for(user: User) -> QuerySet[Course]:
    county = county_code(user)
    if county is None:
        return Course.objects.none()
    if county == "":
        return Course.objects.all()
    return Course.objects.filter(Q(county__isnull=True) | Q(county_id=county))


def access_course(user: User, pk: int) -> Course:
    try:
        return courses_for(user).select_related("county").get(pk=pk)
    except (Course.DoesNotExist, ValueError, TypeError):
        raise Http404("No such course") from None


def can_manage(user: User, course: Course | None = None) -> bool:
    """Create or edit courses: the county officer for their county's, an administrator for any."""
    if has_national_scope(user):
        return True
    if not (user.is_authenticated and user.is_active and user.role == Role.COUNTY_OFFICER):
        return False
    return course is None or course.county_id == user.division_id


def workers_for(user: User) -> QuerySet[User]:
    """The workers whose training record the user may see: all of the county's or township's for
    the county officer and the supervisor, only oneself for a CWD."""
    workers = User.objects.filter(role__in=WORKER_ROLES)
    if not is_staff_role(user, *WORKER_ROLES):
        return workers.none()
    if user.role == Role.CWD and not has_national_scope(user):
        return workers.filter(pk=user.pk)
    return scoped(workers, user, "division__code")


def access_worker(user: User, pk: int) -> User:
    try:
        return workers_for(user).select_related("division").get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("No such worker") from None


def can_see_workers(user: User) -> bool:
    return is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_record_sessions(user: User) -> bool:
    return is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def sessions_for(user: User) -> QuerySet[Session]:
    """Sessions held for an area within the user's reach, or for the county around it (a
    supervisor sees the county's sessions that their township's workers attend)."""
    prefix = scope_code(user)
    if prefix is None or not can_record_sessions(user):
        return Session.objects.none()
    if prefix == "":
        return Session.objects.all()
    return Session.objects.filter(Q(area__code__range=code_range(prefix)) | Q(area_id=prefix[:COUNTY]))


def access_session(user: User, pk: int) -> Session:
    try:
        return sessions_for(user).select_related("course", "area").get(pk=pk)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404("No such session") from None


def session_areas(user: User) -> QuerySet[Division]:
    """Where the user may hold a session: their county (county officer) or township (supervisor)."""
    if has_national_scope(user):
        return Division.objects.filter(level__in=[Division.Level.COUNTY, Division.Level.TOWNSHIP])
    if not can_record_sessions(user) or user.division is None:
        return Division.objects.none()
    return Division.objects.filter(pk=user.division_id)


def certificates_for(user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(worker__in=workers_for(user))
