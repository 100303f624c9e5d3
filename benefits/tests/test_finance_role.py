"""The finance role (accounts.User.Role.FINANCE): bound to a county, no reach into the registry."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from children.access import children_for
from core.scope import scope_code


def test_finance_must_be_bound_to_a_county(geo):
    with pytest.raises(ValidationError):
        User(username="f1", role=User.Role.FINANCE, division=geo["t1"]).clean()
    with pytest.raises(ValidationError):
        User(username="f2", role=User.Role.FINANCE).clean()
    User(username="f3", role=User.Role.FINANCE, division=geo["county"]).clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        User.objects.create(username="f4", role=User.Role.FINANCE)


def test_finance_reaches_no_child(finance, kids, login):
    assert scope_code(finance) is None
    assert not children_for(finance).exists()
    c = login(finance)
    assert c.get(reverse("child_detail", args=[kids["a"].uuid])).status_code == 404
    assert c.get(reverse("benefit_home")).status_code == 302  # sent to the rolls
    assert c.get(reverse("benefit_rolls")).status_code == 200
    assert c.get(reverse("benefit_gap")).status_code == 404
