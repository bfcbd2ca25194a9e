"""The library for union activists: information bulletins and collections of materials.

Every bulletin and collection belongs to a region and is either public (anyone
with the link or the QR code) or internal (the region's people and the central
committee). Files live under server-made names in ``MEDIA_ROOT/library/`` and
are only ever sent by views that check who may read them; the name the file
had on the uploader's computer is kept for the download.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import freshness
from portal.models import Region


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public: anyone with the link or the QR code")
    INTERNAL = "internal", _("internal: logged-in users of the region and the central committee")


class Topic(models.TextChoices):
    """Directions of union work, as the report names them."""

    SOCIAL_PARTNERSHIP = "social_partnership", _("social partnership")
    LABOUR_PROTECTION = "labour_protection", _("labour protection")
    LEGAL_PROTECTION = "legal_protection", _("legal protection")
    WAGES = "wages", _("pay and social guarantees")
    MEMBERSHIP = "membership", _("union membership")
    YOUTH = "youth", _("young teachers")
    HEALTH = "health", _("health and recreation")
    SPORT_CULTURE = "sport_culture", _("sport and culture")
    DYNASTIES = "dynasties", _("teaching dynasties")
    WORKING_PROFESSIONS = "working_professions", _("working professions")
    CHARITY = "charity", _("charity")
    VETERANS = "veterans", _("union veterans")
    INFORMATION = "information", _("information work")
    OTHER = "other", _("other")


class FileKind(models.TextChoices):
    """What an uploaded file turned out to be, judged by its content."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    PPTX = "pptx", "PowerPoint (PPTX)"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    WEBP = "webp", "WebP"


# Uploads are stored under names the server makes, in this folder of MEDIA_ROOT.
UPLOAD_FOLDER = "library"


class Bulletin(models.Model):
    """An information bulletin on one direction of union work."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="bulletins", verbose_name=_("region")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    issued_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)
    visibility = models.CharField(
        _("who may read it"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    file = models.FileField(_("file"), upload_to=UPLOAD_FOLDER, max_length=255)
    file_name = models.CharField(_("original file name"), max_length=255)
    file_kind = models.CharField(_("file type"), max_length=8, choices=FileKind.choices)
    file_size = models.PositiveIntegerField(_("file size"))
    cover = models.FileField(_("cover"), upload_to=UPLOAD_FOLDER, max_length=255, blank=True)
    cover_kind = models.CharField(
        _("cover type"), max_length=8, choices=FileKind.choices, blank=True
    )
    scans = models.PositiveIntegerField(_("QR code scans"), default=0, editable=False)
    downloads = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Generated, not taken from a report.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["region", "-issued_on", "-number"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="bulletin_unique_number"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("bulletins:bulletin_detail", args=[self.pk])

    @property
    def file_url(self) -> str:
        return reverse("bulletins:bulletin_file", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class Collection(models.Model):
    """A folder of materials in sections, such as «В помощь профактиву»."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="collections", verbose_name=_("region")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("who may read it"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    scans = models.PositiveIntegerField(_("QR code scans"), default=0, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["region", "title"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="collection_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bulletins:collection_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class Section(models.Model):
    """A part of a collection: methodological materials, instructions…"""

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="sections", verbose_name=_("collection")
    )
    title = models.CharField(_("title"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "collection__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["collection", "position", "title"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["collection", "title"], name="section_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    """One material of a section: an uploaded file or a link."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="items", verbose_name=_("section")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=UPLOAD_FOLDER, max_length=255, blank=True)
    file_name = models.CharField(_("original file name"), max_length=255, blank=True)
    file_kind = models.CharField(_("file type"), max_length=8, choices=FileKind.choices, blank=True)
    file_size = models.PositiveIntegerField(_("file size"), null=True, blank=True)
    visibility = models.CharField(
        _("who may read it"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    downloads = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "section__collection__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["section", "position", "title"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            # A material is a file or a link, never both and never neither.
            models.CheckConstraint(
                name="item_file_or_link",
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                violation_error_message=_("A material is either a file or a link."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return not self.file

    @property
    def file_url(self) -> str:
        """The material's download (or, for a link, redirecting) address."""
        return reverse("bulletins:item_file", args=[self.pk])
