"""The union's visual style and its page standard.

A `BrandKit` holds the colours, typeface and logo that post cards are drawn
with: one per region, kept by its press secretary, and the central
committee's default (no region) for every region without one of its own.

The page standard is a short checklist (`StandardItem`) kept by the central
committee; a reviewer answers it for a planned post or a submission, and each
set of answers is a `StandardCheck`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal import freshness
from portal.models import Region
from portal.translation import in_language

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1a73e8."))


def _colour_field(label, default: str) -> models.CharField:
    return models.CharField(label, max_length=7, default=default, validators=[colour_validator])


class BrandKit(models.Model):
    class Typeface(models.TextChoices):
        # Shipped in static/fonts/ under its free licence; it has every Kazakh letter.
        DEJAVU_SANS = "dejavu_sans", "DejaVu Sans"

    region = models.OneToOneField(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="brand_kit",
        verbose_name=_("region"),
        help_text=_("Empty for the central committee's default kit."),
    )
    primary_colour = _colour_field(_("primary colour"), "#1f5fbf")
    accent_colour = _colour_field(_("accent colour"), "#f2a900")
    text_colour = _colour_field(_("text colour"), "#ffffff")
    background_colour = _colour_field(_("background colour"), "#0b3d91")
    typeface = models.CharField(
        _("typeface"), max_length=20, choices=Typeface.choices, default=Typeface.DEJAVU_SANS
    )
    # A PNG re-encoded by the server (transparency kept); the name is ours.
    logo = models.FileField(_("logo"), upload_to="brand/logos/", max_length=200, blank=True)
    # Raised by every save: cards drawn with an older kit are drawn again.
    version = models.PositiveIntegerField(_("version"), default=1)
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
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("brand kit")
        verbose_name_plural = _("brand kits")
        constraints = [
            # NULLs are distinct in a unique index: this one makes the default single.
            models.UniqueConstraint(
                Coalesce("region", models.Value(0)), name="brandkit_one_default"
            ),
        ]

    def __str__(self) -> str:
        return str(self.region) if self.region_id else str(_("default kit"))

    @property
    def is_default(self) -> bool:
        return self.region_id is None


class StandardItem(models.Model):
    """One point of the page standard. Its text is data, kept in Russian with
    Kazakh and English beside it."""

    text = models.CharField(_("text"), max_length=300)
    text_kk = models.CharField(_("text in Kazakh"), max_length=300, blank=True)
    text_en = models.CharField(_("text in English"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Items no longer used stay on old checks only.")
    )

    # Shown in every region's cached pages (portal.freshness).
    region_path = freshness.EVERY_REGION
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        """The text in the active language (Russian when that one is not given)."""
        return in_language(self, "text")


class StandardCheck(models.Model):
    """A reviewer's answers to the standard for one post or one submission.

    `passed` is decided when the check is saved: every item in use then was
    answered yes. A later check replaces it; the history stays.
    """

    post = models.ForeignKey(
        "contentplan.PlannedPost",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standard_checks",
        verbose_name=_("planned post"),
    )
    submission = models.ForeignKey(
        "materials.Submission",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standard_checks",
        verbose_name=_("submission"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    passed = models.BooleanField(_("passed"))
    created_at = models.DateTimeField(_("checked"), auto_now_add=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = ("post__plan__region", "submission__branch__region")
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("standard check")
        verbose_name_plural = _("standard checks")
        indexes = [
            models.Index(fields=["post", "-created_at"], name="standard_check_post"),
            models.Index(fields=["submission", "-created_at"], name="standard_check_submission"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, submission__isnull=True)
                    | models.Q(post__isnull=True, submission__isnull=False)
                ),
                name="standard_check_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post or self.submission}: {self.passed}"


class StandardAnswer(models.Model):
    standard_check = models.ForeignKey(
        StandardCheck, on_delete=models.CASCADE, related_name="answers", verbose_name=_("check")
    )
    item = models.ForeignKey(
        StandardItem, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    passed = models.BooleanField(_("yes"))

    # The region whose cached pages show this row (portal.freshness).
    region_path = (
        "standard_check__post__plan__region",
        "standard_check__submission__branch__region",
    )
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["item__position", "item__pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["standard_check", "item"], name="standard_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.passed}"
