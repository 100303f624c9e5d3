"""Who may see and do what. The one place that decides; every page, API call, search, export
and background job gets its children and divisions from here.

Scope is a division code prefix: a CWD's village, a supervisor's township, a county officer's
county. A system administrator sees the whole system. Partner staff see no child until
referrals exist. Anything outside a user's scope is reported as missing (404), never as
forbidden, so that its existence does not leak.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from children.models import Child
from geo.models import Division, code_range

Role = User.Role


def scope_division(user: User) -> Division | None:
    """The division a user's reach is bound to, or None for no reach and for national reach."""
    if user.role in User.ROLE_LEVEL:
        return user.division
    return None


def has_national_scope(user: User) -> bool:
    return user.is_active and (user.role == Role.ADMIN or user.is_superuser)


def children_for(user: User) -> QuerySet[Child]:
    """Every child record the user may see, open and closed."""
    if not user.is_authenticated or not user.is_active:
        return Child.objects.none()
    if has_national_scope(user):
        return Child.objects.all()
    division = scope_division(user)
    if division is None:
        return Child.objects.none()
    return Child.objects.filter(village__code__range=code_range(division.code))


def access_child(user: User, child_uuid: UUID | str) -> Child:
    """The child with this UUID if the user may see it; Http404 otherwise."""
    try:
        return children_for(user).select_related("village", "household").get(uuid=child_uuid)
    except (Child.DoesNotExist, ValueError, TypeError):
        raise Http404("No such child") from None


def villages_for(user: User) -> QuerySet[Division]:
    """Villages the user may register children in or transfer children to."""
    if has_national_scope(user):
        return Division.objects.villages()
    division = scope_division(user)
    if division is None:
        return Division.objects.none()
    return Division.objects.within(division).villages()


def areas_for(user: User) -> QuerySet[Division]:
    """The divisions one level below the user's own: a county's townships, a township's villages."""
    division = scope_division(user)
    if division is None:
        return Division.objects.filter(level=Division.Level.PROVINCE) if has_national_scope(user) else \
            Division.objects.none()
    return Division.objects.filter(parent=division)


def divisions_for(user: User) -> QuerySet[Division]:
    if has_national_scope(user):
        return Division.objects.all()
    division = scope_division(user)
    if division is None:
        return Division.objects.none()
    return Division.objects.within(division)


def access_division(user: User, code: str) -> Division:
    try:
        return divisions_for(user).get(code=code)
    except Division.DoesNotExist:
        raise Http404("No such division") from None


def is_staff_role(user: User, *roles: str) -> bool:
    return user.is_active and (user.role in roles or has_national_scope(user))


# What each role may do to a child it can see. Every check takes the child so that a
# caller cannot forget that the child must be in scope first.


def can_register(user: User) -> bool:
    return is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_edit(user: User, child: Child) -> bool:
    return not child.is_closed and is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_confirm(user: User, child: Child) -> bool:
    from children.choices import Status

    return child.status == Status.REGISTERED and is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_activate(user: User, child: Child) -> bool:
    from children.choices import Status

    return child.status == Status.CONFIRMED and is_staff_role(user, Role.COUNTY_OFFICER)


def can_close(user: User, child: Child) -> bool:
    return not child.is_closed and is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_reopen(user: User, child: Child) -> bool:
    return child.is_closed and is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_transfer(user: User, child: Child) -> bool:
    """Moving a file between villages is the township's or the county's decision."""
    return not child.is_closed and is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_read_history(user: User, child: Child) -> bool:
    """MPL Art. 4/72: who looked at a child's file is itself sensitive; the county reads it."""
    return is_staff_role(user, Role.COUNTY_OFFICER)


def can_export(user: User) -> bool:
    return is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_see_overview(user: User) -> bool:
    return is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


# Duplicate detection must look beyond the user's scope (the same child may already be on
# another village's books), so it is the one query here that does. It returns only what a
# CWD needs to decide: a masked name, the date of birth and where the file is kept. Files in
# the user's own scope come back with a link.


@dataclass
class DuplicateCandidate:
    reason: str  # "id_number" or "name_dob"
    masked_name: str
    date_of_birth: str
    place: str
    status: str
    child: Child | None  # only when the user may open the file


def _mask(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1)


