from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = _("Connected pages")

    def ready(self) -> None:
        from portal.navigation import NavItem, register

        from . import checks  # noqa: F401  (registers the system checks)
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
