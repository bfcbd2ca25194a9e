from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("Social pages and audits")

    def ready(self) -> None:
        from portal.navigation import NavItem, has_role, register

        register(
            NavItem(
                "branches:audit_table",
                _("Pages and audit"),
                "clipboard-data",
                has_role,
                40,
                group="organisations",
            )
        )
