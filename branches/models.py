"""Social pages of regions and branches, their measurements and audits; media."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import freshness
from portal.models import Branch, Region

from .verdicts import Recommendation, Verdict


class SocialPage(models.Model):
    """A page of a region or of one of its branches on a social platform."""

    class Platform(models.TextChoices):
        FACEBOOK_PAGE = "facebook_page", _("Facebook page")
        FACEBOOK_GROUP = "facebook_group", _("Facebook group")
        FACEBOOK_PROFILE = "facebook_profile", _("Facebook profile")
        INSTAGRAM = "instagram", "Instagram"
        AITU = "aitu", "Aitu"
        TELEGRAM = "telegram", "Telegram"
        WEBSITE = "website", _("website")
        YOUTUBE = "youtube", "YouTube"

    class Lifecycle(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("page lifecycle", "kept")
        TO_CLOSE = "to_close", pgettext_lazy("page lifecycle", "to be closed")
        CLOSED = "closed", pgettext_lazy("page lifecycle", "closed")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="pages", verbose_name=_("region")
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pages",
        verbose_name=_("branch"),
        help_text=_("Empty for the region's own page."),
    )
    platform = models.CharField(_("platform"), max_length=32, choices=Platform.choices)
    name = models.CharField(_("name"), max_length=255, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    official = models.BooleanField(_("official"), default=True)
    lifecycle = models.CharField(
        _("under the reform"), max_length=16, choices=Lifecycle.choices, default=Lifecycle.ACTIVE
    )
    created_on = models.DateField(_("created"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["region", "branch__name", "platform"]
        verbose_name = _("social page")
        verbose_name_plural = _("social pages")
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="socialpage_unique_url"
            ),
        ]

    def __str__(self) -> str:
        owner = self.branch.name if self.branch_id else self.region.short_name
        return f"{owner} · {self.get_platform_display()}"

    def get_absolute_url(self) -> str:
        return reverse("branches:page_detail", args=[self.pk])

    def clean(self) -> None:
        if self.branch_id and self.region_id and self.branch.region_id != self.region_id:
            raise ValidationError({"branch": _("The branch belongs to another region.")})

    @property
    def owner_name(self) -> str:
        return self.branch.name if self.branch_id else self.region.short_name


class PageSnapshot(models.Model):
    """One measurement of a page on a date: by hand, from a file, from a report, or
    measured by the network's API (app `channels`); a measured one is never
    changed by hand."""

    class Source(models.TextChoices):
        API = "api", _("measured by the network")
        MANUAL = "manual", _("entered by hand")
        IMPORT = "import", _("imported from a file")
        REPORT = "report", _("from the report")
        DEMO = "demo", _("demo data")

    page = models.ForeignKey(
        SocialPage, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("page")
    )
    measured_on = models.DateField(_("measured on"))
    followers = models.PositiveIntegerField(
        _("followers or members"), null=True, blank=True, help_text=_("Empty if unknown.")
    )
    posts_30d = models.PositiveIntegerField(_("posts in the last 30 days"))
    own_posts = models.PositiveIntegerField(_("of them own posts"))
    reposts = models.PositiveIntegerField(_("of them reposts"))
    last_own_post = models.DateField(
        _("last own post"), null=True, blank=True, help_text=_("Empty if there is none.")
    )
    visual_quality = models.PositiveSmallIntegerField(
        _("visual quality"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 — weak, 5 — excellent; empty if not assessed."),
    )
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "page__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["page", "-measured_on"]
        get_latest_by = "measured_on"
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(fields=["page", "measured_on"], name="snapshot_once_a_day"),
            models.CheckConstraint(
                condition=Q(own_posts__lte=models.F("posts_30d") - models.F("reposts")),
                name="snapshot_parts_within_posts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page} · {self.measured_on}"

    def clean(self) -> None:
        # A measurement by the network is the network's word: no form edits it
        # (the collection itself writes through `services.snapshot_measured`).
        if not self.pk:
            return
        names = ["source", "measured_on", "followers", "posts_30d", "own_posts", "reposts"]
        stored = PageSnapshot.objects.filter(pk=self.pk).values(*names, "last_own_post").first()
        changed = stored and any(getattr(self, name) != value for name, value in stored.items())
        if changed and stored["source"] == self.Source.API:
            raise ValidationError(_("A measurement taken by the network cannot be edited."))

    @property
    def measured(self) -> bool:
        return self.source == self.Source.API

    @property
    def unrelated_posts(self) -> int:
        """Posts that are neither the page's own nor reposts: foreign content."""
        return self.posts_30d - self.own_posts - self.reposts


class PageAudit(models.Model):
    """The verdict on a page as of a date, computed by `branches.rules`."""

    Verdict = Verdict
    Recommendation = Recommendation

    page = models.ForeignKey(
        SocialPage, on_delete=models.CASCADE, related_name="audits", verbose_name=_("page")
    )
    as_of = models.DateField(_("as of"))
    snapshot = models.ForeignKey(
        PageSnapshot,
        on_delete=models.CASCADE,
        related_name="audits",
        verbose_name=_("measurement"),
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=32, choices=Recommendation.choices
    )
    needs_measurement = models.BooleanField(_("needs a new measurement"), default=False)
    created_at = models.DateTimeField(_("computed"), auto_now=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "page__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["page", "-as_of"]
        get_latest_by = "as_of"
        verbose_name = _("page audit")
        verbose_name_plural = _("page audits")
        constraints = [
            models.UniqueConstraint(fields=["page", "as_of"], name="audit_once_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.page} · {self.as_of}: {self.get_verdict_display()}"

    @property
    def reason_texts(self) -> list[str]:
        from .rules import describe

        return [describe(reason) for reason in self.reasons]


class MediaOutlet(models.Model):
    """A newspaper, magazine or site that publishes the union's materials."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("district")
        REGIONAL = "regional", _("regional")
        NATIONAL = "national", _("national")

    class Language(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        RUSSIAN = "ru", _("Russian")
        BOTH = "both", _("Kazakh and Russian")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="media_outlets", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("media outlet")
        verbose_name_plural = _("media outlets")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="outlet_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    """A material of the union published in a media outlet."""

    outlet = models.ForeignKey(
        MediaOutlet,
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name=_("media outlet"),
    )
    published_on = models.DateField(_("published on"))
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("address"), max_length=500, blank=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "outlet__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return self.title


class WebsiteMaterials(models.Model):
    """How many materials of the region the union's website carried in a year."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="website_materials", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("materials"))
    months = models.PositiveSmallIntegerField(
        _("months counted"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("12 for a whole year; fewer while the year is not over."),
    )
    # Counted by the portal from the site's RSS/Atom feed (app `channels`), not
    # typed in; `counted_from` is the first day the feed covers when that is
    # after the year's start (a feed lists only its latest materials).
    measured = models.BooleanField(_("counted from the site's feed"), default=False)
    counted_from = models.DateField(_("counted from"), null=True, blank=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["region", "year"]
        verbose_name = _("website materials")
        verbose_name_plural = _("website materials")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="website_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.year}: {self.count}"
