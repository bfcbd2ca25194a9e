from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentplanConfig(AppConfig):
    name = "contentplan"
    verbose_name = _("Content plan")

    def ready(self) -> None:
        from portal.navigation import NavItem, has_role, register

        register(NavItem("contentplan:current", _("Content plan"), "calendar3", has_role, 20))
