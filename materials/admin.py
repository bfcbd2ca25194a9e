from django.contrib import admin

from portal.infrastructure.admin_paging import EveryRegionAdmin

from .models import Submission, SubmissionEvent, SubmissionPhoto


class SubmissionPhotoInline(admin.TabularInline):
    """Photos are added through the portal's checked upload, never here."""

    model = SubmissionPhoto
    fk_name = "submission"
    extra = 0
    fields = ["original_name", "width", "height", "hints", "post"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    fields = ["at", "user", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(EveryRegionAdmin, admin.ModelAdmin):
    """Read-only: every change of status goes through the review services."""

    list_display = ["title", "branch", "author", "status", "sent_at", "reviewed_at"]
    list_filter = ["status", "branch__region", "branch"]
    list_select_related = ["branch", "author"]
    search_fields = ["title", "text"]
    inlines = [SubmissionPhotoInline, SubmissionEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
