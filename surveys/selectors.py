"""What the survey pages read; every query starts from `permissions.surveys_for`.

The results cost the same number of queries whatever the number of answers:
the counts are grouped in the database (per choice, per point of the scale,
per branch, per region), and the free texts are read newest first, a page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from portal.models import Branch, Region

from . import permissions
from .models import AddressCount, Answer, Option, Question, Response, Survey

# A group (a branch, a region) shows its own figures from this many answers:
# fewer could point at a person.
PRIVACY_MIN = 5
TEXTS_SHOWN = 100


def surveys_list(*, user) -> QuerySet[Survey]:
    region_id = None
    own = permissions.surveys_for(user)
    if permissions.role_of(user) == permissions.Role.PRESS:
        region_id = user.region_id
    answers = Count("responses", filter=Q(responses__region=region_id) if region_id else None)
    return with_question_total(own.select_related("region", "branch").annotate(answers=answers))


def with_question_total(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    """Each survey's number of questions, counted in the same query (its state)."""
    total = (
        Question.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return surveys.annotate(question_total=Coalesce(Subquery(total), 0))


def survey_for(*, user, pk: int) -> Survey:
    surveys = permissions.surveys_for(user).select_related("region", "branch", "post")
    return get_object_or_404(with_question_total(surveys), pk=pk)


def public_survey(*, code: str) -> Survey:
    surveys = Survey.objects.select_related("region", "branch")
    return get_object_or_404(with_question_total(surveys), code=code)


def questions_of(survey: Survey) -> list[Question]:
    return list(
        Question.objects.filter(survey=survey).prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("position", "pk"))
        )
    )


def answer_regions(survey: Survey) -> list[Region]:
    if survey.region_id is not None:
        return [survey.region]
    return list(Region.objects.order_by("short_name"))


def answer_branches(survey: Survey) -> list[Branch]:
    if survey.branch_id is not None:
        return [survey.branch]
    branches = Branch.objects.select_related("region").order_by("region__short_name", "name")
    if survey.region_id is not None:
        branches = branches.filter(region=survey.region_id)
    return list(branches)


def post_rubrics() -> QuerySet:
    from contentplan.models import Rubric

    return Rubric.objects.filter(is_active=True)


# --- Results -----------------------------------------------------------------------


@dataclass
class Row:
    label: str
    count: int
    percent: int


@dataclass
class Group:
    """A branch's or a region's figures for one question (≥ PRIVACY_MIN answers)."""

    label: str
    responses: int
    counts: list[int]

    @property
    def cells(self) -> list[tuple[int, int]]:
        """(count, per cent of the group's answers) of each choice."""
        return [(n, _percent(n, self.responses)) for n in self.counts]


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    average: float | None = None
    texts: list[str] = field(default_factory=list)
    more_texts: int = 0
    groups: list[Group] = field(default_factory=list)  # by branch
    regions: list[Group] = field(default_factory=list)  # by region (central's survey)

    @property
    def chart_id(self) -> str:
        return f"chart-{self.question.pk}"

    @property
    def chart(self) -> dict:
        return {
            "labels": [row.label for row in self.rows],
            "horizontal": True,
            "series": [{"label": str(_("Answers")), "data": [row.count for row in self.rows]}],
        }


@dataclass(frozen=True)
class Burst:
    """`addresses` client addresses sent `answers` answers each."""

    answers: int
    addresses: int


@dataclass
class Results:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    hidden_branches: int  # answers of branches too small to show apart
    region_id: int | None
    regions: list[Region] = field(default_factory=list)
    # Addresses that sent several answers, most first (only to who reads every answer).
    bursts: list[Burst] = field(default_factory=list)

    @property
    def burst_answers(self) -> int:
        return sum(burst.answers * burst.addresses for burst in self.bursts)


