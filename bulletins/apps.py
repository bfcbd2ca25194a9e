from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "bulletins"
    verbose_name = _("Library")

    def ready(self) -> None:
        from portal.navigation import NavItem, register

        register(
            NavItem(
                "bulletins:library", _("Library"), "book", lambda user: True, 70, group="library"
            )
        )
