"""Two-factor login (TOTP) for the roles in SHOUHU_2FA_ROLES."""

import re
import time

import pytest
import segno
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
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
    # Set up: the recovery codes are shown once, with the way on to the page asked for.
    assert response.status_code == 200
    assert f'href="{reverse("roster")}"' in response.content.decode()
    assert client.get(reverse("roster")).status_code == 200
    assert TOTPDevice.objects.get(user=people["county"]).confirmed


def test_later_logins_ask_only_for_the_code(people, client):
    device = TOTPDevice.objects.create(user=people["county"], name="phone", confirmed=True)
    _password_login(client, "county")
    page = client.get(reverse("two_factor")).content.decode()
    assert "otpauth://" not in page
    assert client.get(reverse("roster")).status_code == 302
    code = _code(device)
    assert client.post(reverse("two_factor"), {"token": code}).status_code == 302
    assert client.get(reverse("roster")).status_code == 200
    # The same code cannot be used again (a code seen over someone's shoulder): the very code
    # typed above, not a fresh one (on a slow machine the 30-second window may have moved on).
    client.post(reverse("logout"))
    _password_login(client, "county")
    client.post(reverse("two_factor"), {"token": code})
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


def _enrol(client, username: str = "county") -> list[str]:
    """Password, then the first code from the app: returns the recovery codes the page shows."""
    _password_login(client, username)
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    response = client.post(reverse("two_factor"), {"token": _code(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def _svg_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules (column, row) an SVG from segno draws: its path is absolute and relative
    moves (M, m) and horizontal runs (h), one module high, in module units."""
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([MmHhVvZz])([^MmHhVvZz]*)", path):
        values = [float(n) for n in numbers.replace(",", " ").split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            dark.update((int(x) + i, int(y)) for i in range(int(values[0])))
            x += values[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    return dark


def test_enrolment_shows_a_qr_code_of_the_setup_link_that_the_policy_allows(people, client):
    _password_login(client, "county")
    response = client.get(reverse("two_factor"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=people["county"], confirmed=False)
    svg = re.search(r'<div id="totp-qr"><svg .*?</svg>', page, re.S).group(0)
    # The drawing is the QR code of this device's otpauth:// URI (quiet zone of 4 modules).
    expected = segno.make(device.config_url, error="m")
    wanted = {(x + 4, y + 4) for y, row in enumerate(expected.matrix) for x, bit in enumerate(row) if bit}
    assert _svg_modules(svg) == wanted
    assert "secret=" in device.config_url
    # Inline SVG: no script, no style attribute, no data: URI; the policy stays as strict as before.
    assert "<script" not in svg
    assert "style=" not in svg
    assert "data:" not in svg
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    # The secret stays there as text for phones that cannot scan, in groups of four to type.
    secret = device.config_url.split("secret=")[1].split("&")[0]
    shown = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert shown.split() == re.findall(".{1,4}", secret)


def test_enrolment_gives_ten_recovery_codes_shown_only_once(people, client):
    codes = _enrol(client)
    assert len(set(codes)) == 10
    stored = StaticToken.objects.filter(device__user=people["county"]).values_list("token", flat=True)
    assert sorted(stored) == sorted(codes)
    assert AuditEvent.objects.filter(actor=people["county"], action="otp_enrol").count() == 1
    page = client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "10 recovery codes left." in page
    assert not any(code in page for code in codes)


def test_a_recovery_code_logs_in_once(people, client):
    codes = _enrol(client)
    client.post(reverse("logout"))

    _password_login(client, "county")
    assert client.get(reverse("roster")).status_code == 302
    # Typed from paper: capitals and a space are fine.
    typed = f"{codes[0][:4].upper()} {codes[0][4:]}"
    response = client.post(reverse("two_factor"), {"recovery_code": typed, "next": reverse("roster")})
    assert response.status_code == 302
    assert response["Location"] == reverse("roster")
    assert client.get(reverse("roster")).status_code == 200
    event = AuditEvent.objects.get(actor=people["county"], action="otp_recov")
    assert event.details == {"codes_left": 9}
    assert "9 recovery codes left." in client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post(reverse("logout"))

    # The same code a second time: refused, with a reason, and still no page.
    _password_login(client, "county")
    response = client.post(reverse("two_factor"), {"recovery_code": codes[0]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "This recovery code is not valid or was used already." in response.content.decode()
    assert client.get(reverse("roster")).status_code == 302
    assert AuditEvent.objects.filter(action="otp_recov").count() == 1


def test_new_recovery_codes_replace_the_old_ones(people, client):
    old = _enrol(client)
    response = client.post(reverse("new_recovery_codes"))
    assert response.status_code == 200
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert AuditEvent.objects.filter(actor=people["county"], action="otp_codes").count() == 1
    client.post(reverse("logout"))

    _password_login(client, "county")
    assert client.post(reverse("two_factor"), {"recovery_code": old[1]}).status_code == 200
    assert client.get(reverse("roster")).status_code == 302
    StaticDevice.objects.get(user=people["county"]).throttle_reset()
    assert client.post(reverse("two_factor"), {"recovery_code": new[1]}).status_code == 302
    assert client.get(reverse("roster")).status_code == 200


def test_new_recovery_codes_need_a_session_verified_with_the_second_factor(people, client, login):
    _enrol(client)
    client.post(reverse("logout"))
    # The password alone (a stolen one, say) cannot mint codes that skip the phone.
    _password_login(client, "county")
    response = client.post(reverse("new_recovery_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor"))
    # A role without two-factor login has nothing to renew.
    login(people["cwd_a"])
    assert client.post(reverse("new_recovery_codes")).status_code == 404
    assert not AuditEvent.objects.filter(action="otp_codes").exists()


def test_after_an_admin_reset_old_recovery_codes_do_not_skip_enrolment(people, client):
    """Lost phone: the administrator deletes the TOTP device; the user sets up the new phone."""
    old = _enrol(client)
    client.post(reverse("logout"))
    TOTPDevice.objects.filter(user=people["county"]).delete()

    _password_login(client, "county")
    page = client.get(reverse("two_factor")).content.decode()
    assert "<svg" in page
    assert 'name="recovery_code"' not in page
    client.post(reverse("two_factor"), {"recovery_code": old[0]})
    assert client.get(reverse("roster")).status_code == 302
    # Enrolling the new phone gives new codes; the old ones are gone.
    client.post(reverse("logout"))
    new = _enrol(client)
    assert sorted(StaticToken.objects.filter(device__user=people["county"]).values_list("token", flat=True)) == sorted(
        new
    )


def test_a_cwd_exports_only_after_setting_up_the_second_factor(people, kids, client, settings):
    """MLPS / issue 10: anyone who can export gives a second factor; the CWD's daily work does not."""
    settings.SHOUHU_2FA_FOR_EXPORT = True
    _password_login(client, "cwd_a")
    roster = client.get(reverse("roster"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert client.get(reverse("roster_export", args=["csv"])).status_code == 404
    assert reverse("roster_export", args=["csv"]) not in roster
    assert "导出前请先设置两步登录" in roster

    setup = f"{reverse('two_factor')}?next={reverse('roster')}"
    assert client.get(setup).status_code == 200
    device = TOTPDevice.objects.get(user=people["cwd_a"], confirmed=False)
    assert client.post(reverse("two_factor"), {"token": _code(device), "next": reverse("roster")}).status_code == 200
    roster = client.get(reverse("roster")).content.decode()
    assert reverse("roster_export", args=["csv"]) in roster
    assert client.get(reverse("roster_export", args=["csv"])).status_code == 200


def test_without_the_export_rule_a_cwd_exports_with_the_password(people, kids, client, settings):
    settings.SHOUHU_2FA_FOR_EXPORT = False
    _password_login(client, "cwd_a")
    assert client.get(reverse("roster_export", args=["csv"])).status_code == 200
