from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BotConfig(AppConfig):
    name = "bot"
    verbose_name = _("Telegram bot")

    def ready(self) -> None:
        from portal.services import notification_created

        from . import outbox

        notification_created.connect(outbox.notification_taken, dispatch_uid="bot-telegram")
