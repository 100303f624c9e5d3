"""Raising alerts: stored in each recipient's inbox, then delivered through the channels."""

from django.db import transaction
from django.utils import timezone

from .channels import deliver
from .models import Alert


def do_alert(recipients, kind: str, *, child=None, params: dict | None = None, dedupe_key: str = "") -> list[Alert]:
    """Alert each active recipient once per dedupe_key; returns the alerts actually created."""
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        if dedupe_key and Alert.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        created.append(
            Alert.objects.create(recipient=user, kind=kind, child=child, params=params or {}, dedupe_key=dedupe_key)
        )
    if created:
        transaction.on_commit(lambda: deliver(created))
    return created


def do_alert_many(rows: list[Alert]) -> int:
    """Bulk form for the nightly job: skips rows whose (recipient, dedupe_key) exists."""
    if not rows:
        return 0
    keys = {(a.recipient_id, a.dedupe_key) for a in rows}
    existing = set(
        Alert.objects.filter(recipient_id__in={k[0] for k in keys}, dedupe_key__in={k[1] for k in keys}).values_list(
            "recipient_id", "dedupe_key"
        )
    )
    fresh = [a for a in rows if (a.recipient_id, a.dedupe_key) not in existing]
    seen, unique = set(), []
    for a in fresh:
        if (a.recipient_id, a.dedupe_key) not in seen:
            seen.add((a.recipient_id, a.dedupe_key))
            unique.append(a)
    Alert.objects.bulk_create(unique, batch_size=2000, ignore_conflicts=True)
    transaction.on_commit(lambda: deliver(unique))
    return len(unique)


@transaction.atomic
def do_mark_read(user, alert_uuids: list[str] | None = None) -> int:
    qs = Alert.objects.filter(recipient=user, read_at__isnull=True)
    if alert_uuids is not None:
        qs = qs.filter(uuid__in=alert_uuids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def do_readdress(from_user, to_user) -> int:
    """Move a leaving worker's unread alerts to whoever takes over their work (workforce
    handovers; the caller checks permission and audits). An alert the successor already has
    (the same dedupe key) is marked read on the leaver's side instead. Returns how many moved."""
    unread = Alert.objects.filter(recipient=from_user, read_at__isnull=True)
    taken = set(Alert.objects.filter(recipient=to_user).exclude(dedupe_key="").values_list("dedupe_key", flat=True))
    unread.filter(dedupe_key__in=taken).update(read_at=timezone.now())
    return unread.exclude(dedupe_key__in=taken).update(recipient=to_user)
