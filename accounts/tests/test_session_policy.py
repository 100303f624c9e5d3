"""The idle timeout and the password policy (MLPS level 3: identification and authentication)."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import session as idle_session
from accounts.models import User
from conftest import PASSWORD


def _login(client) -> Session:
    assert client.post(reverse("login"), {"username": "cwd_a", "password": PASSWORD}).status_code == 302
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_a_session_idle_longer_than_the_limit_ends(people, client, settings):
    session = _login(client)
    assert settings.SESSION_COOKIE_AGE == settings.SHOUHU_SESSION_IDLE_MINUTES * 60 == 30 * 60
    # The user walked away: the stored session lapsed a minute ago.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("roster"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_request_restarts_the_idle_clock(people, client, monkeypatch):
    session = _login(client)
    # Two minutes before it would lapse, the user clicks again.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=2))
    # The session is saved at most once a minute (two queries a page otherwise): within the
    # minute after logging in, the stored expiry stays...
    assert client.get(reverse("roster")).status_code == 200
    assert Session.objects.get(pk=session.pk).expire_date - timezone.now() < timedelta(minutes=2)
    # ...a click a minute and a half later restarts the 30 minutes.
    later = time.time() + 90
    monkeypatch.setattr(idle_session.time, "time", lambda: later)
    assert client.get(reverse("roster")).status_code == 200
    left = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


@pytest.mark.parametrize("password", ["short-1", "password123", "1234567890123"])
def test_weak_passwords_are_refused(people, password):
    with pytest.raises(ValidationError):
        validate_password(password, User.objects.get(username="cwd_a"))


def test_minimum_length_and_idle_minutes_are_settings():
    """Read from the environment at start-up, as a county would set them."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'shouhu.settings'; django.setup();"
        "from django.conf import settings as s;"
        "from django.contrib.auth.password_validation import validate_password as v;"
        "print(s.SESSION_COOKIE_AGE);"
        "v('a-sixteen-chars!')\n"
    )
    env = {**os.environ, "DEBUG": "True", "SHOUHU_PASSWORD_MIN_LENGTH": "20", "SHOUHU_SESSION_IDLE_MINUTES": "15"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(  # noqa: S603 (a fixed command line)
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["900"]
    # Refused: the 16-character password is shorter than the 20 the county set.
    assert "ValidationError" in result.stderr
    assert "20" in result.stderr.splitlines()[-1]


def test_the_demo_and_test_passwords_meet_the_policy(people, settings):
    assert settings.SHOUHU_PASSWORD_MIN_LENGTH == 10
    for user in User.objects.filter(username__in=["cwd_a", "county", "admin"]):
        validate_password(settings.SHOUHU_DEMO_PASSWORD, user)
        validate_password(PASSWORD, user)
