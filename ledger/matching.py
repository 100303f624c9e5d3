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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from children.access import children_for
from children.identity import name_keys
from children.models import Child
from core.crypto import blind_index
from core.scope import code_range

CHUNK = 5000


def _deletions(name: str) -> set[str]:
    """The name and the name with each character left out: two names one edit apart share one."""
    return {name, *(name[:i] + name[i + 1 :] for i in range(len(name)))} if len(name) > 1 else {name}


def _id_parts(body: str) -> tuple[str, str, str]:
    """Region (6), date (8), sequence (3): one changed digit leaves two of them equal."""
    return body[:6] + "|" + body[6:14], body[6:14] + "|" + body[14:17], body[:6] + "|" + body[14:17]


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
        self.ids: dict[str, list[int]] = defaultdict(list)
        self.id_parts: dict[str, list[tuple[int, str]]] = defaultdict(list)
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
            self.names[pk] = name
        self._ids_loaded = False
        self.county = county_code

    def load_ids(self) -> None:
        """The county's ID numbers, decrypted once, for the one-digit-apart check."""
        if self._ids_loaded:
            return
        self._ids_loaded = True
        rows = (
            Child.objects.filter(village__code__range=code_range(self.county))
            .exclude(id_number_digest="")
            .values_list("pk", "id_number")
            .iterator(chunk_size=CHUNK)
        )
        for pk, number in rows:
            if not number or len(number) != 18:
                continue
            body = number[:17]
            self.ids[body].append(pk)
            for part in _id_parts(body):
                self.id_parts[part].append((pk, body))

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

    def close_ids(self, number: str) -> list[Match]:
        body = number[:17]
        found: dict[int, str] = {}
        for part in _id_parts(body):
            for pk, other in self.id_parts.get(part, ()):
                if other != body and sum(a != b for a, b in zip(body, other, strict=True)) == 1:
                    found.setdefault(pk, "id_close")
        for i in range(16):
            if body[i] != body[i + 1]:
                swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
                for pk in self.ids.get(swapped, ()):
                    found.setdefault(pk, "id_close")
        return [Match(pk, reason) for pk, reason in found.items()]


def same_ids(numbers: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    """ID number -> [(pk, village code)] of every file in the system with that number."""
    by_digest = {blind_index(n): n for n in numbers}
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    digests = list(by_digest)
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


def pinyin_of(name: str, cache: dict[str, tuple[str, str]]) -> tuple[str, str]:
    keys = cache.get(name)
    if keys is None:
        keys = cache[name] = name_keys(name)
    return keys


def _mask(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1)


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
                name=child.name if mine else _mask(child.name),
                date_of_birth=child.date_of_birth.isoformat(),
                place=child.village.full_name or child.village.name,
                status=child.get_status_display(),
                uuid=str(child.uuid) if mine else "",
            )
        )
    return out
