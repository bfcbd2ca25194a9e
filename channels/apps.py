from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = _("Connected pages")

    def ready(self) -> None:
        from portal.infrastructure import metrics as portal_metrics
        from portal.navigation import NavItem, register

        from . import checks, metrics  # noqa: F401  (checks registers the system checks)
        from .permissions import may_see_connections

        register(
            NavItem(
                "channels:connection_list",
                _("Connections"),
                "plug",
                may_see_connections,
                45,
                group="organisations",
            )
        )
        portal_metrics.register(
            portal_metrics.Gauge(
                "profinfo_connections",
                "Connections of pages to their networks, by status.",
                metrics.by_status,
                label="status",
            )
        )
        portal_metrics.register(
            portal_metrics.Gauge(
                "profinfo_connections_oldest_success_age_seconds",
                "Seconds since the stalest connection last collected successfully.",
                metrics.oldest_success_age,
            )
        )
