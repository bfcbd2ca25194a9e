from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Materials from branches")

    def ready(self) -> None:
        from portal.navigation import HomePanel, NavItem, has_role, register, register_home_panel

        from .selectors import chair_latest_submissions

        register(NavItem("submissions:queue", _("Materials"), "images", has_role, 30))
        # A chair's home starts with sending a material and the last ones sent.
        register_home_panel(
            HomePanel(
                "materials",
                "chair",
                "materials/home_panel.html",
                lambda user: {"latest": chair_latest_submissions(user=user)},
                position=10,
            )
        )
