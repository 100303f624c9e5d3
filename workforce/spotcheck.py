"""The county's spot check draw: 2–4 villages per township, at random but reproducible.

The draw is a pure function of the seed, the number per township and the list of villages: the
villages are sorted by code, each township's are shuffled by a `random.Random` seeded with the
seed and the township's code, and the first `per_township` are taken. Anyone holding the seed
(shown on the spot check's page) can redraw the same villages, so the county cannot quietly
swap a village it would rather not check.
"""

import random
from collections import defaultdict


def draw(seed: int, per_township: int, village_codes) -> list[str]:
    """The drawn village codes, by township, in code order."""
    by_township: dict[str, list[str]] = defaultdict(list)
    for code in sorted(set(village_codes)):
        by_township[code[:9]].append(code)
    drawn = []
    for township in sorted(by_township):
        villages = by_township[township]
        rng = random.Random(f"{seed}:{township}")  # a draw anyone can repeat, not a secret
        drawn += sorted(rng.sample(villages, min(per_township, len(villages))))
    return drawn


def new_seed() -> int:
    return random.SystemRandom().randint(1, 999_999)
