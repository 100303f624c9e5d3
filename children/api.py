"""JSON API for the child registry. Every object comes from children.access, as in the pages."""

from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from audit.reads import AuditedPagination, note_read
from core.api_schema import NOT_FOUND, ErrorOut
from geo.access import access_division

from . import access, actions, queries
from .assess import assess
from .choices import Category, Status
from .identity import mask_id_number

router = Router(tags=["children"])


class ChildSummary(Schema):
    uuid: UUID
    name: str
    sex: str
    date_of_birth: date
    village_code: str
    village_name: str
    status: Status
    categories: list[Category]

    @staticmethod
    def resolve_village_code(obj) -> str:
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj) -> str:
        return obj.village.name


class ParentOut(Schema):
    role: str
    name: str
    vital_status: str
    condition: str
    condition_start: date | None
    condition_until: date | None
    disability_type: str
    disability_grade: int | None
    migration_status: str
    work_city: str
    last_contact: date | None


class FindingOut(Schema):
    category: Category
    meets: bool
    recorded: bool
    reasons: list[str]


class ChildDetail(ChildSummary):
    ethnicity: str
    id_number: str
    hukou_type: str
    address: str
    schooling_status: str
    school: str
    grade: str
    boarding: bool
    health_status: str
    disability_type: str
    disability_grade: int | None
    registered_at: datetime
    confirmed_at: datetime | None
    closed_on: date | None
    closure_reason: str
    parents: list[ParentOut]
    has_caregiver: bool
    caregiver_relation: str
    eligibility: list[FindingOut]

    @staticmethod
    def resolve_id_number(obj) -> str:
        # Masked like the pages; the full number only through POST .../id-number (audited).
        return mask_id_number(obj.id_number)

    @staticmethod
    def resolve_parents(obj) -> list:
        return list(obj.household.parents.all())

    @staticmethod
    def resolve_has_caregiver(obj) -> bool:
        return obj.household.has_caregiver

    @staticmethod
    def resolve_caregiver_relation(obj) -> str:
        return obj.household.caregiver_relation

    @staticmethod
    def resolve_eligibility(obj) -> list[dict]:
        assessments, _source = assess(obj)
        return [
            {"category": a.category, "meets": a.finding.meets, "recorded": a.recorded, "reasons": a.finding.reasons}
            for a in assessments
        ]


class IdNumberOut(Schema):
    id_number: str


class RosterFilters(Schema):
    q: str = ""
    category: Category | None = None
    status: str = ""
    area: str = ""


@router.get(
    "/",
    response={200: list[ChildSummary], **NOT_FOUND},
    summary="List children in the user's scope (404 for an area outside it)",
)
@paginate(
    AuditedPagination,
    page_size=settings.ROSTER_PAGE_SIZE,
    what="api_roster",
    search=lambda params: params["filters"].q,
)
def list_children(request: HttpRequest, filters: Query[RosterFilters]):
    qs = access.children_for(request.user)
    if filters.area:
        access_division(request.user, filters.area)
    qs = queries.filter_roster(
        qs, q=filters.q, category=filters.category or "", status=filters.status, area=filters.area
    )
    # A queryset, not a list: the paginator slices it in the database.
    return queries.ordered(qs.select_related("village"))


@router.get(
    "/{child_uuid}", response={200: ChildDetail, **NOT_FOUND}, summary="One child's file (404 outside the user's scope)"
)
def get_child(request: HttpRequest, child_uuid: UUID):
    child = access.access_child(request.user, child_uuid)
    note_read(request, child, what="api_child")
    return child


@router.post(
    "/{child_uuid}/id-number",
    # 403: a POST without the session's CSRF token (django_auth checks it), refused before the view.
    response={200: IdNumberOut, 403: ErrorOut, **NOT_FOUND},
    summary="The child's full ID number, audited (404 unless the user may edit the file and it has one)",
)
def reveal_id_number(request: HttpRequest, child_uuid: UUID):
    child = access.access_child(request.user, child_uuid)
    if not child.id_number or not access.can_edit(request.user, child):
        raise Http404
    return {"id_number": actions.do_reveal_id(request.user, child, "api", request=request)}
