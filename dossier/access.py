"""Who may print what.

A child's file: whoever may open the child's profile (children.access.access_child; 404 otherwise).
A village's batch: the village's CWDs, its township's supervisors and the county's officers, that
is the staff whose reach (core.scope) holds the village; partner staff never. Since the batch takes
a whole village's files out of Shouhu, asking for it and downloading it follow the export rule
(children.access.can_export: a second factor when SHOUHU_2FA_FOR_EXPORT is on). A batch job is seen
only by the person who asked for it, and only while the village is still in their reach.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from children.access import access_child, can_edit, can_export, children_for
from children.choices import Status
from children.models import Child
from core.scope import in_scope, is_staff_role
from geo.access import villages_for
from geo.models import Division

from .models import BatchPrint

Role = User.Role
STAFF = (Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def access_child_file(user: User, child_uuid: UUID | str) -> Child:
    """The child whose file the user may print; Http404 otherwise (the profile's own rule)."""
    return access_child(user, child_uuid)


def can_print_full_id(user: User, child: Child) -> bool:
    """A file with the full ID number: for those who may reveal it on the profile (who may edit)."""
    return bool(child.id_number) and can_edit(user, child)


def can_print_batches(user: User) -> bool:
    return is_staff_role(user, *STAFF)


def may_take_batch(user: User) -> bool:
    """A village's files in one PDF leave Shouhu like an export: the export rule applies, so with
    SHOUHU_2FA_FOR_EXPORT on, only from a session verified with a second factor."""
    return can_print_batches(user) and can_export(user)


def batch_villages(user: User) -> QuerySet[Division]:
    """The villages whose open files the user may print in one batch."""
    if not can_print_batches(user):
        return Division.objects.none()
    return villages_for(user)


def access_batch_village(user: User, code: str) -> Division:
    """The village with this code if the user may print its batch; Http404 otherwise."""
    try:
        return batch_villages(user).get(code=code)
    except (Division.DoesNotExist, ValueError, TypeError):
        raise Http404("No such village") from None


def open_files(user: User, village: Division) -> QuerySet[Child]:
    """The open files of the village (registered, confirmed or active), in roster order."""
    return (
        children_for(user)
        .filter(village=village)
        .exclude(status=Status.CLOSED)
        .select_related("village", "household", "registered_by", "confirmed_by")
        .order_by("name_pinyin", "pk")
    )


def batches_for(user: User) -> QuerySet[BatchPrint]:
    """The user's own batch prints."""
    if not can_print_batches(user):
        return BatchPrint.objects.none()
    return BatchPrint.objects.filter(requested_by=user).select_related("village")


def access_batch(user: User, batch_uuid: UUID | str) -> BatchPrint:
    """One of the user's batches whose village is still in their reach; Http404 otherwise."""
    try:
        batch = batches_for(user).get(uuid=batch_uuid)
    except (BatchPrint.DoesNotExist, ValueError, TypeError):
        raise Http404("No such batch") from None
    if not in_scope(user, batch.village_id):
        raise Http404("No such batch")
    return batch
