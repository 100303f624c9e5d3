from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from . import two_factor


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


@login_required
def two_factor_view(request):
    """Enrol (first time) or verify a TOTP code; see accounts.two_factor."""
    user = request.user
    next_url = two_factor.safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if not two_factor.requires_two_factor(user) or user.is_verified():
        return redirect(next_url)
    device = two_factor.confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = two_factor.enrolment_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # verify_token throttles: each failure doubles the wait before the next try.
        if device.verify_token(form.cleaned_data["token"].strip()):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            # A new session key once the second factor is in: a key seen before it is worthless.
            request.session.cycle_key()
            otp_login(request, device)
            if enrolling:
                messages.success(request, _("Two-factor login is set up."))
            return redirect(next_url)
        form.add_error("token", _("This code is not valid. Check your device's clock and try the newest code."))
    context = {"form": form, "next": next_url, "enrolling": enrolling}
    if enrolling:
        context |= {"secret": two_factor.secret_base32(device), "otpauth_uri": device.config_url}
    return render(request, "registration/two_factor.html", context)
