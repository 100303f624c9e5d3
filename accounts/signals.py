"""Signals of the accounts app, so that the apps above it react without being named here.

- security_event(user, event, request, details): something happened to a login's factors (one of
  `SecurityEvent`), sent inside the action's transaction. The audit trail records each
  (audit/account_log.py): accounts sits below audit and cannot write audit events itself.
"""

from django.db import models
from django.dispatch import Signal

security_event = Signal()


class SecurityEvent(models.TextChoices):
    # A second factor set up: the authenticator app confirmed with a first code, recovery codes made.
    TWO_FACTOR_ENROLLED = "two_factor_enrolled"
    # New recovery codes made from a verified session; the old ones stop working.
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed"
    # A recovery code used instead of the authenticator app (a lost or forgotten phone).
    RECOVERY_CODE_USED = "recovery_code_used"
    # The user changed their own password on the change page.
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event name, not a password)


def send(user, event: SecurityEvent, request, **details) -> None:
    security_event.send(sender=type(user), user=user, event=event, request=request, details=details)
