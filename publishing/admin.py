from django.contrib import admin

from .models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """To look at, not to change: publications change through the services."""

    list_display = ("post", "title", "channel", "state", "edit_state", "sent_at", "permalink")
    list_filter = ("state", "edit_state", "channel")
    search_fields = ("post__title", "title", "network_id")
    readonly_fields = [field.name for field in Publication._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
