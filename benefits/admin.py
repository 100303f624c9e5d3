"""Admin for payment standards and local allowance rules only. Applications, allowances and rolls
are managed through the scoped pages, which log every view and change."""

from django.contrib import admin

from core.versioning import VersionedAdminMixin

from .models import BenefitRules, PaymentStandard


@admin.register(PaymentStandard)
class PaymentStandardAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """A save from a page opened before someone else's save is refused (core.versioning). Months
    already on an issued roll keep the amount they were issued at."""

    list_display = ["division", "category", "effective_from", "amount", "created_at"]
    list_filter = ["category"]
    search_fields = ["division__code", "division__name"]
    autocomplete_fields = ["division"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BenefitRules)
class BenefitRulesAdmin(admin.ModelAdmin):
    list_display = ["division", "start_next_month", "pro_rata_first_month", "posting_days", "recheck_months"]
    autocomplete_fields = ["division"]
