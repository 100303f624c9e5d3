"""Risk policies are edited in the Django admin: a save from a page opened before someone else's
save is refused with a clear message, never applied over it (core.versioning)."""

import json
import re

import pytest
from django import forms
from django.test import Client

from conftest import make_user
from core import versioning
from followup.models import RiskPolicy
from risk.defaults import NATIONAL_DEFAULT


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def policy(geo):
    return RiskPolicy.objects.create(division=geo["county"], data=NATIONAL_DEFAULT, note="县民政局 2025 年文件")


def _opened(client, policy) -> dict:
    """The change page's form as the browser would post it."""
    html = client.get(f"/admin/followup/riskpolicy/{policy.pk}/change/").content.decode()
    version = re.search(r'name="lock_version" value="(\d+)"', html).group(1)
    data = json.dumps(policy.data)
    return {"division": policy.division_id, "data": data, "note": policy.note, "lock_version": version}


def test_a_stale_policy_save_is_refused_with_a_message(people, policy):
    other_admin = make_user("admin2", "admin", None, is_staff=True, is_superuser=True)
    one, two = _admin(people["admin"]), _admin(other_admin)
    mine, theirs = _opened(one, policy), _opened(two, policy)

    theirs["note"] = "县民政局 2026 年文件"
    assert two.post(f"/admin/followup/riskpolicy/{policy.pk}/change/", theirs).status_code == 302
    mine["note"] = "试行"
    page = one.post(f"/admin/followup/riskpolicy/{policy.pk}/change/", mine, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Someone else saved this record after you opened it. Nothing of yours has been saved" in (
        page.content.decode()
    )
    policy.refresh_from_db()
    assert (policy.note, policy.lock_version) == ("县民政局 2026 年文件", 2)

    # Opened again, the page carries the new version and the save goes through.
    again = _opened(one, policy)
    again["note"] = "试行"
    assert one.post(f"/admin/followup/riskpolicy/{policy.pk}/change/", again).status_code == 302
    policy.refresh_from_db()
    assert (policy.note, policy.lock_version) == ("试行", 3)


def test_a_save_racing_another_between_check_and_write_is_refused(people, policy, monkeypatch):
    """The form's check passed (the other save was not committed yet); the claim refuses the write."""
    client = _admin(people["admin"])
    mine = _opened(client, policy)
    monkeypatch.setattr(versioning._AdminVersionForm, "clean", lambda self: forms.ModelForm.clean(self))
    RiskPolicy.objects.filter(pk=policy.pk).update(note="别人刚保存", lock_version=policy.lock_version + 1)
    mine["note"] = "试行"
    response = client.post(f"/admin/followup/riskpolicy/{policy.pk}/change/", mine, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response.url == f"/admin/followup/riskpolicy/{policy.pk}/change/"
    policy.refresh_from_db()
    assert (policy.note, policy.lock_version) == ("别人刚保存", 2)
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing of yours has been saved" in page
