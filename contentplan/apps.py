from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentplanConfig(AppConfig):
    name = "contentplan"
    verbose_name = _("Content plan")

    def ready(self) -> None:
        from . import figures

        figures.connect()
