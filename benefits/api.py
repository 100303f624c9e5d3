"""JSON API for payment standards (the monthly amount of a category in a jurisdiction from a month
on). Standards come from benefits.access, as on the pages: the county officer's and finance
staff's county (with the province's and city's), every one for an administrator. Writes go
through benefits.actions: a new standard in the officer's own county; an edit of the amount is
versioned, and a save from a copy read before someone else's save is refused (409)."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_schema import INVALID, NOT_FOUND, BoundedPageNumberPagination, ErrorOut
from core.errors import ActionError
from core.versioning import StaleEdit

from . import access, actions, months
from .models import Category

router = Router(tags=["allowances"], auth=django_auth)


class StandardOut(Schema):
    uuid: UUID
    division: str = Field(..., alias="division_id")
    category: str
    effective_from: date
    amount: Decimal
    lock_version: int
    created_at: datetime


class StandardIn(Schema):
    category: Category
    effective_from: date = Field(..., description="Any day of the first month it applies to")
    amount: Decimal = Field(..., ge=0, max_digits=9, decimal_places=2)


class StandardEdit(Schema):
    amount: Decimal = Field(..., ge=0, max_digits=9, decimal_places=2)
    lock_version: int = Field(..., ge=1, description="The version read; a save after someone else's is refused (409)")


WRITE = {403: ErrorOut, **NOT_FOUND}


@router.get("/standards/", response={200: list[StandardOut], **INVALID})
@paginate(BoundedPageNumberPagination, page_size=50)
def list_standards(request: HttpRequest):
    return access.standards_for(request.user).order_by("division_id", "category", "-effective_from", "pk")


@router.get("/standards/{std_uuid}/", response={200: StandardOut, **NOT_FOUND})
def get_standard(request: HttpRequest, std_uuid: UUID):
    return access.access_standard(request.user, std_uuid)


@router.post("/standards/", response={201: StandardOut, **WRITE})
def create_standard(request: HttpRequest, payload: StandardIn):
    """A new standard for the county officer's own county from a month on (404 for anyone else)."""
    if not access.can_set_standards(request.user):
        raise Http404
    std = actions.do_set_standard(
        request.user,
        category=payload.category,
        effective_from=months.month_of(payload.effective_from),
        amount=payload.amount,
        request=request,
    )
    return 201, std


@router.put("/standards/{std_uuid}/", response={200: StandardOut, 409: ErrorOut, **WRITE})
def edit_standard(request: HttpRequest, std_uuid: UUID, payload: StandardEdit):
    """Correct the amount (the county officer of that county, or an administrator)."""
    std = access.access_standard(request.user, std_uuid)
    if not access.can_edit_standard(request.user, std):
        raise Http404
    try:
        actions.do_edit_standard(
            request.user, std, seen_version=payload.lock_version, amount=payload.amount, request=request
        )
    except StaleEdit:
        return 409, {"detail": "Someone else saved this standard after you read it: read it again."}
    except ActionError as exc:
        raise Http404 from exc
    std.refresh_from_db()
    return std
