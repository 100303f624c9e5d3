from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "division", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["division"]
