from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .models import User  # models only once apps are ready

        unknown = set(settings.SHOUHU_2FA_ROLES) - set(User.Role.values)
        if unknown:
            raise ImproperlyConfigured(
                f"SHOUHU_2FA_ROLES has unknown roles {sorted(unknown)}; the roles are {User.Role.values}"
            )
