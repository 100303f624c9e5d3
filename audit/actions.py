"""Writing audit events. Callers pass the request when there is one, for the IP address."""

from typing import Any

from django.http import HttpRequest

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def do_log(actor, action: str, *, child=None, details: dict[str, Any] | None = None, request=None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        child=child,
        details=details or {},
        ip_address=client_ip(request),
    )
