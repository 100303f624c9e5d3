"""Report fixtures: the police station a report goes to, one of its officers, and report factories."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from conftest import make_user
from partners.models import Organisation
from reports import actions
from reports.models import MandatoryReport

WITNESS = "周老师"
WITNESS_PHONE = "13800001111"


@pytest.fixture
def police(geo):
    return Organisation.objects.create(name="金城派出所", type=Organisation.Type.POLICE_STATION, division=geo["t1"])


@pytest.fixture
def officer(police):
    """Staff of the receiving organisation."""
    return make_user("police1", User.Role.PARTNER, organisation=police, full_name="刘警官")


def new_report(child, *, police=None, relayed=False, **fields) -> MandatoryReport:
    now = timezone.now()
    values = {
        "triggers": ["SUSPECTED_DOMESTIC_VIOLENCE"],
        "facts": "手臂上有新的淤青，孩子说是爸爸打的",
        "observed_at": now - timedelta(hours=5),
        "channel": MandatoryReport.Channel.POLICE_STATION,
        "receiving_body": police.name if police else "金城派出所",
        "receiving_org": police,
        "reported_at": now - timedelta(hours=1),
    }
    if relayed:
        values |= {
            "relayed": True,
            "reporter_name": WITNESS,
            "reporter_role": "teacher",
            "reporter_phone": WITNESS_PHONE,
            "reporter_told_at": now - timedelta(hours=3),
        }
    return MandatoryReport(child=child, **(values | fields))


def file(user, child, **kwargs) -> MandatoryReport:
    return actions.do_file_report(user, new_report(child, **kwargs))


@pytest.fixture
def relayed_report(people, kids, police):
    """cwd_a forwarded what a teacher told her about child a to the police station."""
    return file(people["cwd_a"], kids["a"], police=police, relayed=True)
