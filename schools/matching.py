"""Matching a school's pupils to the registry: a deliberate look beyond every user's scope.

A school's staff see no child; they report pupils of their own roster, who may live in any
village of the school's catchment: the area the county gave the school in the partner
directory (a township's central school: its township; a county middle school: the county), and
never more than a county. What goes back to the school is one verdict per row of its own sheet,
matched or not matched, never why not: "several children match" or "that file is closed" would
tell the school about children it may not know of. The matched Child objects, and the children
an ambiguous row could be, go only to schools.actions, which records the absence and alerts
the child's CWD (or, for an ambiguous row, the candidates' CWDs and supervisors).
tests/test_architecture.py names this module as one of the two that may query children outside
`children.access`.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from children.choices import Status
from children.identity import id_birth_date, search_key
from children.models import Child
from core.crypto import blind_indexes
from core.scope import code_range
from geo.models import CODE_LENGTH

NOT_FOUND = "not_found"
AMBIGUOUS = "ambiguous"  # stored for the CWD side; the school reads "not matched" all the same


@dataclass(frozen=True)
class Pupil:
    """A pupil as a school's roster names them."""

    name: str
    id_number: str = ""
    date_of_birth: date | None = None


@dataclass
class PupilMatch:
    child: Child | None  # for schools.actions only, never shown to the school
    problem: str = ""  # "" when matched, else NOT_FOUND or AMBIGUOUS (the school reads "not matched")
    candidates: list[Child] = field(default_factory=list)  # AMBIGUOUS only: the open files it could be


# Spaces (张 伟, full-width 张　伟) and the dots between the parts of a minority name
# (阿依古丽·买买提, written with any of these or none) are not part of the name.
_NOT_IN_NAME = re.compile(r"[\s·•・.．‧\-_]")


def plain_name(name: str) -> str:
    """A name as written, without width, case, spaces or separating dots: 张 伟 → 张伟."""
    return _NOT_IN_NAME.sub("", unicodedata.normalize("NFKC", name)).casefold()


def sound_key(name: str) -> str:
    """A name's pinyin letters only: 张伟, 张玮, "Zhang Wei", "Zhāng Wěi", "zhangwei" → zhangwei.

    Tone marks are dropped and ü is written v, as pypinyin writes it (吕 → lv).
    """
    letters = plain_name(name).replace("ü", "v")
    letters = "".join(ch for ch in unicodedata.normalize("NFKD", letters) if not unicodedata.combining(ch))
    return search_key(letters)


def _born(p: Pupil) -> date | None:
    return p.date_of_birth or (id_birth_date(p.id_number) if p.id_number else None)


def match_pupils(school, pupils: list[Pupil]) -> list[PupilMatch]:
    """Match each pupil to one open child in the school's catchment, in three queries at most.

    By the resident ID number when the school gives one. Otherwise, or when no file has that
    number (many files have none yet), by date of birth and name: the name compared by its
    characters or, failing that, by its pinyin (张玮 or "Zhang Wei" for 张伟). A file with an ID
    number is matched by name and birth when the school gives no number, never when the school
    gives a different one (two numbers: two children). Exactly one open file must match; several
    read AMBIGUOUS, none or only closed files NOT_FOUND; the school reads both as "not matched".
    """
    area = school.division_id
    if len(area) < CODE_LENGTH[3] or not pupils:
        return [PupilMatch(None, NOT_FOUND) for _ in pupils]
    in_area = Child.objects.filter(village__code__range=code_range(area))
    # The ID number column is encrypted: numbers are compared by their digests under every key,
    # and never decrypted here.
    fields = ("pk", "name", "name_pinyin", "date_of_birth", "id_number_digest", "status")
    digests = {p.id_number: set(blind_indexes(p.id_number)) for p in pupils if p.id_number}
    wanted = set().union(*digests.values()) if digests else set()
    by_digest: dict[str, list[dict]] = {}
    for row in in_area.filter(id_number_digest__in=wanted).values(*fields) if wanted else []:
        by_digest.setdefault(row["id_number_digest"], []).append(row)
    births = {_born(p) for p in pupils} - {None}
    # Every file born on those days: names are compared below, as written by either side.
    by_birth: dict[date, list[dict]] = {}
    for row in in_area.filter(date_of_birth__in=births).values(*fields) if births else []:
        # The file's pinyin was computed when it was saved (children.identity.name_keys); the
        # letters alone equal sound_key(name), without running pypinyin on every file again.
        row["plain"], row["sound"] = plain_name(row["name"]), "".join(filter(str.isalnum, row["name_pinyin"]))
        by_birth.setdefault(row["date_of_birth"], []).append(row)

    verdicts: list[tuple[list[int], str]] = []
    sounds: dict[str, str] = {}  # a sheet names each pupil once per day missed
    for p in pupils:
        mine = digests.get(p.id_number, set())
        candidates = [r for d in mine for r in by_digest.get(d, [])]
        if not candidates:
            same_birth = [
                r for r in by_birth.get(_born(p), []) if not (mine and r["id_number_digest"])
            ]  # a file with its own number is not a pupil given another number
            written = plain_name(p.name)
            if written not in sounds:
                sounds[written] = sound_key(written)
            sound = sounds[written]
            candidates = [r for r in same_birth if r["plain"] == written] or [
                r for r in same_birth if sound and r["sound"] == sound
            ]
        open_ = [r["pk"] for r in candidates if r["status"] != Status.CLOSED]
        if len(open_) == 1:
            verdicts.append((open_, ""))
        else:
            verdicts.append((open_, AMBIGUOUS if open_ else NOT_FOUND))
    children = Child.objects.select_related("village").in_bulk({pk for pks, _ in verdicts for pk in pks})
    return [
        PupilMatch(children[pks[0]], problem)
        if not problem
        else PupilMatch(None, problem, [children[pk] for pk in pks])
        for pks, problem in verdicts
    ]
