"""Connections of the registry's pages to their networks, and what they brought in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

import networks
from branches.models import SocialPage
from networks.errors import describe
from portal import freshness

P = SocialPage.Platform
# The platforms a network's API measures (those with a network in the
# registry); every other page is measured by hand.
CONNECTABLE = tuple(networks.REGISTRY)
# Platforms whose connection needs a token (a website's feed is public).
WITH_TOKEN = tuple(code for code, network in networks.REGISTRY.items() if network.needs_token)


def said(code: str, params: dict) -> str:
    """A connection's stored error, and what follows for the page."""
    sentence = describe(code, params)
    if code == "rate_limited":  # a wait, not a fault
        sentence += " " + gettext(
            "The page will be measured at the next collection; the connection is fine."
        )
    return sentence


class Connection(models.Model):
    """A page of the registry connected to its network; at most one per page.

    The token is stored only encrypted (`channels.crypto`) and is never shown
    again: the pages show its last four characters.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", pgettext_lazy("connection", "being checked")
        WORKING = "working", pgettext_lazy("connection", "working")
        EXPIRED = "expired", pgettext_lazy("connection", "expired")
        REFUSED = "refused", pgettext_lazy("connection", "refused")
        FAILING = "failing", pgettext_lazy("connection", "failing")
        # The network limits the portal's requests for now: measured at the next
        # collection; not a fault of the connection.
        WAITING = "waiting", pgettext_lazy("connection", "waiting for the network's limit")

    page = models.OneToOneField(
        SocialPage, on_delete=models.CASCADE, related_name="connection", verbose_name=_("page")
    )
    account = models.CharField(
        _("account"),
        max_length=500,
        help_text=_("The page's id, the Instagram user name, the @channel or the feed's address."),
    )
    external_id = models.CharField(_("id on the network"), max_length=64, blank=True)
    external_name = models.CharField(_("name on the network"), max_length=255, blank=True)
    bot_id = models.CharField(_("bot"), max_length=32, blank=True)
    secret = models.TextField(_("encrypted token"), blank=True, editable=False)
    secret_tail = models.CharField(_("token ends with"), max_length=4, blank=True)
    # Raised on every new token: "told once" is once per token.
    generation = models.PositiveIntegerField(default=1, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CHECKING
    )
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    error_code = models.CharField(_("last error"), max_length=32, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    collection_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    telegram_offset = models.BigIntegerField(default=0, editable=False)
    webhook = models.BooleanField(_("webhook set"), default=False)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("connected by"),
    )
    connected_at = models.DateTimeField(_("connected"), auto_now_add=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "page__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["page"]
        verbose_name = _("connection")
        verbose_name_plural = _("connections")

    def __str__(self) -> str:
        return f"{self.page} · {self.get_status_display()}"

    def __repr__(self) -> str:  # never the token, not even encrypted
        return f"<Connection {self.pk} {self.page_id} {self.status}>"

    def get_absolute_url(self) -> str:
        return reverse("channels:page_connection", args=[self.page_id])

    @property
    def platform(self) -> str:
        return self.page.platform

    @property
    def last_error(self) -> str:
        return said(self.error_code, self.error_params) if self.error_code else ""


class ChannelPost(models.Model):
    """A post of a Telegram channel as the bot received it."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="posts")
    message_id = models.BigIntegerField()
    posted_at = models.DateTimeField()
    forwarded = models.BooleanField(default=False)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "connection__page__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "message_id"], name="channelpost_once"),
        ]

    def __str__(self) -> str:
        return f"{self.connection_id}:{self.message_id}"


class FeedEntry(models.Model):
    """A material of a website as its feed listed it (feeds hold only the latest)."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=64)
    published_at = models.DateTimeField()
    title = models.CharField(max_length=255, blank=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "connection__page__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "key"], name="feedentry_once"),
        ]

    def __str__(self) -> str:
        return self.title or self.key


class FacebookGrant(models.Model):
    """A Facebook Login in progress: the code Facebook gave, then the pages it opens.

    The code and the pages' tokens are stored only encrypted, and only until
    the press secretary picks a page (or for `GRANT_MINUTES`); the page's
    choice lists names and ids, never tokens.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("facebook login", "waiting for Facebook")
        READY = "ready", pgettext_lazy("facebook login", "ready")
        FAILED = "failed", pgettext_lazy("facebook login", "failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(SocialPage, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    secret = models.TextField(blank=True, editable=False)  # the code, then {id: token}
    choices = models.JSONField(default=list, blank=True)  # [{"id": …, "name": …}]
    error_code = models.CharField(max_length=32, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "page__region"
    objects = freshness.RegionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.page_id} · {self.get_status_display()}"

    def __repr__(self) -> str:
        return f"<FacebookGrant {self.pk} {self.status}>"

    @property
    def error(self) -> str:
        return describe(self.error_code, self.error_params) if self.error_code else ""
