"""Connections of the registry's pages to their networks, and what they brought in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
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
    # Reach (issue 30): what kept the last collection from measuring the posts'
    # reach in full (a permission the token lacks, a private channel), as a
    # code of `networks.errors`; empty when it measured all.
    reach_error = models.CharField(_("reach not measured"), max_length=32, blank=True)
    reach_params = models.JSONField(default=dict, blank=True)
    reach_measured_at = models.DateTimeField(_("reach measured"), null=True, blank=True)
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

    @property
    def reach_problem(self) -> str:
        return describe(self.reach_error, self.reach_params) if self.reach_error else ""


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


# --- Reach (issue 30) ---------------------------------------------------------------


class Source(models.TextChoices):
    API = "api", pgettext_lazy("reach source", "the network's API")
    PUBLIC_PAGE = "public_page", pgettext_lazy("reach source", "the channel's public page")


class NetworkPost(models.Model):
    """A post of a connected page as its network lists it, whoever posted it.

    It is ours when a publication of the portal has its id on the network
    (`publishing.Publication.network_id` on the same connection: found by that
    id, since `channels` stands below `publishing`), otherwise the page's own
    post or, where the network says so, a repost.
    """

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="network_posts"
    )
    network_id = models.CharField(_("id on the network"), max_length=128)
    posted_at = models.DateTimeField(_("posted"))
    repost = models.BooleanField(_("repost"), default=False)
    seen_at = models.DateTimeField(_("first seen"), default=timezone.now)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "connection__page__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at"]
        verbose_name = _("post on the network")
        verbose_name_plural = _("posts on the network")
        constraints = [
            models.UniqueConstraint(fields=["connection", "network_id"], name="networkpost_once"),
        ]
        indexes = [models.Index(fields=["connection", "posted_at"], name="networkpost_by_time")]

    def __str__(self) -> str:
        return f"{self.connection_id}:{self.network_id}"


class PostMeasurement(models.Model):
    """A post's figures at one moment: on its first day, then about 1, 7 and 28
    days after it went out.

    One row a post and age, written once and never changed; a figure the
    network did not give is NULL, never 0 (unknown is not nothing).
    """

    class Age(models.IntegerChoices):
        FIRST_DAY = 0, pgettext_lazy("reach age", "on its first day")
        DAY = 1, pgettext_lazy("reach age", "after a day")
        WEEK = 7, pgettext_lazy("reach age", "after a week")
        MONTH = 28, pgettext_lazy("reach age", "after four weeks")

    post = models.ForeignKey(NetworkPost, on_delete=models.CASCADE, related_name="measurements")
    age = models.PositiveSmallIntegerField(_("age, days"), choices=Age.choices)
    measured_at = models.DateTimeField(_("measured"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    # Why the figures are missing, when the network said (`networks.measurement.Note`).
    note = models.CharField(max_length=16, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)
    reactions = models.PositiveIntegerField(_("reactions"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("comments"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("shares"), null=True, blank=True)
    saved = models.PositiveIntegerField(_("saved"), null=True, blank=True)
    interactions = models.PositiveIntegerField(_("interactions"), null=True, blank=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "post__connection__page__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["post", "age"]
        verbose_name = _("post measurement")
        verbose_name_plural = _("post measurements")
        constraints = [
            models.UniqueConstraint(fields=["post", "age"], name="postmeasurement_once_per_age"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}@{self.age}d"


class PageDay(models.Model):
    """A connected page's figures of one day (UTC, as the networks count), once."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))
    measured_at = models.DateTimeField(_("measured"))
    follows = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "connection__page__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["connection", "-day"]
        verbose_name = _("page's day")
        verbose_name_plural = _("pages' days")
        constraints = [
            models.UniqueConstraint(fields=["connection", "day"], name="pageday_once"),
        ]

    def __str__(self) -> str:
        return f"{self.connection_id}:{self.day}"
