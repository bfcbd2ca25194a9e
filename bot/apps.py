from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BotConfig(AppConfig):
    name = "bot"
    verbose_name = _("Telegram bot")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from portal.services import notification_created
        from questions.models import Question

        from . import outbox, services

        notification_created.connect(outbox.notification_taken, dispatch_uid="bot-telegram")
        # A question asked in the bot gets its answer there, in the transaction
        # that stored the answer (queued once; sent after it commits).
        post_save.connect(services.question_saved, sender=Question, dispatch_uid="bot-answers")
