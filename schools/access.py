"""Who may see and do what in the school side (控辍保学, DOMAIN.md §2 W8).

School staff are partner users of a school or kindergarten; they see no child. They see only
their own uploads; staff see absences on the child's file. Matching a school's pupils to the
registry looks beyond every user's scope and lives apart, in `schools.matching`.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from core.scope import is_staff_role, scoped
from partners.models import Organisation

from .models import SchoolUpload, UnmatchedRow

SCHOOL_TYPES = (Organisation.Type.SCHOOL, Organisation.Type.KINDERGARTEN)


def is_school_staff(user: User) -> bool:
    org = user.organisation if user.is_authenticated and user.role == User.Role.PARTNER else None
    return user.is_active and org is not None and org.is_active and org.type in SCHOOL_TYPES


def school_uploads_for(user: User) -> QuerySet[SchoolUpload]:
    """A school's own uploads; nothing for anyone else."""
    if not is_school_staff(user):
        return SchoolUpload.objects.none()
    return SchoolUpload.objects.filter(school_id=user.organisation_id)


def access_school_upload(user: User, upload_uuid: UUID | str) -> SchoolUpload:
    try:
        return school_uploads_for(user).get(uuid=upload_uuid)
    except (SchoolUpload.DoesNotExist, ValueError, TypeError):
        raise Http404("No such upload") from None


def unmatched_rows_for(user: User) -> QuerySet[UnmatchedRow]:
    """For supervisors and county officers: rows of school sheets in their area that matched no
    open child (pupils the registry may be missing), by the school's area; nothing for others."""
    if not is_staff_role(user, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER):
        return UnmatchedRow.objects.none()
    return scoped(UnmatchedRow.objects.all(), user, "upload__school__division__code")
