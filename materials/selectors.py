"""What the materials pages read: queues, a chair's materials, review figures."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contentplan.models import PlannedPost
from portal import dates
from portal.models import Branch, Region

from . import permissions
from .models import Submission, SubmissionEvent, SubmissionPhoto

DECISIONS = (
    Submission.Status.ACCEPTED,
    Submission.Status.RETURNED,
    Submission.Status.REJECTED,
)


@dataclass(frozen=True)
class SubmissionStats:
    """One branch's figures for one month.

    `submitted`: materials sent that month (a returned one sent again counts
    again); `accepted`, `returned`, `rejected`: decisions taken that month;
    `median_review_days`: the median, over the materials first decided that
    month, of days from their first sending to that first decision (None
    when nothing was decided).
    """

    region_id: int
    branch_id: int
    branch_name: str
    month: datetime.date
    submitted: int = 0
    accepted: int = 0
    returned: int = 0
    rejected: int = 0
    median_review_days: float | None = None


def _day_bounds(since: datetime.date, until: datetime.date):
    """Aware datetimes from the start of `since` to the end of `until`."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def review_medians(
    *,
    region_ids: list[int] | set[int] | tuple[int, ...],
    since: datetime.date,
    until: datetime.date,
    branch_ids: list[int] | None = None,
) -> dict[tuple, float]:
    """Median days from sending to the first decision, over the materials first
    decided between `since` and `until`, per (branch id, month of the decision).

    One query whatever the data: the database numbers each group's waits in
    order and returns only the one or two middle ones (SQLite has no median).
    Given the regions' `branch_ids` (the caller read them already), it reads
    their rows through the index on (branch, reviewed_at), never the other
    regions' materials.
    """
    start, end = _day_bounds(since, until)
    month = TruncMonth("reviewed_at", tzinfo=timezone.get_current_timezone())
    partition = [F("branch_id"), month]
    wait = ExpressionWrapper(F("reviewed_at") - F("created_at"), output_field=DurationField())
    middle = (
        Submission.objects.filter(
            Q(branch__in=branch_ids)
            if branch_ids is not None
            else Q(branch__region__in=list(region_ids)),
            reviewed_at__gte=start,
            reviewed_at__lt=end,
        )
        .annotate(
            month=month,
            wait=wait,
            position=Window(RowNumber(), partition_by=partition, order_by=[wait.asc(), F("pk")]),
            size=Window(Count("pk"), partition_by=partition),
        )
        # The middle row of an odd group, the two middle rows of an even one.
        .filter(position__gte=(F("size") + 1) / 2, position__lte=F("size") / 2 + 1)
        .values_list("branch_id", "month", "wait")
    )
    waits: dict[tuple, list[float]] = {}
    for branch_id, decided, waited in middle:
        key = (branch_id, _as_month(decided))
        waits.setdefault(key, []).append(waited.total_seconds() / 86400)
    return {key: round(statistics.fmean(values), 1) for key, values in waits.items()}


