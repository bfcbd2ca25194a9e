from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Members' surveys")

    def ready(self) -> None:
        from brand.selectors import register_photo_source
        from portal.navigation import NavItem, register

        from . import charts, permissions

        # A survey's results post shows its chart on the brand's cards.
        register_photo_source(charts.post_chart)
        register(
            NavItem("surveys:list", _("Surveys"), "ui-checks", permissions.may_see_surveys, 65)
        )
