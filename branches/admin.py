from django.contrib import admin

from .models import MediaOutlet, PageAudit, PageSnapshot, Publication, SocialPage, WebsiteMaterials


class SnapshotInline(admin.TabularInline):
    model = PageSnapshot
    extra = 0
    fields = ["measured_on", "followers", "posts_30d", "own_posts", "reposts", "last_own_post"]
    ordering = ["-measured_on"]


@admin.register(SocialPage)
class SocialPageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "platform", "url", "official", "lifecycle"]
    list_filter = ["region", "platform", "lifecycle", "official"]
    list_select_related = ["region", "branch"]
    search_fields = ["url", "name", "branch__name"]
    inlines = [SnapshotInline]


@admin.register(PageAudit)
class PageAuditAdmin(admin.ModelAdmin):
    list_display = ["page", "as_of", "verdict", "recommendation", "needs_measurement"]
    list_filter = ["verdict", "recommendation", "needs_measurement", "page__region"]
    list_select_related = ["page__region", "page__branch"]
    date_hierarchy = "as_of"
    readonly_fields = ["page", "as_of", "snapshot", "verdict", "reasons", "recommendation"]


@admin.register(MediaOutlet)
class MediaOutletAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "level", "language"]
    list_filter = ["region", "level", "language"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_on"]
    list_filter = ["outlet__region", "outlet"]
    list_select_related = ["outlet"]
    date_hierarchy = "published_on"


@admin.register(WebsiteMaterials)
class WebsiteMaterialsAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "count", "months", "measured", "counted_from"]
    list_filter = ["region", "measured"]
