from django.contrib import admin

from .models import Alert


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "child", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "child"]
