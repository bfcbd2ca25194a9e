"""What goes out to the networks: a post's publication text, and one record per
post and channel of each publication (written before the network is called).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

import networks
from channels.models import Connection
from contentplan.models import Channel, PlannedPost
from networks.base import Operation
from networks.errors import KINDS, Kind, describe
from portal import freshness
from portal.models import Region

# The channels whose network lets the portal change and delete what it
# published. A channel's code is its network's code (`networks.publishing()`
# names those the portal publishes to), and the platform of the region's page.
EDITABLE = tuple(
    code
    for code in networks.publishing()
    if networks.get(code).supports(Operation.EDIT, Operation.DELETE)
)


def said(code: str, params: dict) -> str:
    """A publication's stored error, and what follows for it."""
    sentence = describe(code, params)
    if KINDS.get(code) in (Kind.TRANSIENT, Kind.LIMITED):
        sentence += " " + gettext("Tried again for an hour.")
    return sentence


class PublicationText(models.Model):
    """The text that goes out (the post's brief stays a brief), with a variant per
    network when one network needs other words; and which image goes with it."""

    class Image(models.TextChoices):
        AUTO = "auto", _("the post's photos, or else its card")
        CARD = "card", _("the card")
        NONE = "none", _("no image (text only)")

    post = models.OneToOneField(
        PlannedPost,
        on_delete=models.CASCADE,
        related_name="publication_text",
        verbose_name=_("post"),
    )
    text = models.TextField(_("publication text"), blank=True)
    image = models.CharField(_("image"), max_length=8, choices=Image.choices, default=Image.AUTO)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "post__plan__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication text")
        verbose_name_plural = _("publication texts")

    def __str__(self) -> str:
        return self.text[:50]

    def variant(self, channel_code: str) -> str:
        """The network's own words, or "" (read from the prefetched variants
        when the query asked for them)."""
        return next((v.body for v in self.variants.all() if v.network == channel_code), "")

    def for_network(self, channel_code: str) -> str:
        """The network's variant, or the common text."""
        variant = self.variant(channel_code) if channel_code in networks.publishing() else ""
        return (variant or self.text).strip()


class PublicationVariant(models.Model):
    """One network's own words for a post, when the common text will not do; a
    row per network (keyed by the channel's code), so a new network needs no
    new column."""

    text = models.ForeignKey(PublicationText, on_delete=models.CASCADE, related_name="variants")
    # The network's code, which is its channel's (`networks.publishing()`).
    network = models.CharField(_("network"), max_length=16)
    body = models.TextField(_("text"))

    # The region whose cached pages show this row (portal.freshness).
    region_path = "text__post__plan__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("network's own text")
        verbose_name_plural = _("networks' own texts")
        constraints = [
            models.UniqueConstraint(
                fields=["text", "network"], name="publication_variant_once_per_network"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.body[:50]}"


class Publication(models.Model):
    """One post on one network: claimed (sending) and committed before the call,
    then sent (the network's id and address) or failed; the unique pair of post
    and channel is what keeps two workers from both posting."""

    class State(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("publication", "waiting")
        SENDING = "sending", pgettext_lazy("publication", "sending")
        SENT = "sent", pgettext_lazy("publication", "published")
        FAILED = "failed", pgettext_lazy("publication", "failed")
        UNKNOWN = "unknown", pgettext_lazy("publication", "unknown")
        DELETED = "deleted", pgettext_lazy("publication", "deleted from the network")
        # Asked to be deleted from the network: the call is made (and retried) by a task.
        DELETING = "deleting", pgettext_lazy("publication", "being deleted from the network")
        # The network refused to delete it (or never answered for an hour).
        KEPT = "kept", pgettext_lazy("publication", "not deleted from the network")

    class Edit(models.TextChoices):
        """The text on the network, after the publication text changed."""

        NONE = "", pgettext_lazy("publication edit", "as saved")
        WAITING = "waiting", pgettext_lazy("publication edit", "to be updated")
        EDITING = "editing", pgettext_lazy("publication edit", "being updated")
        FAILED = "failed", pgettext_lazy("publication edit", "not updated")
        # Instagram: the caption cannot be changed through the API.
        MANUAL = "manual", pgettext_lazy("publication edit", "to be changed by hand")

    # A post deleted from the plan while its copy is deleted from the network:
    # the publication lives on without it (region and title kept) until done.
    post = models.ForeignKey(
        PlannedPost,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("post"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="+", verbose_name=_("channel")
    )
    connection = models.ForeignKey(
        Connection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("connected page"),
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.WAITING)
    network_id = models.CharField(_("id on the network"), max_length=128, blank=True)
    permalink = models.URLField(_("address on the network"), max_length=500, blank=True)
    # A Telegram album: the numbers of its other messages, deleted with the first.
    album = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Raised by «Повторить»: the press secretary is told once per round.
    round = models.PositiveSmallIntegerField(default=1)
    error_code = models.CharField(_("last error"), max_length=32, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    # An answer that did not come (time-out, 5xx): look for the post before
    # sending it again.
    check_first = models.BooleanField(default=False)
    container_id = models.CharField(max_length=64, blank=True)  # Instagram's media container
    by_hand = models.BooleanField(_("confirmed by hand"), default=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    first_tried_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("published"), null=True, blank=True)
    edited_at = models.DateTimeField(_("text updated on the network"), null=True, blank=True)
    # Putting a changed text on the network (Telegram, Facebook): `edit_wanted`
    # counts the saves of a changed text, so an edit that took an older text
    # does not clear the mark of a newer one.
    edit_state = models.CharField(max_length=8, choices=Edit.choices, default="", blank=True)
    edit_wanted = models.PositiveIntegerField(default=0)
    edit_attempts = models.PositiveSmallIntegerField(default=0)
    edit_first_tried_at = models.DateTimeField(null=True, blank=True)
    edit_claimed_at = models.DateTimeField(null=True, blank=True)
    edit_next_at = models.DateTimeField(null=True, blank=True)
    edit_error_code = models.CharField(max_length=32, blank=True)
    edit_error_params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["post", "channel__position", "pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "channel"], name="publication_once_per_channel"
            ),
            models.UniqueConstraint(
                fields=["post", "connection"], name="publication_once_per_page"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="publication_due"),
            models.Index(fields=["edit_state", "edit_next_at"], name="publication_edit_due"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.channel_id}:{self.state}"

    @property
    def last_error(self) -> str:
        return said(self.error_code, self.error_params) if self.error_code else ""

    @property
    def edit_error(self) -> str:
        if not self.edit_error_code:
            return ""
        return said(self.edit_error_code, self.edit_error_params)

    @property
    def editable(self) -> bool:
        """Whether the network lets the portal change or delete what it published
        (Telegram and Facebook do)."""
        return (
            self.state == self.State.SENT
            and bool(self.network_id)
            and self.channel.code in EDITABLE
        )


# What the cached pages show of a publication: every field but an edit's and
# Instagram's bookkeeping, which only the post's panel (drawn on every request)
# reads; an update of those alone leaves the boards and dashboards valid.
Publication.figure_fields = tuple(
    field.name
    for field in Publication._meta.concrete_fields
    if field.name not in ("edit_wanted", "container_id")
)
