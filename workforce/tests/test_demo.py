"""The demo county's workforce: a record for every demo account, a recent handover, logs, a spot check."""

import pytest
from django.utils import timezone

from demo import registry
from workforce import demo
from workforce.models import Handover, SpotCheck, SupervisionLog, Worker


@pytest.mark.django_db
def test_demo_workforce(geo):
    today = timezone.localdate()
    registry.generate("511324", children=200, seed=3, today=today)
    registry.create_demo_users("511324", "demo-pass-123")
    summary = demo.seed("511324", seed=3, today=today)
    assert "workers" in summary
    for username in ("county", "supervisor1", "cwd1", "cwd3"):
        assert Worker.objects.filter(user__username=username).exists(), username
    assert Worker.objects.filter(user__username="cwd1").get().posts
    h = Handover.objects.get()
    assert h.successor.user.username == "cwd3"
    assert h.status == Handover.Status.DONE
    assert SupervisionLog.objects.exists()
    assert SpotCheck.objects.get().seed == demo.SEED
    assert demo.seed("511324", seed=3, today=today) == "workforce already seeded"
