"""Duplicate detection at registration: a deliberate look beyond the user's scope.

The same child may already be on another village's books, so the search covers the same ID
number anywhere and the same name (or pinyin) and date of birth within the county. It returns
only what a CWD needs to decide: a masked name, the date of birth and where the file is kept;
files in the user's own scope come back with a link. tests/test_architecture.py names this
module as one of the two that may query children outside `children.access`.
"""

from dataclasses import dataclass

from django.db.models import Q

from core.crypto import blind_indexes
from core.scope import code_range
from geo.models import Division, county_code

from .access import children_for
from .identity import name_keys
from .models import Child


@dataclass
class DuplicateCandidate:
    reason: str  # "id_number" or "name_dob"
    masked_name: str
    date_of_birth: str
    place: str
    status: str
    child: Child | None  # only when the user may open the file
    child_id: int  # for the audit trail only (audit.reads): never shown


def _mask(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1)


def duplicate_candidates(
    user, *, name: str, date_of_birth, id_number: str, village: Division, exclude_pk: int | None = None
) -> list[DuplicateCandidate]:
    matches: dict[int, str] = {}
    if id_number:
        same_id = Child.objects.filter(id_number_digest__in=blind_indexes(id_number))
        for pk in same_id.values_list("pk", flat=True)[:20]:
            matches[pk] = "id_number"
    if name and date_of_birth:
        pinyin, _initials = name_keys(name)
        same = Child.objects.filter(
            date_of_birth=date_of_birth, village__code__range=code_range(county_code(village.code))
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
                child_id=child.pk,
            )
        )
    return found
