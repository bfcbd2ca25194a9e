"""What the pages of the questions app read; every staff list starts from
`portal.permissions.questions_for`, so an object out of scope is a 404."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Upper
from django.http import Http404
from django.utils import timezone

from contentplan.models import Rubric
from portal import dates
from portal.models import Branch, PrimaryOrganisation, Region, User
from portal.selectors import press_of
from questions import permissions

from .models import Question, QuestionEvent
from .services import POST_RUBRICS, depersonalise


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""  # "" = everything still waiting for an answer; "all" = everything
    topic: str = ""
    mine: bool = False
    q: str = ""


@dataclass(frozen=True)
class FaqFilters:
    q: str = ""
    topic: str = ""

    @property
    def active(self) -> bool:
        return bool(self.q or self.topic)


OPEN = (Question.Status.NEW, Question.Status.IN_PROGRESS)


def _search(questions: QuerySet, q: str, *fields: str) -> QuerySet:
    # Upper() rather than icontains: SQLite folds only ASCII letters in LIKE,
    # and our texts are Cyrillic (see PortalConfig.ready).
    needle = q.strip().upper()
    if not needle:
        return questions
    annotations = {f"{field}_upper": Upper(field) for field in fields}
    condition = Q()
    for name in annotations:
        condition |= Q(**{f"{name}__contains": needle})
    return questions.annotate(**annotations).filter(condition)


def questions_queue(*, user, filters: QueueFilters) -> QuerySet[Question]:
    questions = permissions.questions_for(user).select_related(
        "region", "branch", "organisation", "assignee"
    )
    if filters.status == "all":
        pass
    elif filters.status:
        questions = questions.filter(status=filters.status)
    else:
        questions = questions.filter(status__in=OPEN)
    if filters.topic:
        questions = questions.filter(topic=filters.topic)
    if filters.mine:
        questions = questions.filter(assignee=user.pk)
    if filters.q:
        if permissions.may_see_askers_in_queue(user):
            questions = _search(questions, filters.q, "text", "reference")
        else:
            # The text may name the asker: search what is public of it only.
            questions = _search(
                questions, filters.q, "reference", "public_question", "public_answer"
            )
    return questions.order_by("received_at", "pk")


def question_for(*, user, pk: int) -> Question:
    question = (
        permissions.questions_for(user)
        .select_related("region", "branch", "organisation", "assignee", "answered_by", "post")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise Http404
    return question


def question_text_for(*, user, question: Question, text: str | None = None) -> str:
    """The question's text (or `text` about it) as the user may read it: without
    the asker's name and contact unless the user may see the asker."""
    text = question.text if text is None else text
    if permissions.may_see_asker(user, question):
        return text
    return depersonalise(text, question)


def question_events(*, question: Question, user) -> list[QuestionEvent]:
    """The question's history; its comments (free text) as the user may read them."""
    events = list(question.events.select_related("user"))
    for event in events:
        event.comment = question_text_for(user=user, question=question, text=event.comment)
    return events


def assignees_for(*, question: Question) -> QuerySet[User]:
    """The region's press service: whom a question may be assigned to."""
    return press_of(question.region_id).order_by("last_name", "first_name", "username")


def post_rubrics() -> QuerySet[Rubric]:
    return Rubric.objects.filter(name__in=POST_RUBRICS).order_by("position", "name")


# --- The public side ----------------------------------------------------------------


def ask_regions() -> QuerySet[Region]:
    return Region.objects.order_by("short_name")


def ask_branches(*, region: Region | None) -> QuerySet[Branch]:
    branches = Branch.objects.select_related("region").order_by("region__short_name", "name")
    return branches.filter(region=region) if region is not None else branches


def ask_organisations(*, branch_id: int | None) -> QuerySet[PrimaryOrganisation]:
    if not branch_id:
        return PrimaryOrganisation.objects.none()
    return PrimaryOrganisation.objects.filter(branch=branch_id).order_by("sort_key")


