"""The one scope rule: a user's reach is a division-code prefix.

A CWD reaches a village (12 digits), a supervisor a township (9), a county officer a county
(6); a system administrator reaches the whole system; partner staff reach no division (their
apps grant them single objects, e.g. open referrals to their organisation). Statistical
division codes are prefix-structured (GB/T 2260), so "everything inside X" is one range
condition on an indexed code column, on SQLite and PostgreSQL under any collation.

Each app's own `access.py` builds its querysets and checks on `scoped()`; anything outside a
user's scope is reported as missing (404), never as forbidden, so its existence does not leak.
This module imports no app: the user is read through its attributes (`role`, `division`,
`ROLE_LEVEL`, `Role`).
"""

from django.db.models import QuerySet

MAX_CODE_LENGTH = 12


def code_range(prefix: str) -> tuple[str, str]:
    """The inclusive range of division codes that start with `prefix`.

    Codes are digit strings of at most 12 characters, so every code with the prefix sorts
    between the prefix itself and the prefix padded with nines. A range works on every
    database and collation with a plain B-tree index, unlike LIKE 'prefix%'.
    """
    return prefix, prefix + "9" * (MAX_CODE_LENGTH - len(prefix))


def has_national_scope(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.role == user.Role.ADMIN or user.is_superuser))


def scope_division(user):
    """The division a user's reach is bound to; None for no reach and for national reach."""
    if user.is_authenticated and user.role in user.ROLE_LEVEL:
        return user.division
    return None


def scope_code(user) -> str | None:
    """The code prefix of the user's reach: "" for national scope, None for no reach."""
    if not user.is_authenticated or not user.is_active:
        return None
    if has_national_scope(user):
        return ""
    division = scope_division(user)
    return division.code if division is not None else None


def statistics_code(user) -> str | None:
    """The code prefix of the area whose aggregate figures (never a child's identity) the user may
    see: their reach for the registry's roles, their area for an official above the county (a
    province's or prefecture's code, "" for a national official), None for anyone else."""
    prefix = scope_code(user)
    if prefix is not None:
        return prefix
    if user.is_authenticated and user.is_active and user.role == user.Role.OFFICIAL:
        return user.division.code if user.division is not None else ""
    return None


def in_scope(user, code: str) -> bool:
    """Whether a division code (a village's, a township's) lies within the user's reach."""
    prefix = scope_code(user)
    return prefix is not None and code.startswith(prefix)


def scoped(queryset: QuerySet, user, field: str = "village_id") -> QuerySet:
    """The rows of `queryset` whose division code `field` lies within the user's reach."""
    prefix = scope_code(user)
    if prefix is None:
        return queryset.none()
    if prefix == "":
        return queryset
    return queryset.filter(**{f"{field}__range": code_range(prefix)})


def is_staff_role(user, *roles: str) -> bool:
    """An active user of one of these roles, or an administrator."""
    return bool(user.is_authenticated and user.is_active and (user.role in roles or has_national_scope(user)))
