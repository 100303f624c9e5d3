"""Writing audit events. Callers pass the request when there is one, for the IP address.

A write is one plain insert (a bulk insert for many): the hash chain is added later by the
sealer (audit.chain), so auditing costs a request no lock and no extra query.
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def do_log(actor, action: str, *, child=None, details: dict[str, Any] | None = None, request=None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=_actor(actor),
        action=action,
        child=child,
        details=details or {},
        ip_address=client_ip(request),
    )


def do_log_many(actor, action: str, items: Iterable[tuple[Any, dict[str, Any]]], *, request=None) -> int:
    """One event per (child or None, details) pair, in one bulk insert; returns how many."""
    actor, ip = _actor(actor), client_ip(request)
    events = [
        AuditEvent(actor=actor, action=action, child=child, details=details, ip_address=ip) for child, details in items
    ]
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)
