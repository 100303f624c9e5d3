"""Writes of the accounts app: a login's second factor and password. Each sends
accounts.signals.security_event in its transaction, which the audit trail records."""

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import signals, two_factor
from .passwords import ChangePasswordForm
from .signals import SecurityEvent


def _replace_recovery_codes(user) -> list[str]:
    """RECOVERY_CODES new codes in the user's one recovery device; every older code stops working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(two_factor.RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _verified(request, device) -> None:
    # A new session key once the second factor is in: a key seen before it is worthless.
    request.session.cycle_key()
    otp_login(request, device)


@transaction.atomic
def do_confirm_enrolment(request, device: TOTPDevice) -> list[str]:
    """The first code from the app proved it holds the secret: the device counts from now on,
    the session is verified, and the user gets fresh recovery codes (returned, to show once)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(request.user)
    _verified(request, device)
    signals.send(request.user, SecurityEvent.TWO_FACTOR_ENROLLED, request, recovery_codes=len(codes))
    return codes


def do_verify_totp(request, device: TOTPDevice, token: str) -> bool:
    # verify_token throttles: each failure doubles the wait before the next try.
    if not device.verify_token(token):
        return False
    _verified(request, device)
    return True


@transaction.atomic
def do_verify_recovery_code(request, code: str) -> bool:
    """A recovery code instead of the app's code: used up by this login, and audited."""
    device = two_factor.recovery_device(request.user)
    # StaticDevice.verify_token deletes the matching code and throttles failures like the TOTP device.
    if device is None or not device.verify_token(two_factor.normalise_recovery_code(code)):
        return False
    _verified(request, device)
    left = device.token_set.count()
    signals.send(request.user, SecurityEvent.RECOVERY_CODE_USED, request, codes_left=left)
    return True


@transaction.atomic
def do_new_recovery_codes(request) -> list[str]:
    """New recovery codes for a user with a verified session; the old ones stop working."""
    codes = _replace_recovery_codes(request.user)
    signals.send(request.user, SecurityEvent.RECOVERY_CODES_RENEWED, request, recovery_codes=len(codes))
    return codes


@transaction.atomic
def do_change_password(request, form: ChangePasswordForm) -> None:
    """Save the new password (the form has checked the old one and the password policy) and keep
    the user signed in: without update_session_auth_hash the session would end at once. The user
    chose it: a temporary password set by someone else is replaced."""
    form.user.must_change_password = False
    user = form.save()
    update_session_auth_hash(request, user)
    signals.send(user, SecurityEvent.PASSWORD_CHANGED, request)
