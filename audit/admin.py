from django.contrib import admin

from .admin_log import audited_delete_selected
from .models import AuditEvent

# Bulk deletions in every model's admin are audited too (see audit.admin_log).
admin.site.add_action(audited_delete_selected, "delete_selected")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["created_at", "actor", "action", "child", "seq"]
    list_filter = ["action"]
    raw_id_fields = ["actor", "child"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
