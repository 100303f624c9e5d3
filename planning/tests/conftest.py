import pytest
from django.utils import timezone

from accounts.models import User
from conftest import make_child, make_user
from followup.models import FollowUp
from planning.models import PlanningAssumptions


def files(village, tier: str, n: int) -> None:
    """n open files of a tier in a village, with their follow-up rows."""
    for i in range(n):
        child = make_child(village, f"张{tier}{i}")
        FollowUp.objects.create(
            child=child,
            village_id=village.code,
            tier=tier,
            computed_tier=tier,
            due_on=timezone.localdate(),
            computed_at=timezone.now(),
        )


@pytest.fixture
def seven_red(geo):
    """7 red files in 石佛村 (village A); the other villages have none."""
    files(geo["village_a"], "red", 7)


@pytest.fixture
def county_assumptions(geo):
    """仪陇县 plans with 10-hour CWDs, an 80 % target and 90 minutes of travel."""
    return PlanningAssumptions.objects.create(area="511324", cwd_hours=10, target_percent=80, travel_minutes=90)


@pytest.fixture
def official(geo):
    """A prefecture official of 南充市 (both test counties)."""
    return make_user("official", User.Role.OFFICIAL, geo["county"].parent)
