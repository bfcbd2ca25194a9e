from django.contrib import admin

from portal.infrastructure.admin_paging import EveryRegionAdmin

from .models import Question, QuestionEvent

# The asker's name and contact are for the region's press service only
# (`portal.permissions.may_see_asker`), and the history's comments may repeat
# them: the admin shows neither.
PERSONAL_FIELDS = ["name", "email", "phone", "consent"]


class QuestionEventInline(admin.TabularInline):
    model = QuestionEvent
    fields = ["at", "user", "from_status", "to_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Question)
class QuestionAdmin(EveryRegionAdmin, admin.ModelAdmin):
    # The workflow runs through the queue's pages (services), not the admin.
    list_display = ["reference", "region", "topic", "status", "closure", "received_at"]
    list_filter = ["status", "topic", "region", "faq_published", "is_demo"]
    search_fields = ["reference"]
    exclude = PERSONAL_FIELDS
    readonly_fields = [
        field.name for field in Question._meta.fields if field.name not in PERSONAL_FIELDS
    ]
    inlines = [QuestionEventInline]

    def has_add_permission(self, request) -> bool:
        return False
