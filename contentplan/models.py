"""The monthly content plan: rubrics, a plan per region and month, its posts.

A region's press secretary writes the plan, a regional leader approves it,
and the plan is then followed day by day: each planned post goes from an idea
to published (or missed). Changes to an approved plan are recorded.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import colours, freshness
from portal.models import Branch, Region
from portal.translation import in_language


class Rubric(models.Model):
    """A permanent heading of the plan, with its colour and monthly minimum.

    Rubrics are global: the central committee keeps the standard list. Their
    names are data, kept in Russian with Kazakh and English beside it.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#6c757d",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1a73e8."))],
    )
    monthly_minimum = models.PositiveSmallIntegerField(
        _("monthly minimum"),
        default=0,
        help_text=_("How many posts of this rubric a month's plan needs at least."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Retired rubrics stay on old plans only.")
    )
    is_live = models.BooleanField(
        _("live streams"),
        default=False,
        help_text=_("Posts of this rubric are live streams: the calendar makes them stand out."),
    )

    # Shown in every region's cached pages (portal.freshness).
    region_path = freshness.EVERY_REGION
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (Russian when that one is not given)."""
        return in_language(self)

    @property
    def text_colour(self) -> str:
        """Black or white, whichever contrasts more with the rubric's colour
        (WCAG 2: at least 4.58:1 on any colour)."""
        return colours.readable_on(self.colour)


class Channel(models.Model):
    """Where a post goes out: the regional Facebook page, Instagram, Aitu…

    A small fixed set, created by a migration.
    """

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_kk = models.CharField(_("name in Kazakh"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    # Shown in every region's cached pages (portal.freshness).
    region_path = freshness.EVERY_REGION
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (Russian when that one is not given)."""
        return in_language(self)


class MonthlyPlan(models.Model):
    """One region's plan for one month."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ON_APPROVAL = "on_approval", _("on approval")
        APPROVED = "approved", _("approved")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="plans", verbose_name=_("region")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Optimistic locking: every save raises it; a save that brings an older
    # number is refused instead of silently overwriting someone else's.
    version = models.PositiveIntegerField(_("version"), default=0)
    shortfall_reason = models.TextField(
        _("why minimums are not met"),
        blank=True,
        help_text=_("Needed to send a plan for approval while a rubric minimum is unmet."),
    )
    return_comment = models.TextField(_("comment on return"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent for approval by"),
    )
    submitted_at = models.DateTimeField(_("sent for approval"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "region"]
        verbose_name = _("monthly plan")
        verbose_name_plural = _("monthly plans")
        constraints = [
            models.UniqueConstraint(fields=["region", "month"], name="plan_once_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.month:%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("contentplan:plan_detail", args=[self.pk])

    def calendar_url(self) -> str:
        return reverse("contentplan:calendar", args=month_args(self.month))

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Campaign(models.Model):
    """A named thread across rubrics and dates («Аттестация педагогов — 2026»,
    «Месячник охраны труда»): a region's own, with a colour and a date range.
    Its posts are those linked to it."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#0d6efd",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1a73e8."))],
    )
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="campaign_name_per_region"),
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")),
                name="campaign_ends_after_start",
                violation_error_message=_("A campaign ends on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contentplan:campaign_detail", args=[self.pk])

    @property
    def text_colour(self) -> str:
        return colours.readable_on(self.colour)