def duplicate_candidates(
    user: User, *, name: str, date_of_birth, id_number: str, village: Division, exclude_pk: int | None = None
) -> list[DuplicateCandidate]:
    from children.identity import name_keys

    matches: dict[int, str] = {}
    if id_number:
        for pk in Child.objects.filter(id_number=id_number).values_list("pk", flat=True)[:20]:
            matches[pk] = "id_number"
    if name and date_of_birth:
        pinyin, _initials = name_keys(name)
        county = village.code[:6]
        same = Child.objects.filter(
            date_of_birth=date_of_birth, village__code__range=code_range(county)
        ).filter(Q(name_pinyin=pinyin) | Q(name=name))
        for pk in same.values_list("pk", flat=True)[:20]:
            matches.setdefault(pk, "name_dob")
    matches.pop(exclude_pk, None)
    if not matches:
        return []
    visible = set(children_for(user).filter(pk__in=matches).values_list("pk", flat=True))
    found = []
    for child in Child.objects.filter(pk__in=matches).select_related("village").order_by("pk"):
        found.append(
            DuplicateCandidate(
                reason=matches[child.pk],
                masked_name=child.name if child.pk in visible else _mask(child.name),
                date_of_birth=child.date_of_birth.isoformat(),
                place=child.village.full_name or child.village.name,
                status=child.get_status_display(),
                child=child if child.pk in visible else None,
            )
        )
    return found


def followups_for(user: User):
    """Follow-up rows (tier, due date) of the open files the user may see."""
    from followup.models import FollowUp

    if not user.is_authenticated or not user.is_active:
        return FollowUp.objects.none()
    if has_national_scope(user):
        return FollowUp.objects.all()
    division = scope_division(user)
    if division is None:
        return FollowUp.objects.none()
    return FollowUp.objects.filter(village_id__range=code_range(division.code))


def children_for_jobs() -> QuerySet[Child]:
    """System scope, for background jobs that act on every child (the nightly recomputation).

    Nothing a job computes is shown to a user except through the scoped functions above.
    """
    return Child.objects.all()


# Referrals. Partner staff reach a child only through an open referral to their organisation,
# and only the fields the referral page shows; when the referral ends, so does their access.


def referrals_for(user: User):
    from referrals.models import Referral

    if not user.is_authenticated or not user.is_active:
        return Referral.objects.none()
    if user.role == Role.PARTNER:
        return Referral.objects.filter(organisation_id=user.organisation_id, status__in=Referral.OPEN)
    if has_national_scope(user):
        return Referral.objects.all()
    division = scope_division(user)
    if division is None:
        return Referral.objects.none()
    return Referral.objects.filter(village_id__range=code_range(division.code))


def access_referral(user: User, referral_uuid):
    from referrals.models import Referral

    try:
        return referrals_for(user).select_related("child", "child__village", "organisation").get(uuid=referral_uuid)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such referral") from None


def can_respond_to_referral(user: User, referral) -> bool:
    return user.is_active and user.role == Role.PARTNER and referral.organisation_id == user.organisation_id \
        and referral.is_open


def can_close_referral(user: User, referral) -> bool:
    return referral.status not in ("closed",) and is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def organisations_for(user: User):
    """The partner directory a user may manage: a county officer's county (admins: all)."""
    from partners.models import Organisation

    if has_national_scope(user):
        return Organisation.objects.all()
    division = scope_division(user)
    if user.role != Role.COUNTY_OFFICER or division is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(division__code__range=code_range(division.code))


def organisations_serving(village: Division):
    """Active organisations whose area contains the village (for referral suggestions)."""
    from partners.models import Organisation

    return Organisation.objects.filter(is_active=True, division_id__in=[*village.ancestor_codes(), village.code])


# Schools (控辍保学, DOMAIN.md §2 W8). School staff are partner users of a school or
# kindergarten; they see no child. They report pupils from their own roster, and the match
# must search the school's whole county (a pupil may live in any of its villages), so like
# duplicate_candidates this looks beyond every user's scope. What goes back to the school is
# one verdict per row of its own sheet; the matched Child objects go only to schools.actions,
# which records the absence and alerts the child's CWD.

SCHOOL_TYPES = ("school", "kindergarten")


def is_school_staff(user: User) -> bool:
    org = user.organisation if user.is_authenticated and user.role == Role.PARTNER else None
    return user.is_active and org is not None and org.is_active and org.type in SCHOOL_TYPES


def school_uploads_for(user: User):
    """A school's own uploads; nothing for anyone else (staff see absences on the child's file)."""
    from schools.models import SchoolUpload

    if not is_school_staff(user):
        return SchoolUpload.objects.none()
    return SchoolUpload.objects.filter(school_id=user.organisation_id)


def access_school_upload(user: User, upload_uuid):
    from schools.models import SchoolUpload

    try:
        return school_uploads_for(user).get(uuid=upload_uuid)
    except (SchoolUpload.DoesNotExist, ValueError, TypeError):
        raise Http404("No such upload") from None


@dataclass(frozen=True)
class Pupil:
    """A pupil as a school's roster names them."""

    name: str
    id_number: str = ""
    date_of_birth: date | None = None


@dataclass
class PupilMatch:
    child: Child | None  # for schools.actions only, never shown to the school
    problem: str = ""  # "" when matched; "not_found", "ambiguous" or "closed"


