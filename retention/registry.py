"""What each app erases when a closed file is minimised, without retention naming the apps.

The registry's own data (the child's identity, parents, caregiver, household) is erased by
`children.minimise`, which `retention.services` calls itself. Every other app that keeps
personal data or free text about a child ships a `minimise.py` module that registers a function:

    @register
    def erase_visits(child_ids: list[int]) -> None:
        Visit.objects.filter(child_id__in=child_ids).update(needs="", ...)

It runs inside the batch's transaction, for up to services.BATCH children at a time, with a few
ORM updates (never one query per child, never raw SQL, so that encrypted fields are written
through their field class). It keeps what statistics count (dates, kinds, statuses, counts of
rows) and erases names, phone numbers, addresses and free text; a required text or one a
constraint needs becomes `erased()`. It must be idempotent: a second call changes nothing more.

Discovered at startup (RetentionConfig.ready), like the admin.
"""

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

from children.minimise import erased

__all__ = ["discover", "erased", "minimisers", "register"]

Minimiser = Callable[[list[int]], None]
_minimisers: list[Minimiser] = []


def register(fn: Minimiser) -> Minimiser:
    """Add a minimiser (a decorator)."""
    if fn not in _minimisers:
        _minimisers.append(fn)
    return fn


def minimisers() -> list[Minimiser]:
    return list(_minimisers)


def discover() -> None:
    autodiscover_modules("minimise")
