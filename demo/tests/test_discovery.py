"""seed_demo finds each app's demo module without naming it, in the order the data needs."""

from demo.discovery import app_demos


def test_app_demos_run_in_order_data_then_tiers_then_plans():
    modules = app_demos()
    assert [m.__name__ for m in modules] == [
        "visits.demo",
        "schools.demo",
        "training.demo",
        "followup.demo",
        "caseplans.demo",
        "benefits.demo",
        "conferences.demo",
        "planning.demo",
        "workforce.demo",
        "sweeps.demo",
        "dashboards.demo",
    ]
    assert all(callable(m.seed) for m in modules)
