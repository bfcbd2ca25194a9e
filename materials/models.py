"""Materials from branches: a story with photos that a branch chair sends.

The region's press secretary reviews it; accepted material becomes (or joins)
a planned post of the content plan. The tables keep the names they had when
this code lived in `contentplan` (see migration 0001).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contentplan.models import PlannedPost, Rubric
from portal import freshness
from portal.events import StatusEvent, status_field
from portal.models import Branch


class Submission(models.Model):
    """A story with photos that a branch chair sends for the regional page.

    The region's press secretary reviews it: accepted material becomes (or
    joins) a planned post; weak material goes back with advice, or is rejected.
    Every step is a `SubmissionEvent`.
    """

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_REVIEW = "in_review", _("in review")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")
        REJECTED = "rejected", _("rejected")

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("branch")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=20000)
    event_date = models.DateField(_("event date"))
    organisation = models.ForeignKey(
        "portal.PrimaryOrganisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("primary organisation"),
    )
    rubric = models.ForeignKey(
        Rubric,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("suggested rubric"),
    )
    consent = models.BooleanField(
        _("consent to publication"),
        default=False,
        help_text=_(
            "The people in the photos (parents, for children) agreed to their publication."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    # How many times it was sent (a returned material sent again counts again).
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=1)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("first decision"), null=True, blank=True)
    post = models.ForeignKey(
        PlannedPost,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("planned post"),
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    # Made when the sending form opens: the same form sent again (a retry after
    # a dropped connection, a second click) finds this submission instead of
    # making a second one.
    key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "branch__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [
            models.Index(fields=["status", "sent_at"], name="submission_status_sent"),
            models.Index(fields=["branch", "sent_at"], name="submission_branch_sent"),
            # The statistics' median days to a decision: a region's branches'
            # materials decided in the months shown, not every region's.
            models.Index(fields=["branch", "reviewed_at"], name="submission_branch_reviewed"),
            # The admin's change list, in the model's order, a page at a time.
            models.Index(fields=["sent_at", "id"], name="submission_sent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["author", "key"], name="submission_author_key"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("submissions:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.RETURNED)


def _photo_path(instance, filename: str) -> str:
    # The server makes every stored name; `filename` is already one of ours.
    return f"submissions/{filename}"


class SubmissionPhoto(models.Model):
    """A photo of a submission, re-encoded by the server (no metadata kept),
    with its thumbnail and the quality hints computed once at upload."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="photos", verbose_name=_("submission")
    )
    post = models.ForeignKey(
        PlannedPost,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("planned post"),
    )
    image = models.FileField(_("image"), upload_to=_photo_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=_photo_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=20)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    hints = models.JSONField(_("quality hints"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "submission__branch__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.original_name or self.image.name


class SubmissionEvent(StatusEvent):
    """One step of a submission's life: who, when, from which status to which, why."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events", verbose_name=_("submission")
    )
    from_status = status_field(_("from"), Submission.Status.choices, blank=True)
    to_status = status_field(_("to"), Submission.Status.choices)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "submission__branch__region"

    class Meta(StatusEvent.Meta):
        # The dashboards count the events of the months shown.
        indexes = [models.Index(fields=["at"], name="submission_event_at")]
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
