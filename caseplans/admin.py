from django.contrib import admin

from .models import Action, CasePlan, Goal, PlanEvent, Review


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class GoalInline(ReadOnlyInline):
    model = Goal
    fields = ["domain", "text", "status"]


class ActionInline(ReadOnlyInline):
    model = Action
    fields = ["goal", "text", "organisation", "responsible_person", "due_on", "status", "done_on"]


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ["reviewed_on", "progress", "next_review_on", "by"]


class EventInline(ReadOnlyInline):
    model = PlanEvent
    fields = ["at", "kind", "version", "by", "note"]
    readonly_fields = ["at"]


@admin.register(CasePlan)
class CasePlanAdmin(admin.ModelAdmin):
    """Read-mostly: plans change through the plan pages, which check permissions and keep the history."""

    list_display = ["child", "village_id", "status", "review_on", "version", "created_by", "approved_by"]
    list_filter = ["status"]
    search_fields = ["=village_id", "=uuid"]
    raw_id_fields = ["child", "created_by", "submitted_by", "approved_by"]
    readonly_fields = [f.name for f in CasePlan._meta.fields]
    inlines = [GoalInline, ActionInline, ReviewInline, EventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