def match_pupils(school, pupils: list[Pupil]) -> list[PupilMatch]:
    """Match each pupil to one open child in the school's county, in a few queries.

    By the resident ID number when the school gives one. Without a match on it (many
    registry files have no ID number yet), by name and date of birth, the name compared by
    its characters or, failing that, by its pinyin (张玮 for 张伟); a file whose own ID number
    differs is never matched that way. Exactly one open file matches; several are ambiguous
    (the school should add the ID number); a match only among closed files says so.
    """
    from children.choices import Status
    from children.identity import id_birth_date, name_keys

    county = school.division_id[:6]
    if len(county) < 6 or not pupils:
        return [PupilMatch(None, "not_found") for _ in pupils]
    in_county = Child.objects.filter(village__code__range=code_range(county))
    fields = ("pk", "name", "name_pinyin", "date_of_birth", "id_number", "status")
    ids = {p.id_number for p in pupils if p.id_number}
    by_id: dict[str, list[dict]] = {}
    for row in in_county.filter(id_number__in=ids).values(*fields) if ids else []:
        by_id.setdefault(row["id_number"], []).append(row)
    births = {p.date_of_birth or (id_birth_date(p.id_number) if p.id_number else None) for p in pupils}
    births.discard(None)
    keys = {p.name: name_keys(p.name)[0] for p in pupils}
    by_birth: dict[date, list[dict]] = {}
    if births:
        similar = in_county.filter(date_of_birth__in=births).filter(
            Q(name__in=set(keys)) | Q(name_pinyin__in=set(keys.values())))
        for row in similar.values(*fields):
            by_birth.setdefault(row["date_of_birth"], []).append(row)

    verdicts: list[tuple[int | None, str]] = []
    for p in pupils:
        candidates = by_id.get(p.id_number, []) if p.id_number else []
        if not candidates:
            born = p.date_of_birth or (id_birth_date(p.id_number) if p.id_number else None)
            same_birth = [r for r in by_birth.get(born, []) if not r["id_number"] or r["id_number"] == p.id_number]
            exact = [r for r in same_birth if r["name"] == p.name]
            candidates = exact or [r for r in same_birth if r["name_pinyin"] == keys[p.name]]
        open_ = [r for r in candidates if r["status"] != Status.CLOSED]
        if len(open_) == 1:
            verdicts.append((open_[0]["pk"], ""))
        elif open_:
            verdicts.append((None, "ambiguous"))
        else:
            verdicts.append((None, "closed" if candidates else "not_found"))
    children = Child.objects.select_related("village").in_bulk({pk for pk, _ in verdicts if pk})
    return [PupilMatch(children[pk] if pk else None, problem) for pk, problem in verdicts]


# ---------------------------------------------------------------------------------------------
# Case plans (caseplans app). Scoped like referrals, by the plan's denormalised village; partner
# staff see no plan. Approval is the township's or the county's, never the author's own.


def case_plans_for(user: User):
    """Case plans (any status) of the children in the user's scope; none for partner staff."""
    from caseplans.models import CasePlan

    if not user.is_authenticated or not user.is_active or user.role == Role.PARTNER:
        return CasePlan.objects.none()
    if has_national_scope(user):
        return CasePlan.objects.all()
    division = scope_division(user)
    if division is None:
        return CasePlan.objects.none()
    return CasePlan.objects.filter(village_id__range=code_range(division.code))


def access_case_plan(user: User, plan_uuid):
    """The case plan with this UUID if the user may see it; Http404 otherwise."""
    from caseplans.models import CasePlan

    try:
        return case_plans_for(user).select_related("child", "child__village").get(uuid=plan_uuid)
    except (CasePlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case plan") from None


def can_create_plan(user: User, child: Child, tier: str | None) -> bool:
    """A plan is made for a red or yellow child (computed or set by an override: FollowUp.tier)."""
    return tier in ("red", "yellow") and can_edit(user, child)


def can_edit_plan(user: User, plan) -> bool:
    """Goals, actions and the summary change only while the plan is a draft or was returned."""
    return plan.status in ("draft", "returned") and can_edit(user, plan.child)


def can_submit_plan(user: User, plan) -> bool:
    return can_edit_plan(user, plan)


def can_work_plan(user: User, plan) -> bool:
    """Marking actions done, reviewing, revising and closing: the staff who edit the child."""
    return plan.status != "closed" and can_edit(user, plan.child)


def can_approve_plan(user: User, plan) -> bool:
    """The township supervisor or a county officer of the child approves a submitted plan; the
    person who wrote or submitted it never approves it."""
    if plan.status != "submitted" or user.pk in (plan.created_by_id, plan.submitted_by_id):
        return False
    if not is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER):
        return False
    if has_national_scope(user):
        return True
    division = scope_division(user)
    return division is not None and plan.village_id.startswith(division.code)
