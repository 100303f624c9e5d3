"""The audit actions registry: audit knows no feature, apps register the actions they log.

Audit's own generic actions are `AuditEvent.Action` (view, create, update, …), registered by
`audit/audit_actions.py`. An app that logs an action of its own declares it in its own
`<app>/audit_actions.py`, which `AuditConfig.ready()` imports for every installed app
(`autodiscover_modules("audit_actions")`, the way the admin finds `admin.py`):

    MEASURE = "measure"
    register(MEASURE, _("Growth measurement"))

and logs it with that constant. `AuditEvent.action` takes its choices from `choices()` (a
callable), so a new action needs no migration. Codes are at most 10 characters (the column).
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

MAX_LENGTH = 10

_ACTIONS: dict[str, Any] = {}


def register(code: str, label) -> str:
    """Add an action (label: a lazy translation); the same code twice is a configuration error."""
    if code in _ACTIONS:
        raise ImproperlyConfigured(f"Audit action {code!r} is registered twice.")
    if len(code) > MAX_LENGTH:
        raise ImproperlyConfigured(f"Audit action {code!r} is longer than {MAX_LENGTH} characters.")
    _ACTIONS[code] = label
    return code


def choices() -> list[tuple[str, Any]]:
    """The choices of `AuditEvent.action`, in registration order."""
    return list(_ACTIONS.items())
