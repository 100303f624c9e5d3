"""Two-factor login (TOTP) for the roles in SHOUHU_2FA_ROLES."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD


@pytest.fixture(autouse=True)
def two_factor_roles(settings):
    settings.SHOUHU_2FA_ROLES = ["county_officer", "admin"]


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def _password_login(client, username: str):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_county_officer_enrols_on_first_login_before_any_page(people, client):
    _password_login(client, "county")
    response = client.get(reverse("roster"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor"))
    assert client.get("/api/v1/children/").status_code == 403

    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    device = TOTPDevice.objects.get(user=people["county"], confirmed=False)
    assert "otpauth://totp/Shouhu%3Acounty?" in page
    assert device.config_url.split("secret=")[1].split("&")[0] in page

    response = client.post(reverse("two_factor"), {"token": "000000", "next": reverse("roster")})
    assert response.status_code == 200
    assert client.get(reverse("roster")).status_code == 302

    # After a wrong code even the right one waits (throttling against guessing)...
    device.refresh_from_db()
    assert client.post(reverse("two_factor"), {"token": _code(device)}).status_code == 200
    # ...until the wait has passed.
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(reverse("two_factor"), {"token": _code(device), "next": reverse("roster")})
    assert response.status_code == 302
    assert response["Location"] == reverse("roster")
    assert client.get(reverse("roster")).status_code == 200
    assert TOTPDevice.objects.get(user=people["county"]).confirmed


def test_later_logins_ask_only_for_the_code(people, client):
    device = TOTPDevice.objects.create(user=people["county"], name="phone", confirmed=True)
    _password_login(client, "county")
    page = client.get(reverse("two_factor")).content.decode()
    assert "otpauth://" not in page
    assert client.get(reverse("roster")).status_code == 302
    assert client.post(reverse("two_factor"), {"token": _code(device)}).status_code == 302
    assert client.get(reverse("roster")).status_code == 200
    # The same code cannot be used again (a code seen over someone's shoulder).
    client.post(reverse("logout"))
    _password_login(client, "county")
    client.post(reverse("two_factor"), {"token": _code(device)})
    assert client.get(reverse("roster")).status_code == 302


def test_administrators_need_the_second_factor_for_the_admin_too(people, client):
    _password_login(client, "admin")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor"))


def test_roles_outside_the_setting_log_in_with_the_password(people, client, settings):
    _password_login(client, "cwd_a")
    assert client.get(reverse("roster")).status_code == 200
    # A county that counts exporting as privileged adds the CWD role.
    settings.SHOUHU_2FA_ROLES = ["county_officer", "admin", "cwd"]
    assert client.get(reverse("roster")).status_code == 302


def test_logging_out_stays_possible_before_the_code(people, client):
    _password_login(client, "county")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("roster"))["Location"].startswith(reverse("login"))
