from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .session import mark_seen


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .models import User  # models only once apps are ready

        user_logged_in.connect(mark_seen, dispatch_uid="accounts.session.mark_seen")

        unknown = set(settings.SHOUHU_2FA_ROLES) - set(User.Role.values)
        if unknown:
            raise ImproperlyConfigured(
                f"SHOUHU_2FA_ROLES has unknown roles {sorted(unknown)}; the roles are {User.Role.values}"
            )