def _as_month(value) -> datetime.date:
    """The first day of the month a TruncMonth value stands for, in local time."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return dates.first_day(value)


# A reader of stored monthly figures per branch (the dashboards keep them,
# `dashboards.figures`, and register theirs in their app's ready()):
# (region ids, branch ids, first month, last month) → {(branch id, month):
# {"submitted", "accepted", "returned", "rejected": int, "review_days": [days]}}.
# With one, the statistics of whole months read a row per branch and month
# instead of every material and event of the months.
_stored_figures = None


def register_stored_figures(reader) -> None:
    global _stored_figures
    _stored_figures = reader


def _whole_months(since: datetime.date, until: datetime.date) -> bool:
    """From the first of a month to the end of one, or to today (nothing later exists)."""
    return since.day == 1 and (until >= timezone.localdate() or until == dates.last_day(until))


def submission_stats(
    *,
    region_ids: list[int] | set[int] | tuple[int, ...],
    since: datetime.date,
    until: datetime.date,
    with_medians: bool = True,
    stored: bool = True,
) -> list[SubmissionStats]:
    """Per branch of the given regions and per month from `since` to `until`
    (both days included), what was submitted, accepted, returned, rejected,
    and the median days to the first review decision.

    Every branch of the regions gets a line for every month, zeros included,
    ordered by region, branch name and month. Whole months (the page's) are
    read from the stored figures when a reader is registered (two queries: the
    branches and their figures, whatever the data); otherwise, or with
    `stored=False`, three queries: the branches, the events counted by the
    database, the medians (left out, and None, with `with_medians=False`).
    The caller decides the scope: pass region ids from `permissions`.
    """
    branches = list(
        Branch.objects.filter(region__in=list(region_ids)).order_by("region_id", "name", "pk")
    )
    branch_ids = [branch.pk for branch in branches]
    months = dates.months_between(since, until)
    if stored and _stored_figures is not None and _whole_months(since, until):
        figures = _stored(branches, months, region_ids, with_medians)
    else:
        figures = _counted(branch_ids, region_ids, since, until, with_medians)
    return [
        SubmissionStats(
            region_id=branch.region_id,
            branch_id=branch.pk,
            branch_name=branch.name,
            month=month,
            **figures.get((branch.pk, month), {}),
        )
        for branch in branches
        for month in months
    ]


def _counted(branch_ids, region_ids, since, until, with_medians: bool) -> dict[tuple, dict]:
    """(branch id, month) → figures, counted from the events and materials."""
    start, end = _day_bounds(since, until)
    figures: dict[tuple[int, datetime.date], dict] = {}
    # By the branches' ids, not a join to their region: the database then
    # starts from these branches' materials (their index), not from every
    # region's events of the months.
    events = (
        SubmissionEvent.objects.filter(
            submission__branch__in=branch_ids,
            at__gte=start,
            at__lt=end,
            to_status__in=[Submission.Status.NEW, *DECISIONS],
        )
        .annotate(month=TruncMonth("at", tzinfo=timezone.get_current_timezone()))
        .values_list("submission__branch_id", "month", "to_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for branch_id, event_month, to, n in events:
        entry = figures.setdefault((branch_id, _as_month(event_month)), {})
        field = "submitted" if to == Submission.Status.NEW else to
        entry[field] = entry.get(field, 0) + n
    if with_medians:
        medians = review_medians(
            region_ids=region_ids, since=since, until=until, branch_ids=branch_ids
        )
        for key, median in medians.items():
            figures.setdefault(key, {})["median_review_days"] = median
    return figures


def _stored(branches, months, region_ids, with_medians: bool) -> dict[tuple, dict]:
    """(branch id, month) → figures, from the registered stored figures."""
    stored = _stored_figures(
        list(region_ids), [branch.pk for branch in branches], months[0], months[-1]
    )
    figures = {}
    for key, row in stored.items():
        days = row["review_days"] if with_medians else None
        figures[key] = {
            "submitted": row["submitted"],
            "accepted": row["accepted"],
            "returned": row["returned"],
            "rejected": row["rejected"],
            "median_review_days": round(statistics.median(days), 1) if days else None,
        }
    return figures


WAITING = (Submission.Status.NEW, Submission.Status.IN_REVIEW)


@dataclass(frozen=True)
class QueueFilters:
    branch: int | None = None
    status: str = ""  # "" = everything waiting for review; "all" = everything
    age: int | None = None  # days waited at least


def submissions_queue(*, user, filters: QueueFilters) -> QuerySet[Submission]:
    """The review queue: the user's scope, oldest sent first, with what each row
    shows (branch, author, rubric, photos) read in two queries."""
    queryset = permissions.submissions_for(user).select_related(
        "branch__region", "author", "rubric", "organisation"
    )
    if filters.status == "all":
        pass
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    else:
        queryset = queryset.filter(status__in=WAITING)
    if filters.branch:
        queryset = queryset.filter(branch=filters.branch)
    if filters.age:
        queryset = queryset.filter(
            sent_at__lt=timezone.now() - datetime.timedelta(days=filters.age)
        )
    return queryset.prefetch_related("photos").order_by("sent_at", "pk")


def submissions_of_chair(*, user) -> QuerySet[Submission]:
    """A chair's page: its branch's materials, newest first, with the post each became."""
    return (
        permissions.submissions_for(user)
        .select_related("rubric", "post", "author")
        .prefetch_related("photos")
        .order_by("-sent_at", "-pk")
    )


def submission_for(*, user, pk: int) -> Submission:
    """A submission the user may read, or 404."""
    return get_object_or_404(
        permissions.submissions_for(user).select_related(
            "branch__region", "author", "rubric", "organisation", "post__rubric"
        ),
        pk=pk,
    )


def submission_photos(*, submission: Submission) -> list[SubmissionPhoto]:
    return list(submission.photos.all())


def submission_events(*, submission: Submission) -> QuerySet[SubmissionEvent]:
    return submission.events.select_related("user")


def photo_for(*, user, pk: int) -> SubmissionPhoto:
    """A photo of a submission the user may read, or 404."""
    return get_object_or_404(
        SubmissionPhoto.objects.filter(submission__in=permissions.submissions_for(user)), pk=pk
    )


def posts_to_attach(*, region: Region, today: datetime.date) -> QuerySet[PlannedPost]:
    """Posts of the region's plans a material can join: from today on, not final."""
    return (
        PlannedPost.objects.filter(plan__region=region, date__gte=today)
        .exclude(status__in=(PlannedPost.Status.PUBLISHED, PlannedPost.Status.MISSED))
        .select_related("rubric")
        .order_by("date", "time", "pk")
    )


def chair_latest_submissions(*, user, limit: int = 3) -> list[Submission]:
    return list(permissions.submissions_for(user).order_by("-sent_at", "-pk")[:limit])
