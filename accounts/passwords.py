"""The password lifecycle: self-service change, temporary passwords and the maximum password age.

`User.password_changed_at` is set whenever a password is set (`User.set_password`). With
SHOUHU_PASSWORD_MAX_AGE_DAYS > 0, a signed-in user whose password is older than that is sent to
the change page before any other page (after the second factor); the API answers 403. The same
happens to a user whose password someone else set (`User.must_change_password`: the admin's user
forms, `changepassword`) until they choose their own.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def max_age_days() -> int:
    """SHOUHU_PASSWORD_MAX_AGE_DAYS; 0: passwords do not expire."""
    return settings.SHOUHU_PASSWORD_MAX_AGE_DAYS


def password_expires_at(user) -> datetime | None:
    """When the user's password expires; None when passwords do not expire or the date is unknown."""
    days = max_age_days()
    if not days or user.password_changed_at is None:
        return None
    return user.password_changed_at + timedelta(days=days)


def password_expired(user) -> bool:
    expires = password_expires_at(user)
    return expires is not None and expires <= timezone.now()


def must_replace_password(user) -> bool:
    """The user must choose a new password before anything else: theirs expired or was set by someone else."""
    return user.must_change_password or password_expired(user)


class ChangePasswordForm(PasswordChangeForm):
    """Django's form (old password, new password twice, AUTH_PASSWORD_VALIDATORS), which also
    refuses the old password as the new one: otherwise the maximum age would be a formality."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_unchanged": gettext_lazy("The new password must be different from the old one."),
    }

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and new == cleaned.get("old_password") and not self.has_error("new_password2"):
            self.add_error("new_password1", self.error_messages["password_unchanged"])
        return cleaned


class PasswordExpiryMiddleware:
    """Sends a signed-in user with an expired or temporary password to the change page; the API
    answers 403. Only the change page, logging out, the language switch and the 2FA page stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_replace_password(user):
            open_paths = {reverse(name) for name in ("password_change", "logout", "set_language", "two_factor")}
            if request.path not in open_paths:
                if request.path.startswith("/api/"):
                    if user.must_change_password:
                        message = _(
                            "Your administrator set your password. Log in on the website and choose your own password."
                        )
                    else:
                        message = _("Your password has expired. Log in on the website and choose a new password.")
                    return JsonResponse({"detail": message}, status=403)
                return redirect("password_change")
        return self.get_response(request)
