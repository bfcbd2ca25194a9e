"""The library in Django's admin: for looking things up and correcting text.

Files are uploaded, replaced and deleted only through the library's own pages,
which check them; here they are read-only, and deleting goes through the
services so that the files go too.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import file_link

from . import services
from .models import Bulletin, Collection, Item, Section

# The files link to the library's own views (see portal.admin.file_link).
FILE_FIELDS = ["file_download", "file_name", "file_kind", "file_size"]


class _DeleteThroughServices(admin.ModelAdmin):
    delete_service = None  # a services.*_delete function, keyword argument named as the model

    def delete_model(self, request, obj):
        self.delete_service(**{self.model._meta.model_name: obj})

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Bulletin)
class BulletinAdmin(_DeleteThroughServices):
    delete_service = staticmethod(services.bulletin_delete)
    list_display = [
        "number",
        "title",
        "region",
        "topic",
        "issued_on",
        "visibility",
        "scans",
        "downloads",
        "is_demo",
    ]
    list_filter = ["region", "topic", "visibility", "is_demo"]
    list_select_related = ["region"]
    search_fields = ["title", "summary"]
    exclude = ["file", "cover"]
    readonly_fields = [
        *FILE_FIELDS,
        "cover_image",
        "cover_kind",
        "scans",
        "downloads",
        "created_at",
    ]
    file_download = file_link("file", "bulletins:bulletin_file", _("file"))
    cover_image = file_link("cover", "bulletins:bulletin_cover", _("cover"))

    def has_add_permission(self, request):
        return False  # a bulletin needs a checked file: add it on the library's pages


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    can_delete = False  # deleting a section deletes its materials' files: the services do it


@admin.register(Collection)
class CollectionAdmin(_DeleteThroughServices):
    delete_service = staticmethod(services.collection_delete)
    list_display = ["title", "region", "visibility", "scans", "is_demo"]
    list_filter = ["region", "visibility", "is_demo"]
    list_select_related = ["region"]
    search_fields = ["title"]
    readonly_fields = ["scans", "created_at"]
    inlines = [SectionInline]


@admin.register(Item)
class ItemAdmin(_DeleteThroughServices):
    delete_service = staticmethod(services.item_delete)
    list_display = ["title", "section", "visibility", "file_kind", "downloads", "is_demo"]
    list_filter = ["visibility", "file_kind", "is_demo", "section__collection__region"]
    list_select_related = ["section"]
    search_fields = ["title", "description"]
    exclude = ["file"]
    readonly_fields = [*FILE_FIELDS, "downloads"]
    file_download = file_link("file", "bulletins:item_file", _("file"))

    def has_add_permission(self, request):
        return False  # a material's file must be checked: add it on the library's pages
