from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from accounts.signals import security_event


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # Apps register the actions they log in their own audit_actions.py (see audit.registry).
        autodiscover_modules("audit_actions")

        # Models can be imported only once the app registry is ready.
        from django.contrib.admin.models import LogEntry

        from .account_log import on_security_event  # models only once apps are ready
        from .admin_log import on_log_entry_saved  # models only once apps are ready
        from .admin_reads import audit_admin_reads  # the admin site's registry is filled by now
        from .chain import retention_days  # models only once apps are ready

        # Refuse to start with a retention below the legal minimum, not at the first prune.
        retention_days()
        post_save.connect(on_log_entry_saved, sender=LogEntry, dispatch_uid="audit_admin_log")
        security_event.connect(on_security_event, dispatch_uid="audit_account_log")
        audit_admin_reads()
