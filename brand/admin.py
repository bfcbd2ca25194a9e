from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import file_link

from .models import BrandKit, StandardCheck, StandardItem


@admin.register(BrandKit)
class BrandKitAdmin(admin.ModelAdmin):
    # Kits are changed on their page (services: the logo is checked there).
    list_display = ["__str__", "version", "updated_at", "updated_by"]
    list_select_related = ["region", "updated_by"]
    exclude = ["logo"]
    readonly_fields = ["logo_image", "version", "updated_by"]
    logo_image = file_link("logo", "brand:kit_logo", _("logo"))


@admin.register(StandardItem)
class StandardItemAdmin(admin.ModelAdmin):
    list_display = ["text", "text_kk", "text_en", "position", "is_active"]
    list_editable = ["position", "is_active"]
    fields = ["text", "text_kk", "text_en", "position", "is_active"]


@admin.register(StandardCheck)
class StandardCheckAdmin(admin.ModelAdmin):
    list_display = ["__str__", "reviewer", "passed", "created_at"]
    list_select_related = ["post", "submission", "reviewer"]
    readonly_fields = ["post", "submission", "reviewer", "passed"]
