"""Demo school absences for the demo county (so truancy shows up in the demo)."""

from datetime import date


def generate(county_code: str, *, seed: int, today: date) -> int:
    """Record absences for some demo pupils; returns how many absences were written."""
    return 0
