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
from .identity import mask_name, name_keys
from .models import Child

LIMIT = 20  # enough to recognise the child; past it, the ID number narrows the list


@dataclass
class DuplicateCandidate:
    reason: str  # "id_number" or "name_dob"
    masked_name: str
    date_of_birth: str
    place: str
    status: str
    child: Child | None  # only when the user may open the file
    child_id: int  # for the audit trail only (audit.reads): never shown


class Candidates(list):
    """The candidates shown (at most LIMIT, same ID number first), `total`: how many files
    matched in all, so the page can say when it shows only some of them, and `by_id`: whether an
    ID number was searched (if not, typing it narrows the list)."""

    def __init__(self, items=(), total: int = 0, by_id: bool = False):
        super().__init__(items)
        self.total = total
        self.by_id = by_id


def duplicate_candidates(
    user, *, name: str, date_of_birth, id_number: str, village: Division, exclude_pk: int | None = None
) -> Candidates:
    same_id = Child.objects.none()
    if id_number:
        same_id = Child.objects.filter(id_number_digest__in=blind_indexes(id_number)).exclude(pk=exclude_pk)
    same = Child.objects.none()
    if name and date_of_birth:
        pinyin, _initials = name_keys(name)
        same = (
            Child.objects.filter(
                date_of_birth=date_of_birth, village__code__range=code_range(county_code(village.code))
            )
            .filter(Q(name_pinyin=pinyin) | Q(name=name))
            .exclude(pk=exclude_pk)
        )
    matches: dict[int, str] = {}
    for pk in same_id.values_list("pk", flat=True).order_by("pk")[:LIMIT]:
        matches[pk] = "id_number"
    for pk in same.values_list("pk", flat=True).order_by("pk")[:LIMIT]:
        matches.setdefault(pk, "name_dob")
    if not matches:
        return Candidates()
    # Counted only when a search may have been cut.
    total = (same_id | same).count() if len(matches) >= LIMIT else len(matches)
    matches = dict(list(matches.items())[:LIMIT])
    visible = set(children_for(user).filter(pk__in=matches).values_list("pk", flat=True))
    found = Candidates(total=total, by_id=bool(id_number))
    for child in Child.objects.filter(pk__in=matches).select_related("village").order_by("pk"):
        found.append(
            DuplicateCandidate(
                reason=matches[child.pk],
                masked_name=child.name if child.pk in visible else mask_name(child.name),
                date_of_birth=child.date_of_birth.isoformat(),
                place=child.village.full_name or child.village.name,
                status=child.get_status_display(),
                child=child if child.pk in visible else None,
                child_id=child.pk,
            )
        )
    return found
