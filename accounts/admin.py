from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "division", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "division__name"]
    autocomplete_fields = ["division", "organisation"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Shouhu"), {"fields": ["role", "division", "organisation", "full_name", "phone"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Shouhu"), {"fields": ["role", "division", "organisation", "full_name"]}),
    ]
