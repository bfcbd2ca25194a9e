"""The union's Telegram bot: who writes to it, what it has seen, what it gathers.

A `TelegramLink` is one Telegram user the bot has talked to: their chat, the
language the bot answers them in and, once they linked with a one-time
`LinkCode` from their profile, the portal user they are. A `ProcessedUpdate`
is an update handled (Telegram may deliver one twice: by a retried webhook,
or a poll whose confirmation was lost); its unique id makes the second time
do nothing. A `Draft` is a chair's material being gathered from messages
before it is sent into the usual review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    RU = "ru", "Русский"
    KK = "kk", "Қазақша"


class NotifyBy(models.TextChoices):
    EMAIL = "email", _("e-mail")
    TELEGRAM = "telegram", "Telegram"
    BOTH = "both", _("e-mail and Telegram")


class TelegramLink(models.Model):
    telegram_id = models.BigIntegerField(_("Telegram user id"), unique=True)
    chat_id = models.BigIntegerField(_("chat id"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="telegram_link",
    )
    # False once the person blocked the bot or unlinked: nothing is sent then.
    active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.RU
    )
    linked_at = models.DateTimeField(_("linked at"), null=True, blank=True)
    notify_by = models.CharField(
        _("notifications by"), max_length=8, choices=NotifyBy.choices, default=NotifyBy.BOTH
    )
    # A member's region, chosen in the bot for /ask and /surveys (a linked
    # person's comes from their account).
    region = models.ForeignKey(
        "portal.Region",
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set by /ask once the topic is chosen: their next text is the question.
    ask_topic = models.CharField(max_length=16, blank=True)
    ask_started_at = models.DateTimeField(null=True, blank=True)

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        verbose_name = _("Telegram link")
        verbose_name_plural = _("Telegram links")

    def __str__(self) -> str:
        return f"{self.telegram_id} → {self.user or '—'}"


class LinkCode(models.Model):
    """A one-time code of the deep link t.me/<bot>?start=<code>, valid 15 minutes."""

    code = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram_codes"
    )
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"code of {self.user}"

    # No cached page shows these rows (portal.freshness).
    region_path = None


class ProcessedUpdate(models.Model):
    update_id = models.BigIntegerField(unique=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.update_id)

    # No cached page shows these rows (portal.freshness).
    region_path = None


class Draft(models.Model):
    """What a chair sent the bot since the last material: texts and photos."""

    link = models.OneToOneField(TelegramLink, on_delete=models.CASCADE, related_name="draft")
    media_group_id = models.CharField(max_length=64, blank=True)
    # Message texts and captions, in the order they came.
    messages = models.JSONField(default=list)
    # Telegram file ids of the photos (the largest size of each), in order.
    photos = models.JSONField(default=list)
    # The bot's summary message, edited as more comes in.
    summary_message_id = models.BigIntegerField(null=True, blank=True)
    # «Изменить» pressed: the next text replaces the texts gathered.
    editing = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"draft of {self.link}"

    # No cached page shows these rows (portal.freshness).
    region_path = None


class TelegramMessage(models.Model):
    """A message the portal owes someone in the bot: the outbox's Telegram side.

    Stored in the transaction of the change that owes it, sent once per `key`
    after it commits (and by the every-minute sweep, when the broker was
    down), tried again with a growing pause; a person who blocked the bot gets
    the notification by e-mail instead.
    """

    key = models.CharField(max_length=200, unique=True)
    link = models.ForeignKey(TelegramLink, on_delete=models.CASCADE, related_name="messages")
    notification = models.ForeignKey(
        "portal.Notification", on_delete=models.SET_NULL, null=True, blank=True
    )
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_try_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        indexes = [
            models.Index(fields=["sent_at", "failed_at", "next_try_at"], name="telegram_due")
        ]

    def __str__(self) -> str:
        return self.key


class TelegramQuestion(models.Model):
    """A question asked in the bot: its answer goes back to that chat.

    Deleted once the answer is queued, so the bot keeps no tie between a
    Telegram user and a question longer than it needs."""

    question = models.OneToOneField(
        "questions.Question", on_delete=models.CASCADE, related_name="telegram"
    )
    link = models.ForeignKey(TelegramLink, on_delete=models.CASCADE, related_name="questions")

    def __str__(self) -> str:
        return f"question {self.question_id} → {self.link_id}"

    # No cached page shows these rows (portal.freshness).
    region_path = None