def address_bursts(survey: Survey) -> dict[int, int]:
    """{answers from one address: how many addresses sent that many}, for the
    addresses that sent more than one; after the hashes were deleted, as it
    was then. No address, no hash leaves this function."""
    if survey.addresses_deleted_at is not None:
        return {int(answers): count for answers, count in survey.address_bursts.items()}
    rows = (
        AddressCount.objects.filter(survey=survey, total__gt=1)
        .values_list("total")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _labels(question: Question) -> list[tuple[object, str]]:
    if question.kind == Question.Kind.SCALE:
        return [(n, str(n)) for n in range(1, 6)]
    return [(o.pk, o.text_ru) for o in question.options.all()]


def _choice_key(row: dict):
    """A choice's answers are counted by its option, a scale's by its point."""
    return row["option"] if row["option"] is not None else row["value"]


def _counts_by(answers: QuerySet, *group: str) -> dict[tuple, int]:
    """{(question, option or point, *the group's values): answers}, one query."""
    rows = answers.values("question", "option", "value", *group).annotate(n=Count("pk")).order_by()
    return {
        (row["question"], _choice_key(row), *(row[name] for name in group)): row["n"]
        for row in rows
    }


@dataclass
class _Breakdown:
    """The groups (branches or regions) shown apart, in the order shown, and
    their choices' counts."""

    groups: list[tuple[int, str, int]] = field(default_factory=list)  # pk, label, responses
    counts: dict[tuple, int] = field(default_factory=dict)  # (question, key, group pk): n
    hidden: int = 0  # answers of the groups too small to show apart

    def of(self, question: Question, labels: list[tuple[object, str]]) -> list[Group]:
        return [
            Group(label, size, [self.counts.get((question.pk, key, pk), 0) for key, _l in labels])
            for pk, label, size in self.groups
        ]


def _by_branch(answers: QuerySet, responses: QuerySet) -> _Breakdown:
    """Each branch with PRIVACY_MIN answers or more, by name; the rest counted as hidden."""
    sizes = dict(responses.values_list("branch").annotate(n=Count("pk")).order_by())
    shown = {b for b, n in sizes.items() if b is not None and n >= PRIVACY_MIN}
    counts = {}
    if shown:
        counts = _counts_by(answers.filter(response__branch__in=shown), "response__branch")
    names = dict(Branch.objects.filter(pk__in=shown).values_list("pk", "name"))
    return _Breakdown(
        groups=[
            (b, names.get(b, ""), sizes[b]) for b in sorted(shown, key=lambda b: names.get(b, ""))
        ],
        counts=counts,
        hidden=sum(n for b, n in sizes.items() if b not in shown),
    )


def _by_region(answers: QuerySet, responses: QuerySet) -> tuple[list[Region], _Breakdown]:
    """Each region with PRIVACY_MIN answers or more, by short name."""
    sizes = dict(responses.values_list("region").annotate(n=Count("pk")).order_by())
    shown = {r for r, n in sizes.items() if n >= PRIVACY_MIN}
    regions = list(Region.objects.filter(pk__in=shown).order_by("short_name"))
    counts = _counts_by(answers.filter(response__region__in=shown), "response__region")
    groups = [(region.pk, region.short_name, sizes[region.pk]) for region in regions]
    return regions, _Breakdown(groups=groups, counts=counts)


def _question_result(
    question: Question,
    *,
    answered: dict[int, int],
    by_key: dict[tuple, int],
    texts: dict[int, list[str]],
    branches: _Breakdown,
    regions: _Breakdown,
) -> QuestionResult:
    result = QuestionResult(question=question, answered=answered.get(question.pk, 0))
    if question.kind == Question.Kind.TEXT:
        result.texts = texts.get(question.pk, [])
        result.more_texts = max(0, result.answered - len(result.texts))
        return result
    labels = _labels(question)
    for key, label in labels:
        count = by_key.get((question.pk, key), 0)
        result.rows.append(Row(label, count, _percent(count, result.answered)))
    if question.kind == Question.Kind.SCALE and result.answered:
        points = sum(n * by_key.get((question.pk, n), 0) for n in range(1, 6))
        result.average = round(points / result.answered, 1)
    result.groups = branches.of(question, labels)
    result.regions = regions.of(question, labels)
    return result


def _bursts(survey: Survey, region_id: int | None) -> list[Burst]:
    # Addresses are not told by region: only who reads every answer sees them.
    if region_id is not None and survey.region_id != region_id:
        return []
    return [
        Burst(answers, addresses)
        for answers, addresses in sorted(address_bursts(survey).items(), reverse=True)
    ]


def results(*, survey: Survey, region_id: int | None = None) -> Results:
    """Counts per choice and point of the scale, the newest free texts, the
    breakdown by branch (groups of PRIVACY_MIN answers or more) and, for a
    survey of every region, the same per region side by side."""
    questions = questions_of(survey)
    answers = Answer.objects.filter(response__survey=survey)
    responses = Response.objects.filter(survey=survey)
    if region_id is not None:
        answers = answers.filter(response__region=region_id)
        responses = responses.filter(region=region_id)
    total = responses.count()
    # One query each: every choice's count, every point's, the answered per question.
    by_key = _counts_by(answers)
    answered = dict(
        answers.values_list("question").annotate(n=Count("response", distinct=True)).order_by()
    )
    branches = _by_branch(answers, responses)
    regions, by_region = [], _Breakdown()
    if survey.region_id is None and region_id is None:
        regions, by_region = _by_region(answers, responses)
    texts = _texts(answers, questions)
    out = [
        _question_result(
            question,
            answered=answered,
            by_key=by_key,
            texts=texts,
            branches=branches,
            regions=by_region,
        )
        for question in questions
    ]
    return Results(
        survey=survey,
        responses=total,
        questions=out,
        hidden_branches=branches.hidden,
        region_id=region_id,
        regions=regions,
        bursts=_bursts(survey, region_id),
    )


def _texts(answers: QuerySet, questions: list[Question]) -> dict[int, list[str]]:
    """The newest TEXTS_SHOWN free texts of each text question (one query)."""
    text_ids = [q.pk for q in questions if q.kind == Question.Kind.TEXT]
    if not text_ids:
        return {}
    found: dict[int, list[str]] = {}
    rows = (
        answers.filter(question__in=text_ids)
        .exclude(text="")
        .order_by("-pk")
        .values_list("question", "text")[: TEXTS_SHOWN * len(text_ids)]
    )
    for question_id, text in rows:
        shown = found.setdefault(question_id, [])
        if len(shown) < TEXTS_SHOWN:
            shown.append(text)
    return found


# --- For the export ------------------------------------------------------------------


def export_rows(*, survey: Survey, region_id: int | None, questions: list[Question]):
    """Each response as a row: date, region, branch (only of a branch with
    PRIVACY_MIN answers or more), language, then each question's answer."""
    responses = Response.objects.filter(survey=survey)
    if region_id is not None:
        responses = responses.filter(region=region_id)
    sizes = dict(responses.values_list("branch").annotate(n=Count("pk")).order_by())
    options = {o.pk: o.text_ru for q in questions for o in q.options.all()}
    answers: dict[int, dict[int, list[str]]] = {}
    for response_id, question_id, option_id, value, text in (
        Answer.objects.filter(response__in=responses)
        .order_by("response", "pk")
        .values_list("response", "question", "option", "value", "text")
        .iterator(chunk_size=2000)
    ):
        shown = options.get(option_id, "") if option_id else (str(value) if value else text)
        answers.setdefault(response_id, {}).setdefault(question_id, []).append(shown)
    for response in responses.select_related("region", "branch").order_by("pk").iterator(2000):
        branch = (
            response.branch.name
            if response.branch and sizes.get(response.branch_id, 0) >= PRIVACY_MIN
            else ""
        )
        own = answers.get(response.pk, {})
        yield [
            response.submitted_at.date(),
            response.region.short_name,
            branch,
            response.language,
            *["; ".join(own.get(q.pk, [])) for q in questions],
        ]


# --- For the region dashboard --------------------------------------------------------


@dataclass
class RegionFigures:
    surveys: int  # run (open at some day) in the months
    per_month: dict[datetime.date, int]  # answers of the region's members
    channels: list[tuple[str, int]]  # «where do you read news»: choices by channel


def region_figures(*, region: Region, start: datetime.date, months: list[datetime.date]):
    """Three queries: surveys run since `start`, answers per month, channels."""
    from django.db.models.functions import TruncMonth

    surveys = (
        Survey.objects.filter(Q(region=region) | Q(region__isnull=True, responses__region=region))
        .filter(closes_on__gte=start)
        .distinct()
        .count()
    )
    per_month = dict.fromkeys(months, 0)
    for month, n in (
        Response.objects.filter(region=region, submitted_at__date__gte=start)
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = month.date() if isinstance(month, datetime.datetime) else month
        if key in per_month:
            per_month[key] += n
    channels = list(
        Answer.objects.filter(
            response__region=region,
            response__submitted_at__date__gte=start,
            option__channel__isnull=False,
        )
        .values_list("option__channel__name")
        .annotate(n=Count("response", distinct=True))
        .order_by("-n", "option__channel__name")
    )
    return RegionFigures(surveys=surveys, per_month=per_month, channels=channels)
