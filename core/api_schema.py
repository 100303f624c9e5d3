"""What every JSON endpoint shares: bounded page numbers and the error bodies the schema names."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# A page number far past any list, multiplied by the page size, overflowed the database's
# 64-bit OFFSET (a server error on PostgreSQL and SQLite). A million pages of 100 is more
# children than a country registers, so a larger number is refused as invalid (422).
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100


class BoundedPageNumberPagination(PageNumberPagination):
    """Page-number pagination whose limits are in the schema; a page past the end is empty."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size: int = 50, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


class ErrorOut(Schema):
    """400 (a NUL character in a parameter, core.middleware), 401, or 404: a missing object
    and one outside the user's scope answer the same."""

    detail: str


class ValidationErrorOut(Schema):
    """422: which parameter is wrong and why, one entry per problem."""

    detail: list[dict[str, Any]]


NOT_FOUND = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
INVALID = {400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut}
