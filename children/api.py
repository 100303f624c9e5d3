"""JSON API for the child registry. Every object comes from core.access, as in the pages."""

from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from core import access

from . import actions, queries
from .assess import assess
from .choices import Category, Status

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


class ParentOut(Schema):
    role: str
    name: str
    vital_status: str
    condition: str
    condition_start: date | None
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


class RosterFilters(Schema):
    q: str = ""
    category: Category | None = None
    status: str = ""
    village: str = ""


def _summary(child) -> dict:
    return {
        "uuid": child.uuid, "name": child.name, "sex": child.sex, "date_of_birth": child.date_of_birth,
        "village_code": child.village_id, "village_name": child.village.name, "status": child.status,
        "categories": child.categories,
    }


class RosterPagination(PageNumberPagination):
    page_size = settings.ROSTER_PAGE_SIZE


@router.get("/", response=list[ChildSummary], summary="List children in the user's scope")
@paginate(RosterPagination)
def list_children(request: HttpRequest, filters: Query[RosterFilters]):
    qs = access.children_for(request.user)
    if filters.village:
        access.access_division(request.user, filters.village)
    qs = queries.filter_roster(
        qs, q=filters.q, category=filters.category or "", status=filters.status, village=filters.village
    )
    return [_summary(c) for c in qs.select_related("village").order_by("name_pinyin", "pk")]


@router.get("/{child_uuid}", response=ChildDetail, summary="One child's file (404 outside the user's scope)")
def get_child(request: HttpRequest, child_uuid: UUID):
    child = access.access_child(request.user, child_uuid)
    actions.do_log_view(request.user, child, request=request)
    household = child.household
    assessments, _source = assess(child)
    return {
        **_summary(child),
        **{f: getattr(child, f) for f in (
            "ethnicity", "id_number", "hukou_type", "address", "schooling_status", "school", "grade", "boarding",
            "health_status", "disability_type", "disability_grade", "registered_at", "confirmed_at", "closed_on",
            "closure_reason")},
        "parents": [
            {f: getattr(p, f) for f in ParentOut.model_fields} for p in household.parents.all()
        ],
        "has_caregiver": household.has_caregiver,
        "caregiver_relation": household.caregiver_relation,
        "eligibility": [
            {"category": a.category, "meets": a.finding.meets, "recorded": a.recorded, "reasons": a.finding.reasons}
            for a in assessments
        ],
    }
