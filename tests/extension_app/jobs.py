from datetime import date

from .models import Enrolment


def count_enrolments(today: date) -> int:
    """A nightly job (tests/settings.py adds it to SHOUHU_NIGHTLY_JOBS)."""
    return Enrolment.objects.filter(enrolled_on__lte=today).count()
