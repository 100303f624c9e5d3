"""The password lifecycle: self-service change and the maximum password age."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.models import AuditEvent
from conftest import PASSWORD

NEW_PASSWORD = "river-lantern-paddy-47"


def _log_in(client, username: str = "cwd_a"):
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302


def _change(client, old: str, new: str, **headers):
    data = {"old_password": old, "new_password1": new, "new_password2": new}
    return client.post(reverse("password_change"), data, **headers)


def _age(user: User, days: int) -> None:
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=days))


def test_the_change_page_is_in_the_menu_and_keeps_the_user_signed_in(people, client):
    _log_in(client)
    before = User.objects.get(username="cwd_a").password_changed_at
    menu = client.get(reverse("roster")).content.decode()
    assert f'href="{reverse("account")}"' in menu
    assert f'href="{reverse("password_change")}"' in client.get(reverse("account")).content.decode()

    response = _change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    # Still signed in on this device...
    assert client.get(reverse("roster")).status_code == 200
    user = User.objects.get(username="cwd_a")
    assert user.check_password(NEW_PASSWORD)
    assert user.password_changed_at > before
    assert AuditEvent.objects.filter(actor=user, action="pwd_change").count() == 1
    # ...and the new password is the one that logs in.
    client.post(reverse("logout"))
    assert client.post(reverse("login"), {"username": "cwd_a", "password": PASSWORD}).status_code == 200
    assert client.post(reverse("login"), {"username": "cwd_a", "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("river-1", "This password is too short. It must contain at least 10 characters."),
        ("98765432101234", "This password is entirely numeric."),
        ("password1234", "This password is too common."),
        (PASSWORD, "The new password must be different from the old one."),
    ],
)
def test_a_weak_or_unchanged_password_is_refused_with_a_clear_message(people, client, new, message):
    _log_in(client)
    response = _change(client, PASSWORD, new, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(username="cwd_a").check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="pwd_change").exists()


def test_the_old_password_must_be_given(people, client):
    _log_in(client)
    response = _change(client, "not-my-password-1", NEW_PASSWORD, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "旧密码" in response.content.decode()
    assert User.objects.get(username="cwd_a").check_password(PASSWORD)


def test_an_expired_password_must_be_changed_before_anything_else(people, client, settings):
    settings.SHOUHU_PASSWORD_MAX_AGE_DAYS = 90
    _log_in(client)
    _age(people["cwd_a"], 91)
    response = client.get(reverse("roster"))
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")
    response = client.get("/api/v1/children/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "Your password has expired" in response.json()["detail"]
    page = client.get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your password is more than 90 days old." in page

    assert _change(client, PASSWORD, NEW_PASSWORD)["Location"] == reverse("home")
    assert client.get(reverse("roster")).status_code == 200
    assert client.get("/api/v1/children/").status_code == 200


def test_logging_out_stays_possible_with_an_expired_password(people, client, settings):
    settings.SHOUHU_PASSWORD_MAX_AGE_DAYS = 90
    _log_in(client)
    _age(people["cwd_a"], 200)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("roster"))["Location"].startswith(reverse("login"))


def test_a_password_younger_than_the_limit_or_without_a_limit_is_not_asked_for(people, client, settings):
    settings.SHOUHU_PASSWORD_MAX_AGE_DAYS = 90
    _log_in(client)
    _age(people["cwd_a"], 89)
    assert client.get(reverse("roster")).status_code == 200
    page = client.get(reverse("account")).content.decode()
    assert (timezone.localdate() + timedelta(days=1)).isoformat() in page  # must be changed by
    # A county that does not want periodic changes sets 0.
    settings.SHOUHU_PASSWORD_MAX_AGE_DAYS = 0
    _age(people["cwd_a"], 2000)
    assert client.get(reverse("roster")).status_code == 200
    assert client.get("/api/v1/children/").status_code == 200


def test_a_password_set_by_an_administrator_restarts_the_clock(people, client, login, settings):
    settings.SHOUHU_PASSWORD_MAX_AGE_DAYS = 90
    _age(people["cwd_a"], 200)
    login(people["admin"])
    url = reverse("admin:auth_user_password_change", args=[people["cwd_a"].pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    user = User.objects.get(username="cwd_a")
    assert user.check_password(NEW_PASSWORD)
    assert timezone.now() - user.password_changed_at < timedelta(minutes=1)


def test_the_maximum_age_is_90_days_in_production_and_off_in_the_demo():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SHOUHU_PASSWORD_MAX_AGE_DAYS)"
    root = Path(__file__).resolve().parents[2]
    results = []
    for debug in ("False", "True"):
        env = {**os.environ, "DEBUG": debug, "SECRET_KEY": "x" * 10 + "abcdefghij" * 5}
        env.pop("SHOUHU_PASSWORD_MAX_AGE_DAYS", None)
        env["DJANGO_SETTINGS_MODULE"] = "shouhu.settings"
        result = subprocess.run(  # noqa: S603 (a fixed command line)
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
        )
        results.append(result.stdout.strip())
    assert results == ["90", "0"]


def test_the_second_factor_comes_before_the_expired_password(people, client, settings):
    settings.SHOUHU_PASSWORD_MAX_AGE_DAYS = 90
    settings.SHOUHU_2FA_ROLES = ["county_officer"]
    device = TOTPDevice.objects.create(user=people["county"], name="phone", confirmed=True)
    _age(people["county"], 100)
    _log_in(client, "county")
    # The code first: a stolen password alone does not even reach the change page.
    assert client.get(reverse("roster"))["Location"].startswith(reverse("two_factor"))
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert client.post(reverse("two_factor"), {"token": f"{totp.token():06d}"}).status_code == 302
    assert client.get(reverse("roster"))["Location"] == reverse("password_change")
    assert _change(client, PASSWORD, NEW_PASSWORD).status_code == 302
    assert client.get(reverse("roster")).status_code == 200
