"""Who may see and do what with mandatory reports. Every rule about reports is here.

Staff reach a report through its child's village (core.scope.scoped), so a report on a child
outside their scope is missing (404). Partner staff reach only the reports made to their own
organisation, and see of the child only the name, age and village.

The original reporter of a relayed report is confidential (高检发〔2020〕9号 and the procuratorate
guidance protect reporters). Who may see who it was:
- the county officers of the child's county, who follow up every report;
- staff of the receiving organisation, who must be able to contact the witness;
- the person who filed it, who took the report from the witness and knows them anyway.
Nobody else: not the township supervisor, not another village's CWD, not the CWD who now holds
the child's file if someone else filed it, and not a system administrator.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from children.models import Child
from core.scope import in_scope, is_staff_role, scoped

from .models import MandatoryReport

Role = User.Role
STAFF_ROLES = (Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def is_partner(user: User) -> bool:
    return user.is_active and user.role == Role.PARTNER and user.organisation_id is not None


def reports_for(user: User) -> QuerySet[MandatoryReport]:
    """Every report the user may see."""
    if not user.is_authenticated or not user.is_active:
        return MandatoryReport.objects.none()
    if is_partner(user):
        return MandatoryReport.objects.filter(receiving_org_id=user.organisation_id)
    if not is_staff_role(user, *STAFF_ROLES):
        return MandatoryReport.objects.none()
    return scoped(MandatoryReport.objects.all(), user, "child__village__code")


def access_report(user: User, report_uuid: UUID | str) -> MandatoryReport:
    """The report with this UUID if the user may see it; Http404 otherwise."""
    try:
        return reports_for(user).select_related("child__village", "filed_by", "receiving_org").get(uuid=report_uuid)
    except (MandatoryReport.DoesNotExist, ValueError, TypeError):
        raise Http404("No such report") from None


def can_file(user: User, child: Child) -> bool:
    """Whoever works on the child's file may report at once: no approval (MPL Art. 11)."""
    return not child.is_closed and is_staff_role(user, *STAFF_ROLES)


def can_see_reporter(user: User, report: MandatoryReport) -> bool:
    """Whether the user may see who first reported a relayed report (see the module docstring)."""
    if not report.relayed:
        return True  # nothing confidential: the filer is the reporter
    if not user.is_active:
        return False
    if user.pk == report.filed_by_id:
        return True
    if user.role == Role.COUNTY_OFFICER and in_scope(user, report.child.village_id):
        return True
    return is_partner(user) and report.receiving_org_id == user.organisation_id


def can_update(user: User, report: MandatoryReport) -> bool:
    """Record the receipt, actions, decisions and feedback of an open report.

    The staff who can see the child, and the receiving organisation's staff (who are the ones
    giving the receipt and the outcome). Call only with a report from access_report.
    """
    if report.is_closed or not user.is_active:
        return False
    if is_partner(user):
        return report.receiving_org_id == user.organisation_id
    return is_staff_role(user, *STAFF_ROLES)


def can_close(user: User, report: MandatoryReport) -> bool:
    """Closing is the reporting side's call, not the receiving body's."""
    return not report.is_closed and not is_partner(user) and is_staff_role(user, *STAFF_ROLES)


def sees_child_file(user: User) -> bool:
    """Partner staff see the child's name, age and village on a report, and nothing else of the file."""
    return not is_partner(user)


def read_reason(user: User, report: MandatoryReport) -> str | None:
    """Why the user sees the report's child, for the audit trail (audit.reads): the receiving
    organisation's staff through this report; staff through their jurisdiction (the default)."""
    return f"report:{report.pk}" if is_partner(user) else None
