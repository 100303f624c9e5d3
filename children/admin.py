"""Admin for jurisdiction rules only. Child files are managed through the scoped pages, which
log every view and change; the admin would bypass the audit trail."""

from django.contrib import admin

from core.versioning import VersionedAdminMixin

from .models import EligibilityRules


@admin.register(EligibilityRules)
class EligibilityRulesAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """A save from a page opened before someone else's save is refused (core.versioning)."""

    list_display = ["division", "lbc_max_age", "lbc_absent_parent_counts", "dfu_min_months", "dfu_max_age"]
    autocomplete_fields = ["division"]
