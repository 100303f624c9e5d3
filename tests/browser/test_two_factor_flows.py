"""Two-factor login and the password lifecycle on a 360 px phone, in Chinese."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import User
from audit.models import AuditEvent
from conftest import PASSWORD

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def _code(device: TOTPDevice) -> str:
    """What the phone's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _tall_enough(locator) -> None:
    box = locator.bounding_box()
    assert box["height"] >= 44, f"tap target {box['height']} px high"


def _log_out(page) -> None:
    page.locator(".navtoggle").tap()
    page.locator("form.logoutform button").tap()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_county_officer_enrols_keeps_recovery_codes_and_logs_in_with_one(
    phone, live_server, people, settings, results_dir
):
    settings.SHOUHU_2FA_ROLES = ["county_officer", "admin"]
    page = phone
    log_in(page, live_server, people["county"], PASSWORD)

    # Enrolment: a QR code that fits the phone, the key as text behind a tap.
    page.wait_for_url(re.compile(r"/accounts/two-factor/"))
    expect(page.locator("h1")).to_have_text(tr("Two-factor login"))
    qr = page.locator("#totp-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert 200 <= box["width"] <= 300
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    expect(page.locator("#totp-secret")).to_be_hidden()
    summary = page.locator("summary", has_text=tr("Cannot scan? Type the key instead"))
    _tall_enough(summary.locator(".button"))
    summary.tap()
    expect(page.locator("#totp-secret")).to_be_visible()
    page.screenshot(path=results_dir / "two-factor-enrol-phone.png", full_page=True)
    assert scroll_width(page) <= 360

    device = TOTPDevice.objects.get(user=people["county"], confirmed=False)
    page.locator("#id_token").fill(_code(device))
    page.locator("main button.primary[type=submit]").tap()

    # Ten codes, shown once, with the instruction to write them down.
    expect(page.locator("h1")).to_have_text(tr("Recovery codes"))
    expect(page.get_by_text(tr("Two-factor login is set up."))).to_be_visible()
    instruction = (
        "Write these codes down on paper now, or print this page, and keep them somewhere safe. "
        "They are shown only this once."
    )
    expect(page.locator("main strong")).to_have_text(tr(instruction))
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    assert scroll_width(page) <= 360
    page.screenshot(path=results_dir / "two-factor-recovery-codes-phone.png", full_page=True)
    go_on = page.locator("main a.button.primary")
    _tall_enough(go_on)
    go_on.tap()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    _log_out(page)

    # The phone is lost: password, then a recovery code from paper.
    log_in(page, live_server, people["county"], PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/two-factor/"))
    expect(page.locator("#totp-qr")).to_have_count(0)
    use_code = page.locator("#use-recovery summary .button")
    _tall_enough(use_code)
    use_code.tap()
    page.locator("#id_recovery_code").fill(codes[0].upper())
    submit = page.locator("#use-recovery button[type=submit]")
    _tall_enough(submit)
    submit.tap()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    expect(page.locator(".messages")).to_contain_text("9")
    assert scroll_width(page) <= 360
    event = AuditEvent.objects.get(actor=people["county"], action="otp_recov")
    assert event.details == {"codes_left": 9}

    # My account (in the menu) shows how many are left.
    page.locator(".navtoggle").tap()
    page.locator("nav.mainnav a", has_text=tr("My account")).tap()
    expect(page.locator("#recovery-codes-left")).to_contain_text("9")
    assert not page.context.js_errors

    # The same code does not work twice.
    _log_out(page)
    log_in(page, live_server, people["county"], PASSWORD)
    page.locator("#use-recovery summary .button").tap()
    page.locator("#id_recovery_code").fill(codes[0])
    page.locator("#use-recovery button[type=submit]").tap()
    expect(page.locator("#use-recovery .fielderror")).to_have_text(
        tr("This recovery code is not valid or was used already.")
    )
    assert AuditEvent.objects.filter(action="otp_recov").count() == 1


def test_an_expired_password_is_changed_on_the_phone(phone, live_server, people, settings, results_dir):
    settings.SHOUHU_PASSWORD_MAX_AGE_DAYS = 90
    user = people["cwd_a"]
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=120))
    page = phone
    log_in(page, live_server, user, PASSWORD)

    page.wait_for_url(re.compile(r"/accounts/password/$"))
    expect(page.locator("#password-expired")).to_be_visible()
    # A weak new password: refused, with the reason in Chinese.
    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill("12345678")
    page.locator("#id_new_password2").fill("12345678")
    button = page.locator("main button.primary[type=submit]")
    _tall_enough(button)
    button.tap()
    with translation.override("zh-hans"):
        too_short = (
            translation.ngettext(
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
                10,
            )
            % 10
        )
    expect(page.locator("#wrap-new_password2 .fielderror").first).to_have_text(too_short)
    assert "至少" in too_short
    assert scroll_width(page) <= 360
    page.screenshot(path=results_dir / "password-change-phone.png", full_page=True)
    # Other pages stay closed until the password is changed.
    page.goto(f"{live_server.url}/children/")
    page.wait_for_url(re.compile(r"/accounts/password/$"))

    new = "river-lantern-paddy-47"
    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill(new)
    page.locator("#id_new_password2").fill(new)
    page.locator("main button.primary[type=submit]").tap()
    # On to the user's own start page (Today, for a CWD), still signed in.
    page.wait_for_url(re.compile(r"/today/$"))
    expect(page.locator(".messages")).to_contain_text(tr("Your password has been changed."))
    user.refresh_from_db()
    assert user.check_password(new)
    assert not page.context.js_errors


def test_a_password_the_administrator_set_is_replaced_at_the_first_login(phone, live_server, people, results_dir):
    user = people["cwd_a"]
    temporary = "Admin-set-lotus-2031"
    user.set_password(temporary)
    user.must_change_password = True  # as the admin's password form leaves it
    user.save()
    page = phone
    log_in(page, live_server, user, temporary)

    page.wait_for_url(re.compile(r"/accounts/password/$"))
    expect(page.locator("#password-temporary")).to_have_text(
        tr("Your administrator set this password; choose your own now.")
    )
    expect(page.locator("main a.button")).to_have_count(0)  # no "Cancel": nothing else opens first
    assert scroll_width(page) <= 360
    page.screenshot(path=results_dir / "password-temporary-phone.png", full_page=True)
    page.goto(f"{live_server.url}/children/")
    page.wait_for_url(re.compile(r"/accounts/password/$"))

    own = "river-lantern-paddy-47"
    page.locator("#id_old_password").fill(temporary)
    page.locator("#id_new_password1").fill(own)
    page.locator("#id_new_password2").fill(own)
    page.locator("main button.primary[type=submit]").tap()
    page.wait_for_url(re.compile(r"/today/$"))
    expect(page.locator(".messages")).to_contain_text(tr("Your password has been changed."))
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password(own)
    assert not page.context.js_errors
