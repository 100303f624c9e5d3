"""Matching a school's pupils to the registry: a deliberate look beyond every user's scope.

A school's staff see no child; they report pupils of their own roster, who may live in any
village of the school's catchment: the area the county gave the school in the partner
directory (a township's central school: its township; a county middle school: the county), and
never more than a county. What goes back to the school is one verdict per row of its own sheet,
matched or not matched, never why not: "several children match" or "that file is closed" would
tell the school about children it may not know of. The matched Child objects go only to
schools.actions, which records the absence and alerts the child's CWD. tests/test_architecture.py
names this module as one of the two that may query children outside `children.access`.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from children.choices import Status
from children.identity import id_birth_date, name_keys
from children.models import Child
from core.crypto import blind_indexes
from core.scope import code_range
from geo.models import CODE_LENGTH

NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Pupil:
    """A pupil as a school's roster names them."""

    name: str
    id_number: str = ""
    date_of_birth: date | None = None


@dataclass
class PupilMatch:
    child: Child | None  # for schools.actions only, never shown to the school
    problem: str = ""  # "" when matched, else NOT_FOUND (the school learns nothing more)


def match_pupils(school, pupils: list[Pupil]) -> list[PupilMatch]:
    """Match each pupil to one open child in the school's catchment, in a few queries.

    By the resident ID number when the school gives one. Without a match on it (many
    registry files have no ID number yet), by name and date of birth, the name compared by
    its characters or, failing that, by its pinyin (张玮 for 张伟); a file whose own ID number
    differs is never matched that way. Exactly one open file must match; several, none, or only
    closed files all read "not found" to the school.
    """
    area = school.division_id
    if len(area) < CODE_LENGTH[3] or not pupils:
        return [PupilMatch(None, NOT_FOUND) for _ in pupils]
    in_area = Child.objects.filter(village__code__range=code_range(area))
    fields = ("pk", "name", "name_pinyin", "date_of_birth", "id_number", "status")
    ids = {p.id_number for p in pupils if p.id_number}
    by_id: dict[str, list[dict]] = {}
    # The column is encrypted: equal numbers are found by their digests under every key.
    digests = [d for number in ids for d in blind_indexes(number)]
    for row in in_area.filter(id_number_digest__in=digests).values(*fields) if ids else []:
        by_id.setdefault(row["id_number"], []).append(row)
    births = {p.date_of_birth or (id_birth_date(p.id_number) if p.id_number else None) for p in pupils}
    births.discard(None)
    keys = {p.name: name_keys(p.name)[0] for p in pupils}
    by_birth: dict[date, list[dict]] = {}
    if births:
        similar = in_area.filter(date_of_birth__in=births).filter(
            Q(name__in=set(keys)) | Q(name_pinyin__in=set(keys.values()))
        )
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
        verdicts.append((open_[0]["pk"], "") if len(open_) == 1 else (None, NOT_FOUND))
    children = Child.objects.select_related("village").in_bulk({pk for pk, _ in verdicts if pk})
    return [PupilMatch(children[pk] if pk else None, problem) for pk, problem in verdicts]
