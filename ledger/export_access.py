"""Who may take which ledger export, of which division.

Built on children.access (an export takes children's data out of Shouhu: `can_export`, with the
second factor where the county requires it) and geo.access (a division outside the user's reach
is missing, 404). The full export and the MCA exchange file carry full ID numbers and serve the
township's and county's exchange with other systems: supervisors and county officers take the
full export, county officers the MCA file (the county reports to the national system).
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from children import access as child_access
from core.scope import has_national_scope, in_scope, is_staff_role, scope_division, scoped
from geo.access import access_division, divisions_for
from geo.models import Division

from . import exports
from .exchange_models import McaExport
from .export_models import ExportJob

Role = User.Role
# Counties, townships and villages: a province's or prefecture's ledger is a county's job each.
LEVELS = (Division.Level.COUNTY, Division.Level.TOWNSHIP, Division.Level.VILLAGE)
# Beyond this many divisions (a national administrator), the picker takes a code instead.
PICKER_MAX = 2000


def _export_role(user: User) -> bool:
    """A role that exports (children.access.can_export without the session's second factor)."""
    return is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_export_ledger(user: User) -> bool:
    return child_access.can_export(user)


def products_for(user: User, *, second_factor_checked: bool = False) -> list[str]:
    """The exports the user may take. A background job passes `second_factor_checked`: it has no
    session, and the second factor was checked when the export was asked for (and is again at
    the download)."""
    if not (can_export_ledger(user) or (second_factor_checked and _export_role(user))):
        return []
    products = [exports.LBC_FORMS, exports.DIFFICULTY_FORMS, exports.ROSTER]
    if is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER):
        products.append(exports.FULL)
    if is_staff_role(user, Role.COUNTY_OFFICER):
        products.append(exports.MCA)
    return products


def divisions_to_pick(user: User) -> QuerySet[Division] | None:
    """The divisions the user may export, in code order; None when there are too many to list."""
    if has_national_scope(user):
        return None
    qs = divisions_for(user).filter(level__in=LEVELS).select_related("parent").order_by("code")
    return qs if qs.count() <= PICKER_MAX else None


def access_export_division(user: User, code: str) -> Division:
    """The division to export if it lies within the user's reach and is a county, township or
    village; Http404 otherwise."""
    division = access_division(user, code)
    if division.level not in LEVELS:
        raise Http404("Not a county, township or village")
    return division


def default_division(user: User) -> Division | None:
    division = scope_division(user)
    return division if division is not None and division.level in LEVELS else None


def mca_exports_for(user: User) -> QuerySet[McaExport]:
    """The MCA exchange files delivered for divisions within the user's reach."""
    return scoped(McaExport.objects.all(), user, "division__code").select_related("division", "exported_by")


def last_mca_batch(user: User, division: Division) -> McaExport | None:
    """The division's last delivered batch (not a resend of one), if the user may see it."""
    return mca_exports_for(user).filter(division=division, resend_of__isnull=True).first()


def export_jobs_for(user: User) -> QuerySet[ExportJob]:
    """The user's own exports (nobody else's: a file made for one officer is theirs alone)."""
    if not _export_role(user):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user).select_related("division")


def access_export_job(user: User, job_uuid) -> ExportJob:
    """One of the user's exports whose division is still in their reach; Http404 otherwise."""
    try:
        job = export_jobs_for(user).get(uuid=job_uuid)
    except (ExportJob.DoesNotExist, ValueError, TypeError):
        raise Http404("No such export") from None
    if not in_scope(user, job.division_id):
        raise Http404("No such export")
    return job


def mca_file_being_made(division: Division) -> bool:
    """An MCA file of the division is waiting or being made, whoever asked for it: a second one
    would be worked out from the same watermark and send the same changes twice."""
    busy = (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)
    return ExportJob.objects.filter(division=division, product=exports.MCA, status__in=busy).exists()
