from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandConfig(AppConfig):
    name = "brand"
    verbose_name = _("Visual style")

    def ready(self) -> None:
        from portal.navigation import NavItem, register

        from . import cards, permissions

        cards.connect()
        register(
            NavItem(
                "brand:kit",
                _("Brand kit"),
                "palette",
                permissions.keeps_a_brand_kit,
                80,
                group="library",
            )
        )