def faq_questions(*, filters: FaqFilters, region: Region | None = None) -> QuerySet:
    """Answers published on the public FAQ (those the filters keep), newest first."""
    # Spam is never published (a constraint says so), so the published answers
    # are counted and listed from the FAQ's own index.
    questions = Question.objects.filter(faq_published=True)
    if filters.topic:
        questions = questions.filter(topic=filters.topic)
    if region is not None:
        questions = questions.filter(region=region)
    if filters.q:
        questions = _search(questions, filters.q, "public_question", "public_answer")
    return questions.only(
        "pk", "topic", "public_question", "public_answer", "published_at", "region_id"
    ).order_by("-published_at", "-id")


# --- Figures for the dashboard ---------------------------------------------------------


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _questions_by_month(region, start, end, months) -> tuple:
    """The region's questions of the period, spam left out, and a condition
    per month (its days from `start` to `end` only)."""
    tz = timezone.get_current_timezone()
    edges = [datetime.datetime.combine(max(m, start), datetime.time.min, tzinfo=tz) for m in months]
    edges.append(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    )
    in_month = [
        Q(received_at__gte=edges[i], received_at__lt=edges[i + 1]) for i in range(len(months))
    ]
    rows = Question.objects.filter(received_at__gte=edges[0], received_at__lt=edges[-1]).exclude(
        closure=Question.Closure.SPAM
    )
    if region is not None:
        rows = rows.filter(region=region)
    return rows, in_month


def _counts_by_topic(rows, in_month, months, topics) -> dict:
    """{month: {topic: count}}, counted by the database in one query."""
    counts = {month: dict.fromkeys(topics, 0) for month in months}
    by_topic = rows.values("topic").annotate(
        **{f"m{i}": Count("pk", filter=condition) for i, condition in enumerate(in_month)}
    )
    for row in by_topic.order_by():
        for i, month in enumerate(months):
            if row["topic"] in counts[month]:
                counts[month][row["topic"]] += row[f"m{i}"]
    return counts


def _answer_days_by_month(rows, in_month) -> dict[int, list[float]]:
    """{month's index: [days to an answer, ...]} of the answered questions."""
    answered = rows.exclude(answer_days=None).annotate(
        bucket=Case(
            *[When(condition, then=Value(i)) for i, condition in enumerate(in_month)],
            output_field=IntegerField(),
        ),
    )
    per_month: dict[int, list[float]] = {}
    for bucket, days in answered.values_list("bucket", "answer_days"):
        per_month.setdefault(bucket, []).append(days)
    return per_month


def question_figures(region: Region | None, start: datetime.date, end: datetime.date) -> dict:
    """Questions received from `start` to `end` (inclusive) in the region (all
    regions when None), spam left out: counts per month and topic, and the median
    days from receiving to answering, overall and per month of receipt.

    Two queries whatever the volume: the counts by topic with a column per month
    (counted by the database), and the days to an answer of the answered ones
    with their month (numbers only, stored with each answer; the median is
    taken here, SQLite has none).
    """
    months = dates.months_between(start, end)
    rows, in_month = _questions_by_month(region, start, end, months)
    topics = [code for code, _label in Question.Topic.choices]
    counts = _counts_by_topic(rows, in_month, months, topics)
    per_month = _answer_days_by_month(rows, in_month)
    every = [days for values in per_month.values() for days in values]
    return {
        "months": months,
        "topics": list(Question.Topic.choices),
        "counts": counts,
        "per_month": {month: sum(counts[month].values()) for month in months},
        "per_topic": {topic: sum(counts[month][topic] for month in months) for topic in topics},
        "total": sum(sum(by_month.values()) for by_month in counts.values()),
        "answered": len(every),
        "median_days": _median(every),
        "median_days_per_month": {
            month: _median(per_month.get(i, [])) for i, month in enumerate(months)
        },
    }
