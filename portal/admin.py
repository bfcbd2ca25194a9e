from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .infrastructure.admin_paging import EveryRegionAdmin
from .models import Branch, OutboxEmail, PrimaryOrganisation, Region, User


def file_link(field: str, url_name: str, description):
    """A read-only admin field linking a stored file to the portal's own view of
    it (scoped, with the right name and type), never to /media/, which the
    portal does not serve. Exclude `field` itself from the admin's form."""

    @admin.display(description=description)
    def show(model_admin, obj):
        value = getattr(obj, field)
        if obj.pk is None or not value:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse(url_name, args=[obj.pk]), value.name.rsplit("/", 1)[-1]
        )

    return show


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "is_demo"]
    search_fields = ["name", "short_name"]


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind", "is_demo"]
    list_filter = ["region", "kind", "is_demo"]
    list_select_related = ["region"]
    search_fields = ["name"]


@admin.register(PrimaryOrganisation)
class PrimaryOrganisationAdmin(EveryRegionAdmin, admin.ModelAdmin):
    list_display = ["name", "branch", "kind", "members", "is_demo"]
    list_filter = ["kind", "is_demo", "branch__region", "branch"]
    list_select_related = ["branch"]
    search_fields = ["name", "branch__name"]
    autocomplete_fields = ["branch"]
    # By the branch's id, not its region's and its own name (the model's
    # order through the relation): the index on (branch, sort_key) gives a page
    # at once instead of every region's organisations sorted.
    ordering = ["branch_id", "sort_key", "pk"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "get_full_name",
        "role",
        "region",
        "branch",
        "is_leader",
        "is_active",
    ]
    list_filter = ["role", "region", "is_active", "is_superuser"]
    list_select_related = ["region", "branch"]
    autocomplete_fields = ["region", "branch"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "region", "branch", "is_leader", "position")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "region", "branch", "is_leader", "position")}),
    )


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """What the portal owes by e-mail and what the mail server said; read-only:
    letters are written by the services and sent by the outbox."""

    list_display = ["created_at", "to", "subject", "attempts", "sent_at", "failed_at"]
    list_filter = [
        ("sent_at", admin.EmptyFieldListFilter),
        ("failed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["to", "subject"]
    fields = [
        "key",
        "to",
        "subject",
        "created_at",
        "attempts",
        "next_try_at",
        "sent_at",
        "failed_at",
        "last_error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
