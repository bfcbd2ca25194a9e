"""The union's structure (region → branch → primary organisation) and its people.

Members are counts only: the portal keeps no personal data of union members.
"""

import re

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import freshness


class Region(models.Model):
    """A regional (local) organisation of the union."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=100)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Generated, not taken from a report.")
    )
    info_officer = models.CharField(
        _("who does the information work"),
        max_length=500,
        blank=True,
        help_text=_("Name and position, as the report should name them."),
    )
    has_press_staff = models.BooleanField(
        _("has a dedicated press officer"),
        default=False,
        help_text=_("A staff position only for information work or a press secretary."),
    )

    # The region whose cached pages show this row (portal.freshness).
    region_path = "pk"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("portal:region_detail", args=[self.pk])


class Branch(models.Model):
    """A city or district branch (филиал) of a regional organisation."""

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        DISTRICT = "district", _("district")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="branches", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Kept by `portal.totals` whenever an organisation of the branch changes,
    # so that no page counts every organisation of a region to show its totals.
    organisations_total = models.PositiveIntegerField(
        _("primary organisations"), default=0, editable=False
    )
    members_total = models.PositiveIntegerField(_("members"), default=0, editable=False)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="branch_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:branch_detail", args=[self.pk])


SORT_KEY_LENGTH = 400


def natural_sort_key(name: str) -> str:
    """A text that sorts as people count: «Школа № 2» before «Школа № 10».

    Case is ignored and every run of digits is padded to ten places, so the
    database sorts the key as plain text (any collation orders digits alike).
    """
    text = " ".join(name.split()).casefold()
    return re.sub(r"\d+", lambda digits: digits.group().zfill(10), text)[:SORT_KEY_LENGTH]


class OrganisationQuerySet(freshness.RegionQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create calls no save(): the sort key is filled here too.
        objs = list(objs)
        for organisation in objs:
            organisation.sort_key = natural_sort_key(organisation.name)
        return super().bulk_create(objs, *args, **kwargs)


class PrimaryOrganisation(models.Model):
    """A primary union organisation: a school, a kindergarten, a college…"""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("school")
        KINDERGARTEN = "kindergarten", _("kindergarten")
        COLLEGE = "college", _("college")
        UNIVERSITY = "university", _("university")
        OTHER = "other", _("other")

    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("branch"),
    )
    name = models.CharField(_("name"), max_length=255)
    # The name in natural order (natural_sort_key), kept on every save.
    sort_key = models.CharField(max_length=SORT_KEY_LENGTH, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    members = models.PositiveIntegerField(_("members"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = OrganisationQuerySet.as_manager()

    # The region whose cached pages show this row (portal.freshness).
    region_path = "branch__region"

    class Meta:
        ordering = ["branch", "sort_key"]
        verbose_name = _("primary organisation")
        verbose_name_plural = _("primary organisations")
        # Totals of members per branch and region read this index, not the rows.
        indexes = [
            models.Index(fields=["branch", "members"], name="organisation_branch_members"),
            models.Index(fields=["branch", "sort_key"], name="organisation_branch_sort"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = natural_sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:organisation_detail", args=[self.pk])


class UserManager(DjangoUserManager.from_queryset(freshness.RegionQuerySet)):
    """Django's manager of users, whose `update()` says which regions it touched."""


class User(AbstractUser):
    """A person who works in the portal, with one role and the scope it covers.

    `central` sees every region; `press` one region; `chair` one branch (its
    region follows from the branch). Superusers run the installation.
    """

    class Role(models.TextChoices):
        CENTRAL = "central", _("central committee")
        PRESS = "press", _("press secretary")
        CHAIR = "chair", _("branch chair")

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("region"),
        help_text=_("For a press secretary."),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chairs",
        verbose_name=_("branch"),
        help_text=_("For a branch chair."),
    )
    position = models.CharField(_("job title"), max_length=255, blank=True)
    is_leader = models.BooleanField(
        _("regional leader"),
        default=False,
        help_text=_(
            "The region's chair or deputy: approves the monthly content plan "
            "(never a plan of their own alone)."
        ),
    )
    # Set only by load_demo_users (whose password is public, in the README):
    # such an account cannot log in, nor keep a session, when DEBUG is off.
    is_demo = models.BooleanField(_("demo account"), default=False, editable=False)

    # The region whose cached pages show this row (portal.freshness); a log-in
    # (its time saved alone) changes nothing a cached page shows.
    region_path = "region"
    quiet_fields = ("last_login",)
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # The scope must match the role, so no code has to guess.
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    Q(role="central", region__isnull=True, branch__isnull=True)
                    | Q(role="press", region__isnull=False, branch__isnull=True)
                    | Q(role="chair", region__isnull=True, branch__isnull=False)
                    | Q(role="", region__isnull=True, branch__isnull=True)
                )
                & (Q(is_leader=False) | Q(role="press")),
                violation_error_message=_(
                    "A press secretary needs a region, a branch chair a branch; "
                    "the central committee and users without a role have neither. "
                    "Only a region's user can be its leader."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class PasswordResetRequest(models.Model):
    """A password-reset e-mail asked for in the last hour, counted to limit them
    (`services.password_reset_allowed`). Keyed hashes only: neither the e-mail
    address nor the client's IP address is stored."""

    email_hash = models.CharField(max_length=64)
    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        indexes = [
            models.Index(fields=["email_hash", "created_at"], name="portal_reset_email_idx"),
            models.Index(fields=["client_hash", "created_at"], name="portal_reset_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.email_hash[:8]}"


class LoginFailure(models.Model):
    """A wrong password in the last hour, whichever account it was for, counted
    per client (`services.login_failure_record`) to stop one address trying
    a few passwords on each of many accounts. A keyed hash of the client's
    address (an IPv6 /64 as one), never the address itself."""

    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        indexes = [
            models.Index(fields=["client_hash", "created_at"], name="portal_login_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.client_hash[:8]}"


class Notification(models.Model):
    """A message to one user, in the portal (the bell) and by e-mail.

    `key` says what it is about (for example ``post-due:42:2026-03-05``);
    one user gets one notification per key, so a reminder task that runs
    twice sends nothing new.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class OutboxEmail(models.Model):
    """A letter a committed change owes someone, until the mail server took it.

    Written in the same transaction as the change, delivered by `portal.infrastructure.outbox`
    (after commit, and by the sweep every minute), so an outage of Redis or of
    the mail server delays a letter but never loses it.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    notification = models.ForeignKey(
        Notification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notification"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_try_at = models.DateTimeField(_("next try"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["next_try_at"],
                name="outbox_due",
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Heartbeat(models.Model):
    """When a scheduled sweep last ran, kept in the database so that every web
    process (and /readyz, and the metrics) can tell whether the beat and a
    worker are alive. One row per name; `portal.services.heartbeat_record`."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    at = models.DateTimeField(_("last run"))

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name}: {self.at:%Y-%m-%d %H:%M}"
