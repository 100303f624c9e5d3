"""Small-cell suppression for the public pages: pure Python, no Django.

What is published: for each *family* of figures (children registered; visits due; visits done and
on time; reports answered and in time), one row of counts per area in a tree: the country, its
provinces, and each province's counties (nothing below the county). Anyone can collect every page,
so the rows of all pages together form one system of linear identities per family and day:

* geography: a parent's count is the sum of its children's (country = Σ provinces,
  province = Σ its counties), for every figure of the family;
* within an area: a family's *derived* counts (visits done − visits on time = visits late;
  files open − files left-behind = open files not left-behind, …) are counts of children too, and
  anyone can compute them from two published cells; they are cells that are never shown but must
  be protected like the others.

The unit of suppression is an area's whole family ("the visits row of county X"): if any of its
counts, derived ones included, is under `THRESHOLD`, the whole unit is hidden (primary
suppression), and so is every rate built on it. Hiding a family's cells together makes the
within-area identities harmless: they hold between hidden cells only.

Complementary suppression then makes every geographic identity safe, per parent:

1. an identity with a hidden cell has at least two (the parent counting as one when hidden);
   a hidden cell alone in an identity is its sum minus the shown cells;
2. for a shown parent, the hidden cells its identity reaches (its hidden children, and through a
   hidden child that child's own hidden children, down to the counties) sum to at least
   `THRESHOLD` for every count of the family, derived ones too: otherwise each of them is bounded
   by a small sum, and a sum of 0 gives each exactly (counts are never negative).

Rule 1 suffices for exact protection in a tree: a hidden county x has a hidden sibling y (the
change x+1, y−1 keeps every identity), or its province P is hidden too, and then the country's
identity holds another hidden province Q with a hidden county z (x+1, P+1, Q−1, z−1). So no hidden
cell is a function of what is shown; tests/test_attack.py checks it by solving the equations the
pages give.

The days of a trend are independent systems: no identity links one day's counts to another's (a
stock on two days differs by entries minus exits, which no table publishes), and each day's cells
are suppressed with that day's pattern wherever they appear.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

THRESHOLD = 10  # the smallest count shown


@dataclass(frozen=True)
class Family:
    name: str
    shown: tuple[str, ...]  # indicator codes published
    # (name, minuend, subtrahend): a count anyone can compute as minuend − subtrahend
    derived: tuple[tuple[str, str, str], ...] = field(default=())

    def counts(self, values: Mapping[str, int]) -> dict[str, int]:
        """The family's published and derived counts for one area (missing figures count 0)."""
        out = {code: int(values.get(code, 0)) for code in self.shown}
        for name, minuend, subtrahend in self.derived:
            out[name] = out[minuend] - out[subtrahend]
        return out


FAMILIES: tuple[Family, ...] = (
    Family(
        "registry",
        ("files_open", "files_left_behind", "files_in_difficulty"),
        (
            ("files_not_left_behind", "files_open", "files_left_behind"),
            ("files_not_in_difficulty", "files_open", "files_in_difficulty"),
        ),
    ),
    Family("due", ("visits_due",)),
    Family(
        "visits", ("visits_done_30d", "visits_on_time_30d"), (("visits_late", "visits_done_30d", "visits_on_time_30d"),)
    ),
    Family(
        "reports",
        ("reports_answered_30d", "reports_answered_in_time_30d"),
        (("reports_late", "reports_answered_30d", "reports_answered_in_time_30d"),),
    ),
)
FAMILY_OF = {code: family for family in FAMILIES for code in family.shown}
PUBLIC_CODES = tuple(FAMILY_OF)


def build_tree(counties: Iterable[str]) -> dict[str, list[str]]:
    """The published tree: "" (the country) → 2-digit provinces → 6-digit counties."""
    tree: dict[str, list[str]] = {"": []}
    for county in sorted(set(counties)):
        province = county[:2]
        if province not in tree:
            tree[province] = []
            tree[""].append(province)
        tree[province].append(county)
    return tree


