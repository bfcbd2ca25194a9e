from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and reports")

    def ready(self) -> None:
        from portal.navigation import NavItem, register

        from . import figures, permissions

        # The stored monthly figures follow every change of posts and materials.
        figures.connect()
        register(
            NavItem(
                "dashboards:home",
                _("Dashboard"),
                "speedometer2",
                permissions.may_see_dashboards,
                50,
            )
        )
