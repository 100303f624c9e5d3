from django.contrib import admin

from core.versioning import VersionedAdminMixin

from .models import RiskPolicy, TierOverride


@admin.register(RiskPolicy)
class RiskPolicyAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """Rules, tiers and thresholds per jurisdiction; validated against the engine on save. A save
    from a page opened before someone else's save is refused (core.versioning)."""

    list_display = ["division", "note", "updated_at"]
    autocomplete_fields = ["division"]


@admin.register(TierOverride)
class TierOverrideAdmin(admin.ModelAdmin):
    list_display = ["child", "tier", "expires_on", "by", "ended_at"]
    raw_id_fields = ["child", "by"]