class PlannedPost(freshness.RemembersFigures, models.Model):
    """One post of a plan, on a day (and maybe at a time).

    Materials that branches submit (a later part of the content plan) will
    attach to a planned post.
    """

    class Language(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        RUSSIAN = "ru", _("Russian")
        BOTH = "both", _("Kazakh and Russian")

    class Origin(models.TextChoices):
        OWN = "own", _("own")
        REPOST = "repost", _("repost")

    class Status(models.TextChoices):
        IDEA = "idea", _("idea")
        IN_WORK = "in_work", _("in work")
        ON_REVIEW = "on_review", _("on review")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")
        MISSED = "missed", _("missed")

    class Recurrence(models.TextChoices):
        NONE = "", _("does not repeat")
        WEEKLY = "weekly", _("every week on this weekday")
        MONTHLY = "monthly", _("every month on this weekday of the same week")

    plan = models.ForeignKey(
        MonthlyPlan, on_delete=models.CASCADE, related_name="posts", verbose_name=_("plan")
    )
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="posts", verbose_name=_("rubric")
    )
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"), blank=True)
    channels = models.ManyToManyField(
        Channel, related_name="posts", verbose_name=_("channels"), blank=True
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_posts",
        verbose_name=_("responsible"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_posts",
        verbose_name=_("featured branch"),
        help_text=_("The branch whose local agenda the post covers."),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("campaign"),
    )
    language = models.CharField(
        _("language"), max_length=4, choices=Language.choices, default=Language.BOTH
    )
    origin = models.CharField(_("own or repost"), max_length=8, choices=Origin.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IDEA
    )
    published_url = models.URLField(_("published at"), max_length=500, blank=True)
    recurrence = models.CharField(
        _("repeats"),
        max_length=8,
        choices=Recurrence.choices,
        default=Recurrence.NONE,
        blank=True,
        help_text=_("Recurring posts are copied when the next month starts from this one."),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "plan__region"
    # What pages that count posts read (the dashboards): a new title leaves them be.
    figure_fields = ("plan", "date", "status", "rubric", "branch", "campaign", "published_url")
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "time", "pk"]
        verbose_name = _("planned post")
        verbose_name_plural = _("planned posts")
        indexes = [
            models.Index(fields=["date", "status"], name="post_date_status"),
            # The dashboards: a region's posts of the months shown, and each
            # branch's local agenda over them.
            models.Index(fields=["plan", "date"], name="post_plan_date"),
            models.Index(fields=["branch", "date"], name="post_branch_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | ~models.Q(published_url=""),
                name="post_published_has_url",
                violation_error_message=_(
                    "A published post needs the address it was published at."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contentplan:post_detail", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


FINAL_STATUSES = (PlannedPost.Status.PUBLISHED, PlannedPost.Status.MISSED)


class PostComment(models.Model):
    post = models.ForeignKey(
        PlannedPost, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "post__plan__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:50]


class PlanChange(models.Model):
    """One entry of a plan's history: a step of its approval, or a change made
    after it was approved (who, when, what).

    What happened is kept as an event: a code and its facts (titles, days as
    ISO dates, status codes, names in every language), and worded when the
    history is read, in the reader's language (`contentplan.history`). Entries
    written before events existed keep their text in `summary`.
    """

    plan = models.ForeignKey(
        MonthlyPlan, on_delete=models.CASCADE, related_name="changes", verbose_name=_("plan")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
        help_text=_("Empty when the portal itself made the change."),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    post = models.ForeignKey(
        PlannedPost,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post"),
    )
    event = models.CharField(_("event"), max_length=32, blank=True)
    params = models.JSONField(_("facts"), default=dict, blank=True)
    summary = models.TextField(_("what"), blank=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "plan__region"
    # What pages that count posts read (the dashboards): a new title leaves them be.
    figure_fields = ("plan", "date", "status", "rubric", "branch", "campaign", "published_url")
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change of a plan")
        verbose_name_plural = _("changes of plans")

    def __str__(self) -> str:
        return (self.summary or self.event)[:80]


class CalendarPreference(models.Model):
    """The calendar view and filters a user last chose: the plan opens there again."""

    class View(models.TextChoices):
        MONTH = "month", _("month")
        WEEK = "week", _("week")
        DAY = "day", _("day")
        LIST = "list", _("list")
        QUEUE = "queue", _("queue")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_preference",
        verbose_name=_("user"),
    )
    view = models.CharField(_("view"), max_length=8, choices=View.choices, default=View.MONTH)
    # The filters as a query string, rebuilt from validated values only.
    query = models.CharField(_("filters"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        verbose_name = _("calendar preference")
        verbose_name_plural = _("calendar preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.view}"


class FeedToken(models.Model):
    """The secret in a user's private calendar (iCalendar) address.

    Rotating it revokes the old address at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


def month_args(day: datetime.date) -> list[str]:
    """URL arguments of a month: /plan/2026/03/, with the month in two digits."""
    return [f"{day:%Y}", f"{day:%m}"]


def _photo_path(instance, filename: str) -> str:
    """Where photos of materials went; kept because migration 0003 names it
    (the photos now belong to `materials`, whose own function says the same)."""
    return f"submissions/{filename}"
