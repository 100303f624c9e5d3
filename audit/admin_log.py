"""Administrators' own actions in the Django admin, written to the audit trail.

The admin records every add, change and delete as a `LogEntry`; a post_save handler on it
writes the matching AuditEvent in the same transaction, so no app's admin.py needs an edit.
One gap: the "delete selected" action logs two or more objects with `bulk_create`, which sends
no post_save. `audit.admin` replaces that action site-wide with `audited_delete_selected`, which
writes the events itself (and tells the handler to stay quiet, so nothing is logged twice).

The object's str() is not copied: it is often a child's name, and the audit trail outlives the
minimisation of a closed file. The model, the primary key and the changed fields' names are.
"""

import json
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.contrib.admin import actions
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .actions import do_log, do_log_many
from .audit_actions import ADMIN_ADD, ADMIN_CHANGE, ADMIN_DELETE

AUDIT_ACTION = {ADDITION: ADMIN_ADD, CHANGE: ADMIN_CHANGE, DELETION: ADMIN_DELETE}

_bulk_delete_in_progress: ContextVar[bool] = ContextVar("audit_bulk_delete", default=False)


def changed_fields(change_message: str) -> dict[str, Any]:
    """The field names (and inline objects touched) from a LogEntry's JSON change message."""
    try:
        messages = json.loads(change_message) if change_message.startswith("[") else []
    except ValueError:
        messages = []
    fields: list[str] = []
    inlines: list[dict[str, Any]] = []
    for message in messages:
        for op, detail in message.items():
            if "name" in detail:  # an inline row: its model's name, never its str()
                inlines.append({"op": op, "model": detail["name"], "fields": detail.get("fields", [])})
            elif op == "changed":
                fields.extend(detail.get("fields", []))
    return {"fields": fields, **({"inlines": inlines} if inlines else {})}


def on_log_entry_saved(sender, instance: LogEntry, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    if instance.action_flag == DELETION and _bulk_delete_in_progress.get():
        return
    content_type = ContentType.objects.get_for_id(instance.content_type_id)
    details = {"model": f"{content_type.app_label}.{content_type.model}", "pk": str(instance.object_id)}
    if instance.action_flag == CHANGE:
        details.update(changed_fields(instance.change_message))
    do_log(instance.user, AUDIT_ACTION[instance.action_flag], details=details)


@wraps(actions.delete_selected)
def audited_delete_selected(modeladmin, request, queryset):
    """Django's "delete selected" action, plus one audit event per object it deleted."""
    if not request.POST.get("post"):  # the confirmation page: nothing is deleted yet
        return actions.delete_selected(modeladmin, request, queryset)
    model = modeladmin.model
    pks = list(queryset.values_list("pk", flat=True))
    token = _bulk_delete_in_progress.set(True)
    try:
        with transaction.atomic():
            response = actions.delete_selected(modeladmin, request, queryset)
            left = set(model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
            label = f"{model._meta.app_label}.{model._meta.model_name}"
            gone = [pk for pk in pks if pk not in left]
            do_log_many(
                request.user, ADMIN_DELETE, [(None, {"model": label, "pk": str(pk)}) for pk in gone], request=request
            )
    finally:
        _bulk_delete_in_progress.reset(token)
    return response
