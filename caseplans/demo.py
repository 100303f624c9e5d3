"""Demo case plans for some of the demo county's red and yellow children."""

from datetime import date


def generate(county_code: str, *, seed: int, today: date) -> int:
    """Create case plans (some approved, some awaiting approval); returns how many."""
    return 0
