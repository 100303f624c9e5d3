"""Two-factor login (TOTP, django-otp) for the roles in SHOUHU_2FA_ROLES.

After the password, a user of those roles must give a code from an authenticator app before any
other page: on the first login they enrol (a QR code of the otpauth:// URI, drawn as inline SVG so
that the Content Security Policy needs nothing extra, with the secret as text for phones that
cannot scan), later they only verify. The session then carries the verified device
(django_otp.login), so the code is asked once per session.

Enrolling also makes RECOVERY_CODES single-use recovery codes (django-otp's static device), shown
once: a user without the phone gives one instead of the app's code. New codes can be made from a
verified session (accounts.actions); each use is audited.
"""

import re
from base64 import b32encode

import segno
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def requires_two_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    roles = settings.SHOUHU_2FA_ROLES
    # A superuser administers everything, whatever role the row says.
    return user.role in roles or (user.is_superuser and "admin" in roles)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(user) -> TOTPDevice:
    """The user's unconfirmed device, kept until a first code proves the app holds its secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    """The key as apps take it typed in, in groups of four (the apps ignore the spaces)."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(uri: str, title: str) -> SafeString:
    """The QR code of `uri` as an inline <svg> element (no script, no data: URI, no style
    attribute: nothing the Content Security Policy would block). 4 px a module, about 230 px wide
    for a TOTP URI: fits a 360 px phone and scans from another screen."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, light="#fff", title=title, svgclass="qr")
    # Safe: segno writes only numbers and path commands, and escapes the title.
    return mark_safe(svg)  # noqa: S308


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def normalise_recovery_code(value: str) -> str:
    """Codes are shown in lower case; a user may type capitals, spaces or dashes."""
    return re.sub(r"[\s-]", "", value).lower()


def safe_next(request, value: str) -> str:
    ok = url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure())
    return value if value and ok else reverse(settings.LOGIN_REDIRECT_URL)


class RequireTwoFactorMiddleware:
    """Sends a signed-in user of a 2FA role who has not given a code to the code page; the API
    answers 403. Only the code page, logging out and the language switch stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and requires_two_factor(user) and not user.is_verified():
            open_paths = {reverse("two_factor"), reverse("logout"), reverse("set_language")}
            if request.path not in open_paths:
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Two-factor verification is required.")}, status=403)
                return redirect(f"{reverse('two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
