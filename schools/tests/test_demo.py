"""The demo county's school sends a sheet: absences, an unknown pupil, truancy alerts, yellow tiers."""

import pytest
from django.utils import timezone

from alerts.models import Alert
from demo import registry
from followup.models import FollowUp
from followup.services import recompute_all
from schools import demo
from schools.alert_kinds import TRUANCY
from schools.models import Absence, SchoolUpload, UnmatchedRow


@pytest.mark.django_db
def test_demo_absences(geo):
    today = timezone.localdate()
    registry.generate("511324", children=400, seed=3, today=today)
    registry.create_demo_users("511324", "demo-pass-123")
    written = demo.generate("511324", seed=3, today=today)
    assert written == Absence.objects.count() > 0
    upload = SchoolUpload.objects.get()
    assert upload.uploaded_by.username == "school1"
    assert UnmatchedRow.objects.filter(upload=upload, data__name="杨一帆").exists()
    truants = set(Alert.objects.filter(kind=TRUANCY).values_list("child_id", flat=True))
    assert truants
    recompute_all()
    reasons = {
        cid: [r[0] for r in reasons]
        for cid, reasons in FollowUp.objects.filter(child_id__in=truants).values_list("child_id", "reasons")
    }
    assert all("school_absences" in codes for codes in reasons.values())
