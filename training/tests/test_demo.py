"""The demo county has two courses, sessions and certificates after `seed_demo`."""

import pytest
from django.utils import timezone

from accounts.models import User
from demo import registry
from training import demo, queries
from training.models import Certificate, Course


@pytest.mark.django_db
def test_demo_training(geo):
    today = timezone.localdate()
    registry.generate("511324", children=200, seed=3, today=today)
    registry.create_demo_users("511324", "demo-pass-123")
    assert demo.seed("511324", seed=3, today=today).startswith("6 courses, 2 sessions")
    assert Course.objects.filter(required=True).count() == 2
    assert all(c.questions.count() >= 5 and c.pages.count() >= 3 for c in Course.objects.all())
    required = queries.required_courses(Course.objects.all())
    (cwd1,) = list(queries.records(User.objects.filter(username="cwd1"), required, today))
    assert {c.topic: s for c, s, _d in cwd1.courses}["growth"] == queries.Standing.NONE  # a course left to take
    assert Certificate.objects.exists()
    assert demo.seed("511324", seed=3, today=today).startswith("no training")
