"""Which village a ledger row names, among the villages of the importer's reach.

Ledgers name a village as the statistical code (12 digits), as its name with or without its
suffix (石佛村, 石佛, 石佛村委会, 石佛村民委员会; 城南社区, 城南居委会), or as township and
village in one cell (金城镇石佛村, 金城镇 石佛村). When two townships have a village of the same
name, the township column (or the township in the same cell) tells them apart; without it the
row is an error that says so. A village outside the importer's reach is an error too: the
resolver only knows the villages the importer may register children in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from core.sheets import cell_text
from geo.models import Division, county_code

# Longest first: 村民委员会 before 委员会 before 村.
VILLAGE_SUFFIXES = ("村民委员会", "居民委员会", "社区居委会", "村委会", "居委会", "委员会", "社区", "村委", "村", "居")
TOWNSHIP_SUFFIXES = ("街道办事处", "人民政府", "街道办", "街道", "镇", "乡")
_SPACES = re.compile(r"[\s　]+")


def village_key(name: str) -> str:
    """A village's name without its suffix: 石佛村委会 → 石佛."""
    text = _SPACES.sub("", cell_text(name))
    cut = True
    while cut:  # 明灯社区居民委员会 → 明灯社区 → 明灯
        cut = False
        for suffix in VILLAGE_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, cut = text[: -len(suffix)], True
                break
    return text


def township_key(name: str) -> str:
    text = _SPACES.sub("", cell_text(name))
    for suffix in TOWNSHIP_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


@dataclass(frozen=True)
class Place:
    code: str = ""
    error: str = ""  # "", "unknown", "ambiguous", "outside"
    choices: tuple[str, ...] = ()  # the townships, for an ambiguous name


class Villages:
    """The villages of a scope, loaded in one query, resolved by name or code."""

    def __init__(self, villages: list[tuple[str, str, str]], scope: str = ""):
        """``villages``: (code, name, township name) of the county; ``scope``: the code prefix of
        the importer's reach (a village of the county outside it is reported as "outside")."""
        self.scope = scope
        self.codes: set[str] = set()
        self.by_key: dict[str, list[str]] = defaultdict(list)
        self.township: dict[str, str] = {}  # village code -> township key
        self.township_name: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for code, name, township in villages:
            self.codes.add(code)
            self.by_key[village_key(name)].append(code)
            self.township[code] = township_key(township)
            self.township_name[code] = township
            self.names[code] = name
        self._cache: dict[tuple[str, str], Place] = {}

    @classmethod
    def for_scope(cls, villages_qs, scope: str = "") -> Villages:
        rows = villages_qs.values_list("code", "name", "parent__name")
        return cls([(code, name, township or "") for code, name, township in rows], scope)

    def resolve(self, raw, township_raw="") -> Place:
        text = _SPACES.sub("", cell_text(raw))
        township = _SPACES.sub("", cell_text(township_raw))
        key = (text, township)
        if key not in self._cache:
            place = self._resolve(text, township)
            if place.code and not place.code.startswith(self.scope):
                place = Place(error="outside")
            self._cache[key] = place
        return self._cache[key]

    def _resolve(self, text: str, township: str) -> Place:
        if not text:
            return Place(error="missing")
        if text.isdigit() and len(text) == 12:
            return Place(code=text) if text in self.codes else Place(error="outside")
        if not township:
            # "金城镇石佛村": a township name inside the cell
            for suffix in TOWNSHIP_SUFFIXES:
                at = text.find(suffix)
                if 0 < at < len(text) - len(suffix):
                    township, text = text[: at + len(suffix)], text[at + len(suffix) :]
                    break
        codes = self.by_key.get(village_key(text), [])
        if township and len(codes) > 1:
            wanted = township_key(township)
            codes = [c for c in codes if self.township[c] == wanted] or codes
        if len(codes) == 1:
            return Place(code=codes[0])
        if not codes:
            return Place(error="unknown")
        return Place(error="ambiguous", choices=tuple(sorted({self.township_name[c] for c in codes})))


def scope_villages(division: Division) -> Villages:
    """The villages of the division's county, those inside ``division`` being the ones allowed."""
    county = Division.objects.get(code=county_code(division.code)) if division.level > 3 else division
    return Villages.for_scope(Division.objects.within(county).villages(), division.code)
