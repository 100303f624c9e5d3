"""Users' changes to their own login (accounts.signals.security_event), written to the audit trail.

Accounts sits below audit in the layers and cannot call do_log; like the admin's LogEntry
(audit/admin_log.py), its events are heard here and written in the same transaction. The
administrator's side (resetting a user's second factor by deleting the device, setting a
password) is a change in the Django admin, audited there.
"""

from django.utils.translation import gettext_lazy as _

from accounts.signals import SecurityEvent

from .actions import do_log
from .registry import register

AUDIT_ACTION = {
    SecurityEvent.TWO_FACTOR_ENROLLED: register("otp_enrol", _("Two-factor login set up")),
    SecurityEvent.RECOVERY_CODES_RENEWED: register("otp_codes", _("New recovery codes made")),
    SecurityEvent.RECOVERY_CODE_USED: register("otp_recov", _("Recovery code used to log in")),
    SecurityEvent.PASSWORD_CHANGED: register("pwd_change", _("Password changed")),
}


def on_security_event(sender, user, event: str, request=None, details=None, **kwargs) -> None:
    do_log(user, AUDIT_ACTION[SecurityEvent(event)], details=details, request=request)
