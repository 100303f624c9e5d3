"""Names in the user's language for the third-party apps the Django admin lists.

These apps give their app names no gettext (Django derives "Axes", "Otp_Totp" from the module),
and django-otp gives its models plain English names. Django's way to rename another project's
app is a subclass of its AppConfig listed in INSTALLED_APPS (docs: "Applications", "For
application users"). django-otp's model names ("TOTP device") are set on `_meta` when the app is
ready, in plain words; migrations read `Meta.original_attrs`, so no migration of theirs changes.
The texts are in locale/ (axes' and django-tasks' own model names are gettext already and only
needed Chinese and Japanese entries).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OtpStaticAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OtpTotpAppConfig
from django_tasks_db.apps import TasksAppConfig


def _name_models(config, names: dict[str, tuple]) -> None:
    for model_name, (singular, plural) in names.items():
        meta = config.get_model(model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = singular, plural


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login lockouts")


class TasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")


class OtpTotpConfig(OtpTotpAppConfig):
    verbose_name = _("Two-factor login")

    def ready(self) -> None:
        super().ready()
        _name_models(self, {"TOTPDevice": (_("authenticator app"), _("authenticator apps"))})


class OtpStaticConfig(OtpStaticAppConfig):
    verbose_name = _("Recovery codes")

    def ready(self) -> None:
        super().ready()
        _name_models(
            self,
            {
                "StaticDevice": (_("recovery code list"), _("recovery code lists")),
                "StaticToken": (_("recovery code"), _("recovery codes")),
            },
        )
