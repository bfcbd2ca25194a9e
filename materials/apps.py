from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Materials from branches")

    def ready(self) -> None:
        from portal.navigation import NavItem, has_role, register

        register(NavItem("submissions:queue", _("Materials"), "images", has_role, 30))
