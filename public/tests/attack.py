"""The attacker: what can be worked out from published tables by linear algebra and by bounds.

Equations are ({unknown: coefficient}, right-hand side) after the known cells are moved to the
right. `determined` solves them exactly with fractions (reduced row echelon form): an unknown is
determined when its pivot row has no free unknown. `bounds` narrows each unknown's interval from
non-negativity (counts) by propagating every equation until nothing moves.
"""

from fractions import Fraction
from math import inf

Equation = tuple[dict, int]


def determined(equations: list[Equation]) -> dict:
    """The unknowns whose value the equations fix, with that value (exact, sparse elimination)."""
    pivots: dict = {}  # unknown → its reduced row {unknown: coefficient, None: right-hand side}
    for coefs, rhs in equations:
        row = {u: Fraction(a) for u, a in coefs.items() if a}
        row[None] = Fraction(rhs)
        for u in [u for u in row if u is not None and u in pivots]:
            if row.get(u):
                _subtract(row, pivots[u], row[u])
        lead = next((u for u in sorted((u for u in row if u is not None and row[u]), key=repr)), None)
        if lead is None:
            continue
        scale = row[lead]
        row = {u: a / scale for u, a in row.items() if a}
        for other in pivots.values():
            if other.get(lead):
                _subtract(other, row, other[lead])
        pivots[lead] = row
    found = {}
    for u, row in pivots.items():
        if all(v is None or v == u for v, a in row.items() if a):
            found[u] = row.get(None, Fraction(0))
    return found


def _subtract(row: dict, pivot: dict, factor) -> None:
    for u, a in pivot.items():
        row[u] = row.get(u, 0) - factor * a
        if row[u] == 0 and u is not None:
            del row[u]


def bounds(equations: list[Equation], rounds: int = 200) -> dict:
    """Each unknown's interval [low, high], every unknown being a count (>= 0)."""
    box = {u: [0.0, inf] for coefs, _rhs in equations for u in coefs}
    for _ in range(rounds):
        moved = False
        for coefs, rhs in equations:
            for u, a in coefs.items():
                # a*u = rhs - sum(others): the others' intervals bound u
                low_rest = high_rest = 0.0
                for v, b in coefs.items():
                    if v == u:
                        continue
                    lo, hi = (
                        sorted((b * box[v][0], b * box[v][1]))
                        if box[v][1] != inf
                        else ((b * box[v][0], inf) if b > 0 else (-inf, b * box[v][0]))
                    )
                    low_rest += lo
                    high_rest += hi
                lo_u, hi_u = sorted(((rhs - high_rest) / a, (rhs - low_rest) / a))
                if lo_u > box[u][0] + 1e-9:
                    box[u][0] = lo_u
                    moved = True
                if hi_u < box[u][1] - 1e-9:
                    box[u][1] = hi_u
                    moved = True
        if not moved:
            break
    return box


def equations(tree: dict, cells: dict, day="") -> list[Equation]:
    """Every identity the published tables of one day give, with the shown cells moved to the right.

    `tree`: area → child areas as the pages list them; `cells`: (area, code) → the shown count or
    None when hidden. The unknowns are (day, area, name): hidden cells and every derived count
    (visits late, files not left-behind, …), which no page shows but anyone can compute."""
    from public.suppression import FAMILIES

    out = []

    def add(terms):
        coefs, rhs = {}, 0
        for (area, name), a in terms:
            value = cells.get((area, name))
            if value is None:
                key = (day, area, name)
                coefs[key] = coefs.get(key, 0) + a
            else:
                rhs -= a * value
        coefs = {k: v for k, v in coefs.items() if v}
        if coefs:
            out.append((coefs, rhs))

    areas = set(tree) | {k for kids in tree.values() for k in kids}
    for family in FAMILIES:
        names = list(family.shown) + [d for d, _m, _s in family.derived]
        for area in areas:
            for d, m, s in family.derived:
                add([((area, d), 1), ((area, m), -1), ((area, s), 1)])
        for parent, kids in tree.items():
            if kids:
                for name in names:
                    add([((parent, name), 1), *[((kid, name), -1) for kid in kids]])
    return out


def true_value(values: dict, area: str, name: str) -> int:
    """The real count behind a cell, derived ones included."""
    from public.suppression import FAMILIES

    for family in FAMILIES:
        counts = family.counts(values.get(area, {}))
        if name in counts:
            return counts[name]
    raise KeyError(name)
