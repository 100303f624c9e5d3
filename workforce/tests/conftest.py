"""Registry records for the shared personas: CWDs of villages A, B and C, the two supervisors, the
county officer and the neighbouring county's officer, each linked to their account."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from workforce.models import Assignment, Worker

APPOINTED = date(2023, 1, 1)


def register(user, *, appointed_on=APPOINTED, **extra) -> Worker:
    worker = Worker.objects.create(
        role=user.role,
        division_id=user.division_id,
        full_name=user.full_name,
        appointed_on=appointed_on,
        user=user,
        **extra,
    )
    if user.role == Worker.Role.CWD:
        Assignment.objects.create(worker=worker, village_id=user.division_id, starts_on=appointed_on)
    return worker


@pytest.fixture
def workers(people):
    names = ["cwd_a", "cwd_b", "cwd_c", "cwd_d", "supervisor", "supervisor_t2", "county", "other_county"]
    return {name: register(people[name]) for name in names}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def yesterday(today):
    return today - timedelta(days=1)
