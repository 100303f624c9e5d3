"""Finding the files a ledger's rows may already have: a deliberate look beyond the importer's scope.

Like ``children.duplicates`` at registration (tests/test_architecture.py names both), the search
covers the same ID number anywhere in the system and, within the county, the same name (by
characters or pinyin) with the same date of birth, and close matches: a name one character
apart with the same date of birth, an ID number one digit apart or with two neighbouring digits
swapped. What it returns carries a child's id only; what the officer sees of a match outside
their scope is masked (:func:`describe`).

Fast by construction: the county's files are loaded once (one query for names and dates of
birth, one for ID numbers, which are decrypted once per import), the ID numbers of the whole
file are looked up by blind index in a few ``IN`` queries, and close matches come from
dictionaries (deletion neighbourhoods for names, part pairs for ID numbers) rather than from
comparing every row with every file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from children.access import children_for
from children.identity import INITIALS_MAX_LENGTH, PINYIN_MAX_LENGTH, SURNAME_READINGS, mask_name, name_keys
from children.models import Child
from core.crypto import blind_index
from core.scope import code_range

CHUNK = 5000


def _deletions(name: str) -> set[str]:
    """The name and the name with each character left out: two names one edit apart share one."""
    return {name, *(name[:i] + name[i + 1 :] for i in range(len(name)))} if len(name) > 1 else {name}


@dataclass
class Match:
    child_id: int
    reason: str  # id_number, id_close, name_dob, name_close, file_number


class CountyIndex:
    """The county's files, indexed for the checks above."""

    def __init__(self, county_code: str):
        self.by_uuid: dict[str, tuple[int, str]] = {}  # uuid -> (pk, village code)
        self.by_name_dob: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.close_names: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        self.by_dob_surname: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.ids: dict[int, str] = {}  # pk -> the first 17 characters of its ID number
        self.loaded: set[int] = set()
        self.names: dict[int, str] = {}
        rows = (
            Child.objects.filter(village__code__range=code_range(county_code))
            .values_list("pk", "uuid", "village_id", "name", "name_pinyin", "date_of_birth")
            .iterator(chunk_size=CHUNK)
        )
        for pk, uid, village, name, pinyin, born in rows:
            dob = born.isoformat()
            self.by_uuid[str(uid)] = (pk, village)
            self.by_name_dob[(dob, name)].append(pk)
            if pinyin and pinyin != name:
                self.by_name_dob[(dob, pinyin)].append(pk)
            for key in _deletions(name):
                self.close_names[(dob, key)].append((pk, name))
            self.by_dob_surname[(dob, name[:1])].append(pk)
            self.names[pk] = name

    def id_candidates(self, dob: str, name: str) -> list[int]:
        """Files of the county born the same day with the same surname: where an ID number one
        digit apart is looked for (their ID numbers are decrypted only then)."""
        return self.by_dob_surname.get((dob, name[:1]), [])

    def load_ids(self, pks: Iterable[int]) -> None:
        """Decrypt the ID numbers of these files (once each), for :meth:`close_ids`."""
        wanted = sorted(set(pks) - self.loaded)
        self.loaded.update(wanted)
        for start in range(0, len(wanted), CHUNK):
            rows = Child.objects.filter(pk__in=wanted[start : start + CHUNK]).exclude(id_number_digest="")
            for pk, number in rows.values_list("pk", "id_number"):
                if number and len(number) == 18:
                    self.ids[pk] = number[:17]

    def by_name(self, name: str, pinyin: str, dob: str) -> list[Match]:
        found: dict[int, str] = {}
        for pk in self.by_name_dob.get((dob, name), ()):
            found[pk] = "name_dob"
        for pk in self.by_name_dob.get((dob, pinyin), ()) if pinyin else ():
            found.setdefault(pk, "name_dob")
        for key in _deletions(name):
            for pk, other in self.close_names.get((dob, key), ()):
                if other != name:
                    found.setdefault(pk, "name_close")
        return [Match(pk, reason) for pk, reason in found.items()]

    def close_ids(self, number: str, dob: str, name: str) -> list[Match]:
        """Files with an ID number one digit apart, or with two neighbouring digits swapped
        (the check character follows the other 17, so they are what is compared)."""
        body = number[:17]
        found = []
        for pk in self.id_candidates(dob, name):
            other = self.ids.get(pk)
            if other is None or other == body:
                continue
            diff = [i for i in range(17) if body[i] != other[i]]
            if len(diff) == 1 or (
                len(diff) == 2
                and diff[1] == diff[0] + 1
                and body[diff[0]] == other[diff[1]]
                and body[diff[1]] == other[diff[0]]
            ):
                found.append(Match(pk, "id_close"))
        return found


