"""The demo county gets its planning assumptions once, with two remote villages."""

from planning import demo
from planning.estimates import assumptions_for
from planning.models import PlanningAssumptions


def test_the_demo_sets_the_county_assumptions_once(people, geo):
    assert "2 remote villages" in demo.seed("511324", seed=1, today=None)
    a = assumptions_for("511324")
    assert a.travel_for("511324101201") == 180
    assert a.travel_for("511324100201") == 60
    assert demo.seed("511324", seed=1, today=None) == "planning assumptions already set"
    assert PlanningAssumptions.objects.count() == 1
