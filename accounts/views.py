from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from . import actions, passwords, two_factor


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Enter the 6-digit code.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}),
    )


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label=gettext_lazy("Recovery code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


def _recovery_codes_page(request, codes: list[str], next_url: str):
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@login_required
def two_factor_view(request):
    """Enrol (first time) or verify a TOTP code or a recovery code; see accounts.two_factor."""
    user = request.user
    next_url = two_factor.safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    # Users of other roles come here only to export (children.access.can_export).
    if user.is_verified():
        return redirect(next_url)
    device = two_factor.confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = two_factor.enrolment_device(user)
    using_recovery = not enrolling and "recovery_code" in request.POST
    form = TokenForm(None if using_recovery else request.POST or None)
    recovery_form = RecoveryCodeForm(request.POST if using_recovery else None)
    if using_recovery:
        if recovery_form.is_valid():
            if actions.do_verify_recovery_code(request, recovery_form.cleaned_data["recovery_code"]):
                left = two_factor.recovery_codes_left(user)
                text = ngettext(
                    "You logged in with a recovery code; it cannot be used again. %(left)s code left. "
                    "If your phone is lost, ask your administrator to reset your two-factor login.",
                    "You logged in with a recovery code; it cannot be used again. %(left)s codes left. "
                    "If your phone is lost, ask your administrator to reset your two-factor login.",
                    left,
                )
                messages.warning(request, text % {"left": left})
                return redirect(next_url)
            recovery_form.add_error("recovery_code", _("This recovery code is not valid or was used already."))
    elif request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        if enrolling and device.verify_token(token):
            codes = actions.do_confirm_enrolment(request, device)
            messages.success(request, _("Two-factor login is set up."))
            # Shown once, now: the codes are not displayed again (new ones can be made later).
            return _recovery_codes_page(request, codes, next_url)
        if not enrolling and actions.do_verify_totp(request, device, token):
            return redirect(next_url)
        form.add_error("token", _("This code is not valid. Check your device's clock and try the newest code."))
    context = {"form": form, "recovery_form": recovery_form, "next": next_url, "enrolling": enrolling}
    if enrolling:
        context |= {
            "secret": two_factor.secret_base32(device),
            "otpauth_uri": device.config_url,
            "qr_svg": two_factor.qr_svg(device.config_url, _("QR code for your authenticator app")),
        }
    return render(request, "registration/two_factor.html", context)


@login_required
def account_view(request):
    """The user's own login: password age and change, two-factor state and recovery codes."""
    user = request.user
    context = {
        "password_expires_at": passwords.password_expires_at(user),
        "two_factor_device": two_factor.confirmed_device(user),
        "two_factor_required": two_factor.requires_two_factor(user),
        "verified": user.is_verified(),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def new_recovery_codes_view(request):
    """New recovery codes, shown once. Only from a session verified with the second factor: a
    stolen password alone must not be enough to mint codes that skip the phone."""
    if not request.user.is_verified():
        raise Http404
    codes = actions.do_new_recovery_codes(request)
    messages.success(request, _("New recovery codes are ready. The old ones no longer work."))
    return _recovery_codes_page(request, codes, reverse_lazy("account"))


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = passwords.ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        # A change the user was sent to make (temporary or expired password) leads on to their
        # pages; one they chose to make leads back to their account.
        forced = passwords.must_replace_password(self.request.user)
        actions.do_change_password(self.request, form)
        messages.success(self.request, _("Your password has been changed."))
        return redirect(settings.LOGIN_REDIRECT_URL if forced else self.success_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "temporary": self.request.user.must_change_password,
            "expired": passwords.password_expired(self.request.user),
            "max_age_days": passwords.max_age_days(),
        }
