"""Who may see and do what with allowances.

Applications and allowances are scoped by their copy of the child's village (core.scope): the
CWD prepares and follows their village's, the township supervisor reviews, the county officer
approves, runs the roll and records payments. County finance staff (User.Role.FINANCE) reach no
child through core.scope; they see their county's rolls and nothing else. Amounts are shown only
to the county officer and finance. Anything out of reach is missing (404).
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from children.access import can_edit
from children.models import Child
from core.scope import code_range, has_national_scope, in_scope, is_staff_role, scoped

from .models import Application, Benefit, Evidence, PaymentStandard, Roll

Role = User.Role
S = Application.Status
STAFF = (Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def _staff(user: User) -> bool:
    return is_staff_role(user, *STAFF)


def applications_for(user: User) -> QuerySet[Application]:
    if not _staff(user):
        return Application.objects.none()
    return scoped(Application.objects.all(), user)


def access_application(user: User, app_uuid: UUID | str) -> Application:
    try:
        return applications_for(user).select_related("child", "child__village", "benefit").get(uuid=app_uuid)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404("No such application") from None


def access_evidence(user: User, evidence_uuid: UUID | str) -> Evidence:
    try:
        return Evidence.objects.select_related("application__child").get(
            uuid=evidence_uuid, application__in=applications_for(user)
        )
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404("No such document") from None


def benefits_for(user: User) -> QuerySet[Benefit]:
    if not _staff(user):
        return Benefit.objects.none()
    return scoped(Benefit.objects.all(), user)


def access_benefit(user: User, benefit_uuid: UUID | str) -> Benefit:
    try:
        return benefits_for(user).select_related("child", "child__village").get(uuid=benefit_uuid)
    except (Benefit.DoesNotExist, ValueError, TypeError):
        raise Http404("No such allowance") from None


def _county_code(user: User) -> str | None:
    """The county whose rolls the user works on: the county officer's or finance staff's own."""
    if not (user.is_authenticated and user.is_active) or user.division_id is None:
        return None
    if user.role in (Role.COUNTY_OFFICER, Role.FINANCE):
        return user.division_id
    return None


def rolls_for(user: User) -> QuerySet[Roll]:
    """Payment rolls: the county officer's and finance staff's county; every county for an administrator."""
    if has_national_scope(user):
        return Roll.objects.all()
    code = _county_code(user)
    if code is None:
        return Roll.objects.none()
    return Roll.objects.filter(county__code__range=code_range(code))


def access_roll(user: User, roll_uuid: UUID | str) -> Roll:
    try:
        return rolls_for(user).select_related("county").get(uuid=roll_uuid)
    except (Roll.DoesNotExist, ValueError, TypeError):
        raise Http404("No such roll") from None


def roll_county(user: User) -> str | None:
    """The county a user may build rolls for (the county officer's own)."""
    return user.division_id if is_staff_role(user, Role.COUNTY_OFFICER) and user.role == Role.COUNTY_OFFICER else None


def can_see_rolls(user: User) -> bool:
    return has_national_scope(user) or _county_code(user) is not None


def can_see_amounts(user: User) -> bool:
    """Amounts are for those who pay: the county officer and finance staff."""
    return has_national_scope(user) or _county_code(user) is not None


def can_run_roll(user: User, roll: Roll | None = None) -> bool:
    """Building, issuing and recording payments: the county officer of that county."""
    if not (is_staff_role(user, Role.COUNTY_OFFICER) and user.role == Role.COUNTY_OFFICER):
        return False
    return roll is None or in_scope(user, roll.county_id)


def can_set_standards(user: User) -> bool:
    return user.role == Role.COUNTY_OFFICER and is_staff_role(user, Role.COUNTY_OFFICER)


def can_edit_standard(user: User, std: PaymentStandard) -> bool:
    """A standard is the county's own: its county officer edits it; an administrator any."""
    if has_national_scope(user):
        return True
    return can_set_standards(user) and std.division_id == user.division_id


def standards_for(user: User) -> QuerySet[PaymentStandard]:
    """The standards a user may read: those in force in the county officer's (or finance
    staff's) county, the province's and city's included; all for an administrator."""
    if has_national_scope(user):
        return PaymentStandard.objects.all()
    code = _county_code(user)
    if code is None or not is_staff_role(user, Role.COUNTY_OFFICER, Role.FINANCE):
        return PaymentStandard.objects.none()
    return PaymentStandard.objects.filter(division_id__in=[code[:2], code[:4], code[:6]])


def access_standard(user: User, std_uuid: UUID | str) -> PaymentStandard:
    try:
        return standards_for(user).get(uuid=std_uuid)
    except (PaymentStandard.DoesNotExist, ValueError, TypeError):
        raise Http404("No such standard") from None


def can_see_dashboard(user: User) -> bool:
    """The allowance figures: the township supervisor (their township) and the county officer."""
    return is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_apply(user: User, child: Child) -> bool:
    # children.access.can_edit assumes a child got through access_child; actions get theirs from
    # anywhere, so the scope is checked here too.
    return in_scope(user, child.village_id) and can_edit(user, child)


def can_edit_application(user: User, app: Application) -> bool:
    return app.status in Application.EDITABLE and can_apply(user, app.child)


def can_record_objection(user: User, app: Application) -> bool:
    return app.status == S.POSTING and _staff(user) and in_scope(user, app.village_id)


def posting_over(app: Application, today=None) -> bool:
    today = today or timezone.localdate()
    return app.posting_until is not None and today > app.posting_until


def can_review(user: User, app: Application) -> bool:
    """The township's review (审核): a supervisor (or the county) once the posting period has
    passed and every objection has been checked; for changes and exits, once submitted."""
    if not is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER) or not in_scope(user, app.village_id):
        return False
    if user.pk == app.prepared_by_id:
        return False
    if app.status == S.TOWNSHIP:
        return True
    return app.status == S.POSTING and posting_over(app) and not app.objections.filter(outcome="pending").exists()


def can_approve(user: User, app: Application) -> bool:
    """The county's approval (审批), never by whoever prepared or reviewed it."""
    return (
        app.status == S.COUNTY
        and user.role == Role.COUNTY_OFFICER
        and is_staff_role(user, Role.COUNTY_OFFICER)
        and in_scope(user, app.village_id)
        and user.pk not in (app.prepared_by_id, app.township_by_id)
    )


def can_return_or_refuse(user: User, app: Application) -> bool:
    return can_review(user, app) or can_approve(user, app)
