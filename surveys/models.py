"""Members' short anonymous surveys: questions in Russian and Kazakh, answers by QR code.

A region's press secretary (for the region, one branch or an event) or the
central committee (every region at once) makes a survey; members answer its
public page without an account. Nothing that identifies a member is kept: no
name, no address. One answer per browser is kept by a signed cookie, and a
limit per client address and day by a salted hash (`AddressCount`) that is
deleted when the survey closes; only how many addresses sent how many
answers stays (`Survey.address_bursts`).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import freshness
from portal.models import Branch, Region

MAX_QUESTIONS = 15
MAX_OPTIONS = 20
TEXT_ANSWER_MAX = 1000
TITLE_MAX = 200


def new_code() -> str:
    return secrets.token_urlsafe(6)


def new_salt() -> str:
    return secrets.token_hex(16)


class Survey(models.Model):
    class Template(models.TextChoices):
        BLANK = "blank", _("empty survey")
        NEWS = "news", _("Where do you read union news?")
        TOPICS = "topics", _("Which topics interest you?")
        EVENT = "event", _("Rate the event")

    # None: the central committee's survey of every region at once.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("region"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("branch"),
    )
    event = models.CharField(_("event"), max_length=TITLE_MAX, blank=True)
    template = models.CharField(
        _("template"), max_length=8, choices=Template.choices, default=Template.BLANK
    )
    title_ru = models.CharField(_("title in Russian"), max_length=TITLE_MAX)
    title_kk = models.CharField(_("title in Kazakh"), max_length=TITLE_MAX, blank=True)
    intro_ru = models.TextField(_("introduction in Russian"), max_length=2000, blank=True)
    intro_kk = models.TextField(_("introduction in Kazakh"), max_length=2000, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # The public address: short and not guessable from the next survey's.
    code = models.CharField(_("code"), max_length=16, unique=True, default=new_code)
    # The salt of the address hashes; replaced when they are deleted.
    salt = models.CharField(max_length=32, default=new_salt, editable=False)
    # Set when the press secretary closes the survey before its last day.
    closed_at = models.DateTimeField(_("closed early"), null=True, blank=True)
    addresses_deleted_at = models.DateTimeField(_("address hashes deleted"), null=True, blank=True)
    # Kept when the hashes go: {answers from one address: how many addresses},
    # for addresses that sent more than one answer (the results show it).
    address_bursts = models.JSONField(default=dict, blank=True, editable=False)
    post = models.ForeignKey(
        "contentplan.PlannedPost",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("planned post"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title_ru

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    def public_path(self) -> str:
        return reverse("surveys:public", args=[self.code])

    def public_url(self) -> str:
        return settings.SITE_URL + self.public_path()

    def title(self, language: str) -> str:
        return (self.title_kk if language == "kk" else "") or self.title_ru

    def intro(self, language: str) -> str:
        return (self.intro_kk if language == "kk" else "") or self.intro_ru

    @property
    def is_central(self) -> bool:
        return self.region_id is None

    @property
    def has_questions(self) -> bool:
        """From the selectors' `question_total` when they counted it (lists), or asked."""
        total = getattr(self, "question_total", None)
        return self.questions.exists() if total is None else total > 0

    def state(self, today=None) -> str:
        """«draft» is a survey without questions: it opens to nobody until it has one."""
        today = today or timezone.localdate()
        if self.closed_at is not None or today > self.closes_on:
            return "closed"
        if not self.has_questions:
            return "draft"
        if today < self.opens_on:
            return "scheduled"
        return "open"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("one choice")
        MULTIPLE = "multiple", _("several choices")
        SCALE = "scale", _("scale of 1 to 5")
        TEXT = "text", _("short text")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text_ru = models.CharField(_("question in Russian"), max_length=500)
    text_kk = models.CharField(_("question in Kazakh"), max_length=500, blank=True)
    required = models.BooleanField(_("answer required"), default=False)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "survey__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.text_ru

    def text(self, language: str) -> str:
        return (self.text_kk if language == "kk" else "") or self.text_ru

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_ru = models.CharField(_("choice in Russian"), max_length=200)
    text_kk = models.CharField(_("choice in Kazakh"), max_length=200, blank=True)
    # What the choice stands for, when a template made it: a channel of the
    # plan («where do you read news») or a rubric («which topics»).
    channel = models.ForeignKey(
        "contentplan.Channel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("channel"),
    )
    rubric = models.ForeignKey(
        "contentplan.Rubric",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rubric"),
    )

    # The region whose cached pages show this row (portal.freshness).
    region_path = "question__survey__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text_ru

    def text(self, language: str) -> str:
        return (self.text_kk if language == "kk" else "") or self.text_ru


class Response(models.Model):
    """One member's answer to a survey: when, in which language, where from
    (region and, if they said, branch). Nothing else about them."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("branch"),
    )
    language = models.CharField(_("language"), max_length=2, default="ru")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "submitted_at", "pk"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        indexes = [
            models.Index(fields=["survey", "region", "branch"], name="survey_response_where"),
            models.Index(fields=["region", "submitted_at"], name="survey_response_month"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One question's answer in a response: a choice (a row per choice), a
    point of the scale, or a short text."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("answer")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    option = models.ForeignKey(
        Option,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("choice"),
    )
    value = models.PositiveSmallIntegerField(_("scale"), null=True, blank=True)
    text = models.TextField(_("text"), max_length=TEXT_ANSWER_MAX, blank=True)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "response__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        ordering = ["response", "question", "pk"]
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        indexes = [
            models.Index(fields=["question", "option"], name="survey_answer_option"),
            models.Index(fields=["question", "value"], name="survey_answer_value"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.value or self.text[:20]}"


class AddressCount(models.Model):
    """How many answers came from one client address (an IPv6 /64 as one):
    in the current day, for the limit, and in all, for the results; a salted
    hash of the address, never the address; deleted when the survey closes."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey")
    )
    digest = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField(default=timezone.now)
    total = models.PositiveIntegerField(default=0)

    # The region whose cached pages show this row (portal.freshness).
    region_path = "survey__region"
    objects = freshness.RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("answers from one address")
        verbose_name_plural = _("answers from one address")
        constraints = [
            models.UniqueConstraint(fields=["survey", "digest"], name="survey_address_once"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.count}"
