"""Audit's own generic actions, registered like any app's (see audit.registry)."""

from .models import AuditEvent
from .registry import register

for _code, _label in AuditEvent.Action.choices:
    register(_code, _label)
