"""Administrators' reads in the Django admin, audited like every other read (audit.reads).

Child files have no admin (children/admin.py), but records about a child do (case plans, alerts,
tier overrides, the audit trail itself). Every admin page that lists or shows such records notes
a read of the children it shows, through the same middleware as the other pages: one insert per
request. Wrapped site-wide once the admin has discovered every app's admin.py, so no app's admin
needs an edit and a new one is covered too.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext_lazy as _

from .reads import note_read, register_page

ADMIN_PAGE = register_page("admin", _("Administration pages"))


def _child_field(model) -> str | None:
    """The name of the model's foreign key to a child, if any."""
    for field in model._meta.concrete_fields:
        if (
            field.is_relation
            and field.related_model is not None
            and field.related_model._meta.label == "children.Child"
        ):
            return field.name
    return None


def _wrap(model_admin, field: str) -> None:
    attname = model_admin.model._meta.get_field(field).attname
    changelist_view, change_view = model_admin.changelist_view, model_admin.change_view

    @wraps(changelist_view)
    def audited_changelist(request, extra_context=None):
        response = changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            ids = [getattr(obj, attname) for obj in changelist.result_list]
            note_read(request, [pk for pk in ids if pk], what=ADMIN_PAGE, model=model_admin.model._meta.label)
        return response

    @wraps(change_view)
    def audited_change(request, object_id, form_url="", extra_context=None):
        response = change_view(request, object_id, form_url, extra_context)
        obj = model_admin.get_object(request, unquote(object_id))
        child_id = getattr(obj, attname, None) if obj is not None else None
        if child_id:
            note_read(request, child_id, what=ADMIN_PAGE, model=model_admin.model._meta.label, pk=str(obj.pk))
        return response

    model_admin.changelist_view, model_admin.change_view = audited_changelist, audited_change


def audit_admin_reads(site: admin.AdminSite = admin.site) -> None:
    for model, model_admin in site._registry.items():
        field = _child_field(model)
        if field is not None and not getattr(model_admin, "_reads_audited", False):
            _wrap(model_admin, field)
            model_admin._reads_audited = True
