"""Members' questions to the union, the press service's answers, the public FAQ.

A member asks without an account; the region's press service answers, may
publish the answer on the public FAQ page (in a public wording, without the
asker), and may turn it into a planned post of the FAQ or legal-explanations
rubric. The asker's name and contact are the only personal data the portal
keeps about a member; they are blanked a year after the question is closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import freshness
from portal.events import StatusEvent, status_field
from portal.models import Branch, PrimaryOrganisation, Region

# Limits of what a visitor may send (the form and the model agree).
TEXT_MAX = 4000
NAME_MAX = 100
PHONE_MAX = 32
ANSWER_MAX = 10000


def days_between(received, answered) -> float | None:
    """Days from receiving a question to answering it, or None."""
    if received is None or answered is None:
        return None
    return round((answered - received).total_seconds() / 86400, 3)


class Question(models.Model):
    class Topic(models.TextChoices):
        PAY = "pay", _("pay")
        WORKLOAD = "workload", _("workload")
        LEAVE = "leave", _("leave")
        SAFETY = "safety", _("labour protection")
        CERTIFICATION = "certification", _("certification")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    class Closure(models.TextChoices):
        NONE = "", _("—")
        RESOLVED = "resolved", _("answered and closed")
        DUPLICATE = "duplicate", _("duplicate")
        SPAM = "spam", _("spam")

    # Set right after the first save, from the year and the primary key; NULL
    # (not "") until then, so that the unique constraint holds meanwhile.
    reference = models.CharField(  # noqa: DJ001
        _("reference"), max_length=24, unique=True, null=True
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="questions", verbose_name=_("region")
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("branch"),
    )
    organisation = models.ForeignKey(
        PrimaryOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("primary organisation"),
    )
    topic = models.CharField(
        pgettext_lazy("question", "topic"), max_length=16, choices=Topic.choices
    )
    text = models.TextField(_("question"), max_length=TEXT_MAX)
    # The asker: optional, personal data, seen only by the region's press service.
    name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=PHONE_MAX, blank=True)
    consent = models.BooleanField(_("agrees to be contacted"), default=False)
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True
    )

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    closure = models.CharField(
        _("closed as"), max_length=16, choices=Closure.choices, default="", blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_questions",
        verbose_name=_("assigned to"),
    )
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Days from receiving to answering, kept with `answered_at` (see `save`), so
    # the dashboard's medians are ordered by the database without date arithmetic.
    answer_days = models.FloatField(_("days to an answer"), null=True, blank=True, editable=False)
    answer_emailed_at = models.DateTimeField(_("answer e-mailed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # The public FAQ shows the question in a wording the press service chose.
    faq_published = models.BooleanField(_("published on the FAQ"), default=False)
    public_question = models.TextField(_("public wording of the question"), blank=True)
    public_answer = models.TextField(_("public answer"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    post = models.ForeignKey(
        "contentplan.PlannedPost",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("planned post"),
    )

    received_at = models.DateTimeField(_("received"), default=timezone.now)
    # A keyed hash of the visitor's address (never the address), for the limit
    # of questions an hour; blanked with the asker's personal data.
    sender = models.CharField(_("sender"), max_length=32, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            # Spam is never on the public FAQ (closing as spam takes it off).
            models.CheckConstraint(
                condition=~models.Q(faq_published=True, closure="spam"),
                name="question_spam_not_published",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status", "received_at"], name="question_queue"),
            # The admin's change list, newest first (the model's order), a page
            # at a time rather than every region's questions sorted.
            models.Index(fields=["received_at", "id"], name="question_received"),
            models.Index(fields=["region", "received_at"], name="question_region_received"),
            models.Index(fields=["sender", "received_at"], name="question_sender_received"),
            models.Index(fields=["faq_published", "topic"], name="question_faq"),
            # The public FAQ counts its answers and lists the newest first from
            # this index alone (a partial one: only the published answers).
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(faq_published=True),
                name="question_faq_newest",
            ),
            models.Index(fields=["status", "closed_at"], name="question_closed"),
        ]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.answer_days = days_between(self.received_at, self.answered_at)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "answered_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "answer_days"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", args=[self.pk])

    @property
    def has_contact(self) -> bool:
        return bool(self.email or self.phone)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS)


def reference_for(question: Question) -> str:
    """В-2026-000123: the year it came and its number."""
    year = timezone.localtime(question.received_at).year
    return f"В-{year}-{question.pk:06d}"


class QuestionEvent(StatusEvent):
    """One step of a question's life: who, when, from which status to which, why."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="events", verbose_name=_("question")
    )
    from_status = status_field(_("from"), Question.Status.choices, blank=True)
    to_status = status_field(_("to"), Question.Status.choices)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "question__region"

    class Meta(StatusEvent.Meta):
        verbose_name = _("question event")
        verbose_name_plural = _("question events")
