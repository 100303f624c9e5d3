"""A write the record's state refuses is answered like anything out of scope: 404, nothing changed."""

from django.urls import reverse

from audit.models import AuditEvent
from children.choices import Status


def test_a_refused_action_is_a_404_and_changes_nothing(people, kids, login):
    child = kids["a"]  # active: the township cannot confirm it again
    before = AuditEvent.objects.count()
    response = login(people["supervisor"]).post(reverse("child_confirm", args=[child.uuid]))
    assert response.status_code == 404
    child.refresh_from_db()
    assert child.status == Status.ACTIVE
    assert AuditEvent.objects.count() == before
