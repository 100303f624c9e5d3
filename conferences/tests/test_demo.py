"""The demo county has a council of agencies and a conference under way after `seed_demo`."""

import pytest
from django.utils import timezone

from conferences import demo, services
from conferences.models import AgencyAction, Conference, Council, Representative
from demo import registry
from followup import demo as followup_demo


@pytest.mark.django_db
def test_demo_council_and_conference(geo):
    today = timezone.localdate()
    registry.generate("511324", children=400, seed=3, today=today)
    registry.create_demo_users("511324", "demo-pass-123")
    followup_demo.seed("511324", seed=3, today=today)
    summary = demo.seed("511324", seed=3, today=today)
    assert summary.startswith("1 council of 4 agencies, 1 conference with 3 agency actions"), summary
    council = Council.objects.get(area_id="511324")
    assert Representative.objects.filter(member__council=council, undertaking_signed_on__isnull=True).count() == 0
    conference = Conference.objects.get()
    assert conference.status == Conference.Status.HELD
    assert conference.child.followup.tier in ("red", "yellow")
    assert AgencyAction.objects.filter(status="done").count() == 1
    assert services.escalate_overdue(today)["convener"] == 1  # the school's late action
    assert demo.seed("511324", seed=3, today=today).startswith("no council")
