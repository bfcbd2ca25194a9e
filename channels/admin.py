"""The connections in the admin: read-only, and never the token.

The encrypted token is not a field of any form here (it is not editable and
not listed); only its last four characters are shown. A connection is made
on the page's «Подключение» form or with `connect_channel`, never here;
deleting one is a disconnection (`services.connection_disconnect`, which
also drops a Telegram webhook). «Проверить сейчас» queues one measurement
per selected connection, as the page's button does.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Connection


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = [
        "page",
        "account",
        "external_name",
        "token_tail",
        "status",
        "last_success_at",
        "last_error",
    ]
    list_filter = ["status", "page__platform", "page__region"]
    list_select_related = ["page__region", "page__branch"]
    search_fields = ["account", "external_name", "page__url", "page__branch__name"]
    fields = [
        "page",
        "account",
        "external_id",
        "external_name",
        "token_tail",
        "status",
        "last_success_at",
        "last_error",
        "last_error_at",
        "webhook",
        "connected_by",
        "connected_at",
    ]
    readonly_fields = fields
    actions = ["check_now"]

    @admin.display(description=_("token ends with"))
    def token_tail(self, connection: Connection) -> str:
        return f"…{connection.secret_tail}" if connection.secret_tail else "—"

    @admin.display(description=_("last error"))
    def last_error(self, connection: Connection) -> str:
        return connection.last_error or "—"

    def has_add_permission(self, request) -> bool:
        return False  # a token is given on the page's form or to connect_channel

    def delete_model(self, request, obj: Connection) -> None:
        services.connection_disconnect(connection=obj)

    def delete_queryset(self, request, queryset) -> None:
        for connection in queryset:
            services.connection_disconnect(connection=connection)

    @admin.action(description=_("Check now"))
    def check_now(self, request, queryset) -> None:
        queued = skipped = 0
        for connection in queryset.select_related("page"):
            if connection.status == Connection.Status.EXPIRED:
                skipped += 1
            elif services.request_collection(connection=connection):
                queued += 1
            else:
                skipped += 1
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d measurement is queued.",
                    "%(count)d measurements are queued.",
                    queued,
                )
                % {"count": queued},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d connection skipped: its token has expired, or a measurement "
                    "was queued less than a minute ago.",
                    "%(count)d connections skipped: their tokens have expired, or a "
                    "measurement was queued less than a minute ago.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
