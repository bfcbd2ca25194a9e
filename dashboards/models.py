"""What only the roof keeps: the stored monthly figures and the report jobs.

Both tables keep the names they had before the dashboards became an app of
their own (see migration 0001), so an upgrade moves no row and no file.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import freshness
from portal.models import Region


class ReportJob(models.Model):
    """One run of «Справка об организации информационной работы» for a region and a period.

    A Celery task writes the report and moves the job from queued to done
    (or failed), raising `progress` as it goes, so the browser can show it.
    The DOCX file lives under ``MEDIA_ROOT/reports/`` and is only sent by a
    view that checks the user's scope; `content` keeps the report's text
    blocks for the printable page.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    # None: the whole union's report (the monthly one, for the central committee).
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("region"),
        null=True,
        blank=True,
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    content = models.JSONField(_("report text"), null=True, blank=True, editable=False)
    file = models.FileField(_("file"), upload_to="reports", max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The sweep (`dashboards.jobs`) re-queues a job nobody took or whose
    # worker went silent, and gives up after `jobs.MAX_ATTEMPTS` starts.
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The monthly «Справка» the beat requests (`dashboards.monthly`) carries
    # «monthly:<YYYY-MM>:region:<id>»: unique, so however often the request
    # runs (a second beat, a rerun, a retried task, two at once) a region's
    # month has one job, and its recipients hear of it once. Jobs people
    # request have none (NULLs never collide).
    monthly_key = models.CharField(
        _("monthly report key"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="reportjob_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region or _('the whole union')} · {self.period_start}–{self.period_end}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class MonthFigure(models.Model):
    """A region's stored figures for one month, by rubric, channel or branch.

    The dashboards read these rows instead of every post and review event of
    the months they show, so a page costs the same with ten times the history.
    `dashboards.figures` rebuilds a region's month from its posts and
    submissions after every change that commits (and nightly, as a safety net).
    """

    class Kind(models.TextChoices):
        RUBRIC = "rubric", _("rubric")
        CHANNEL = "channel", _("channel")
        BRANCH = "branch", _("branch")
        DAY = "day", _("day")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # The rubric's, channel's or branch's id, or the day of the month.
    key = models.PositiveIntegerField(_("key"))
    # Posts of the month (all of them, published, missed): of the rubric, on
    # the channel (published only), featuring the branch, or of the day.
    posts = models.PositiveIntegerField(default=0)
    published = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    # A branch's materials: sent and decided this month.
    submitted = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # Days from sending to the first decision of each material first decided
    # this month, so that medians over any run of months stay exact.
    review_days = models.JSONField(default=list, blank=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "kind", "key"], name="month_figure_unique"
            )
        ]
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} {self.kind} {self.key}"


class DemoPart(models.Model):
    """One finished part of `load_demo`: a demo region, or the report region's
    year of activity. A part commits together with its row, so a run that was
    interrupted resumes with the parts that have none, and a later run (every
    `make run`) finds them all and loads nothing."""

    part = models.CharField(max_length=200, unique=True)
    # The day the part's activity was dated against.
    dated_to = models.DateField()
    loaded_at = models.DateTimeField(default=timezone.now)

    # No cached page shows these rows (portal.freshness).
    region_path = None

    class Meta:
        verbose_name = "demo part"
        verbose_name_plural = "demo parts"

    def __str__(self) -> str:
        return self.part