def same_ids(numbers: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    """ID number -> [(pk, village code)] of every file in the system with that number."""
    by_digest = {blind_index(n): n for n in numbers}
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    digests = list(by_digest)
    if connection.vendor == "postgresql":
        # One array parameter per chunk instead of thousands of placeholders to parse, joined
        # so that the planner takes the partial index on non-empty digests (with ``= ANY`` of
        # thousands of values it cannot prove the index's condition and scans the whole table).
        qn, meta = connection.ops.quote_name, Child._meta
        pk, village, digest = (qn(meta.get_field(n).column) for n in ("id", "village", "id_number_digest"))
        sql = (
            f"SELECT c.{pk}, c.{village}, c.{digest} FROM unnest(%s::text[]) AS d(digest) "  # noqa: S608
            f"JOIN {qn(meta.db_table)} AS c ON c.{digest} = d.digest AND c.{digest} <> ''"
        )
        with connection.cursor() as cursor:
            for start in range(0, len(digests), CHUNK):
                cursor.execute(sql, [digests[start : start + CHUNK]])
                for pk, village, digest in cursor.fetchall():
                    found[by_digest[digest]].append((pk, village))
        return found
    for start in range(0, len(digests), CHUNK):
        rows = Child.objects.filter(id_number_digest__in=digests[start : start + CHUNK]).values_list(
            "pk", "village_id", "id_number_digest"
        )
        for pk, village, digest in rows:
            found[by_digest[digest]].append((pk, village))
    return found


def existing_uuids(uuids: list[str]) -> set[str]:
    """Which of these file numbers are taken anywhere (a full export from another Shouhu keeps
    its file numbers only where they are free)."""
    if not uuids:
        return set()
    return {str(u) for u in Child.objects.filter(uuid__in=uuids).values_list("uuid", flat=True)}


_SYLLABLE: dict[str, str] = {}
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_PLAIN_SURNAMES = tuple(SURNAME_READINGS)


def _syllable(ch: str) -> str:
    found = _SYLLABLE.get(ch)
    if found is None:
        found = _SYLLABLE[ch] = lazy_pinyin(ch, style=Style.NORMAL)[0].lower()
    return found


def fast_name_keys(name: str) -> tuple[str, str]:
    """``children.identity.name_keys`` for the common case, ten times faster: a name of Chinese
    characters without a special surname reading and without any word of pypinyin's phrase
    dictionary in it reads character by character, each character as it reads alone (which is
    what pypinyin does for it); every other name goes through ``name_keys`` itself."""
    name = name.strip()
    n = len(name)
    if not n or n > 6 or not _HAN.fullmatch(name) or name.startswith(_PLAIN_SURNAMES):
        return name_keys(name)
    for i in range(n - 1):
        for j in range(i + 2, n + 1):
            if name[i:j] in PHRASES_DICT:
                return name_keys(name)
    syllables = [_syllable(ch) for ch in name]
    if not all(syllables):
        return name_keys(name)
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s[0].isalnum())
    return full[:PINYIN_MAX_LENGTH], initials[:INITIALS_MAX_LENGTH]


def pinyin_of(name: str, cache: dict[str, tuple[str, str]]) -> tuple[str, str]:
    keys = cache.get(name)
    if keys is None:
        keys = cache[name] = fast_name_keys(name)
    return keys


@dataclass
class Described:
    child_id: int
    reason: str
    name: str  # masked outside the user's scope
    date_of_birth: str
    place: str
    status: str
    uuid: str  # "" outside the user's scope: the file cannot be opened


def describe(user, matches: list[dict]) -> list[Described]:
    """What the officer may see of a row's matches: files in their scope in full, the others
    with a masked name and without a link (as ``children.duplicates`` shows them)."""
    ids = [m["child_id"] for m in matches]
    if not ids:
        return []
    visible = set(children_for(user).filter(pk__in=ids).values_list("pk", flat=True))
    children = {c.pk: c for c in Child.objects.filter(pk__in=ids).select_related("village")}
    out = []
    for m in matches:
        child = children.get(m["child_id"])
        if child is None:
            continue
        mine = child.pk in visible
        out.append(
            Described(
                child_id=child.pk,
                reason=m["reason"],
                name=child.name if mine else mask_name(child.name),
                date_of_birth=child.date_of_birth.isoformat(),
                place=child.village.full_name or child.village.name,
                status=child.get_status_display(),
                uuid=str(child.uuid) if mine else "",
            )
        )
    return out