def roll_up(tree: Mapping[str, list[str]], leaves: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """Every area's figures, parents as the sums of their children (so the identities hold exactly)."""
    out: dict[str, dict[str, int]] = {}

    def visit(area: str) -> dict[str, int]:
        kids = tree.get(area)
        if not kids:
            out[area] = {code: int(v) for code, v in leaves.get(area, {}).items()}
        else:
            total: dict[str, int] = {}
            for kid in kids:
                for code, value in visit(kid).items():
                    total[code] = total.get(code, 0) + value
            out[area] = total
        return out[area]

    visit("")
    return out


def suppress_family(
    tree: Mapping[str, list[str]], counts: Mapping[str, Mapping[str, int]], threshold: int = THRESHOLD
) -> set[str]:
    """The areas whose row of this family is hidden. `counts`: area → {count name: value}, with
    derived counts included; an area of the tree missing from it counts 0 everywhere."""
    areas = list(tree) + [k for kids in tree.values() for k in kids if k not in tree]
    names = sorted({n for row in counts.values() for n in row})

    def value(area: str, name: str) -> int:
        return counts.get(area, {}).get(name, 0)

    def weight(area: str) -> tuple[int, str]:
        return (sum(value(area, n) for n in names), area)

    hidden = {a for a in areas if not names or any(value(a, n) < threshold for n in names)}

    def expansion(area: str) -> tuple[list[str], list[str]]:
        """The hidden cells without hidden children that `area`'s identity reaches through hidden
        areas (rule 2's sum), and the shown children met on the way (the candidates to hide)."""
        ends, shown = [], []
        for kid in tree.get(area, []):
            if kid not in hidden:
                shown.append(kid)
            elif any(k in hidden for k in tree.get(kid, [])):
                more_ends, more_shown = expansion(kid)
                ends += more_ends
                shown += more_shown
            else:
                ends.append(kid)
        return ends, shown

    changed = True
    while changed:
        changed = False
        for parent in sorted(tree, key=len, reverse=True):  # provinces before the country
            kids = tree[parent]
            hidden_kids = [k for k in kids if k in hidden]
            if not kids or not (hidden_kids or parent in hidden):
                continue
            shown_kids = sorted((k for k in kids if k not in hidden), key=weight)
            if len(hidden_kids) + (parent in hidden) < 2:  # rule 1
                if shown_kids:
                    hidden.add(shown_kids[0])
                else:
                    hidden.add(parent)
                changed = True
                continue
            if parent in hidden:
                continue
            ends, candidates = expansion(parent)  # rule 2
            deficit = {n for n in names if sum(value(e, n) for e in ends) < threshold}
            if deficit:
                candidates = sorted(candidates, key=weight)
                hidden.add(_helper(candidates, ends, deficit, value, threshold) if candidates else parent)
                changed = True
    return hidden


def _helper(candidates, ends, deficit, value, threshold) -> str:
    """The lightest candidate whose hiding lifts every deficient sum to the threshold, else the
    lightest that adds to one of them, else the lightest."""
    for kid in candidates:
        if all(sum(value(e, n) for e in ends) + value(kid, n) >= threshold for n in deficit):
            return kid
    for kid in candidates:
        if any(value(kid, n) > 0 for n in deficit):
            return kid
    return candidates[0]


@dataclass(frozen=True)
class Published:
    """One day's figures as the public may see them."""

    values: dict[str, dict[str, int]]  # area → indicator → value (before suppression)
    hidden: dict[str, set[str]]  # family name → hidden areas

    def cell(self, area: str, code: str) -> int | None:
        """The count, or None when it is hidden (or the area is unknown)."""
        if area not in self.values or area in self.hidden[FAMILY_OF[code].name]:
            return None
        return self.values[area].get(code, 0)

    def rate(self, area: str, code: str, of: str) -> float | None:
        """code / of, or None when either is hidden (or of is 0)."""
        num, den = self.cell(area, code), self.cell(area, of)
        if num is None or not den:
            return None
        return num / den


def publish(leaves: Mapping[str, Mapping[str, int]], threshold: int = THRESHOLD) -> Published:
    """Suppress one day's county figures (county code → indicator → value) for every page."""
    tree = build_tree(leaves)
    values = roll_up(tree, leaves)
    hidden = {}
    for family in FAMILIES:
        counts = {area: family.counts(row) for area, row in values.items()}
        hidden[family.name] = suppress_family(tree, counts, threshold)
    return Published(values, hidden)
