"""The demo county has a running sweep after `seed_demo`: lists, alerts and some progress."""

import pytest
from django.utils import timezone

from alerts.models import Alert
from demo import registry
from demo.discovery import app_demos
from sweeps import demo
from sweeps.alert_kinds import SWEEP_STARTED
from sweeps.models import Sweep, SweepItem


@pytest.mark.django_db
def test_demo_sweep(geo):
    today = timezone.localdate()
    registry.generate("511324", children=400, seed=3, today=today)
    registry.create_demo_users("511324", "demo-pass-123")
    assert demo.seed("511324", seed=3, today=today).startswith("1 running sweep of ")
    sweep = Sweep.objects.get(status=Sweep.Status.RUNNING)
    items = SweepItem.objects.filter(sweep=sweep)
    assert items.count() == sweep.files_at_start > 0
    assert Alert.objects.filter(kind=SWEEP_STARTED, recipient__username="cwd1").exists()
    mine = items.filter(village_id=Alert.objects.get(kind=SWEEP_STARTED, recipient__username="cwd1").params["village"])
    assert 0 < mine.filter(confirmed_at__isnull=False).count() < mine.count()
    # Run again: nothing doubles.
    assert demo.seed("511324", seed=3, today=today).startswith("no sweep")
    # It runs after every other demo, so the snapshot takes the files as they end up (only the
    # dashboards' daily figures come after it, to count what every demo wrote).
    assert [m.__name__ for m in app_demos()][-2:] == [demo.__name__, "dashboards.demo"]
