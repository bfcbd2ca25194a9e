from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .history import describe
from .models import (
    CalendarPreference,
    Campaign,
    Channel,
    MonthlyPlan,
    PlanChange,
    PlannedPost,
    PostComment,
    Rubric,
)


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "name_kk", "name_en", "colour", "monthly_minimum", "position"]
    list_display += ["is_active", "is_live"]
    list_editable = ["colour", "monthly_minimum", "position", "is_active", "is_live"]
    search_fields = ["name", "name_kk", "name_en"]
    fields = ["name", "name_kk", "name_en", "colour", "monthly_minimum", "position"]
    fields += ["is_active", "is_live"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "name_kk", "name_en", "code", "position"]
    fields = ["code", "name", "name_kk", "name_en", "position"]


class PlanChangeInline(admin.TabularInline):
    model = PlanChange
    fields = ["at", "user", "what"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("what"))
    def what(self, change: PlanChange) -> str:
        return describe(change)


@admin.register(MonthlyPlan)
class MonthlyPlanAdmin(admin.ModelAdmin):
    # Status changes go through the plan's page (services), not the admin.
    list_display = ["region", "month", "status", "submitted_by", "approved_by", "is_demo"]
    list_filter = ["status", "region", "is_demo"]
    list_select_related = ["region", "submitted_by", "approved_by"]
    readonly_fields = [
        "status",
        "version",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "updated_by",
    ]
    inlines = [PlanChangeInline]


class PostCommentInline(admin.TabularInline):
    model = PostComment
    extra = 0


@admin.register(PlannedPost)
class PlannedPostAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "rubric", "status", "plan"]
    list_filter = ["status", "rubric", "plan__region", "campaign"]
    list_select_related = ["rubric", "plan__region"]
    search_fields = ["title"]
    readonly_fields = ["version", "status", "updated_by"]
    raw_id_fields = ["plan", "responsible", "branch", "campaign"]
    inlines = [PostCommentInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "starts", "ends", "colour"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name"]
    date_hierarchy = "starts"
    readonly_fields = ["created_by", "created_at"]


@admin.register(CalendarPreference)
class CalendarPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "view", "query", "updated_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "view", "query", "updated_at"]
