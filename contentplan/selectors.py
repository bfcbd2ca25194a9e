"""Queries the content-plan pages need, always starting from the user's scope.

The calendar reads at most a few posts a day (numbered by the database) and
each day's count; the list and the plan page read the month's posts in one
query (plus one for their channels); the balance is counted by the database.
None of them costs more queries with more posts.
"""

from __future__ import annotations

import calendar
import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal import permissions
from portal.models import Branch, Region, User

from .models import (
    Channel,
    FeedToken,
    MonthlyPlan,
    PlanChange,
    PlannedPost,
    Rubric,
    Submission,
    SubmissionEvent,
    SubmissionPhoto,
)

# Months a calendar can show: enough for any real plan, and no date overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_start(year: int, month: int) -> datetime.date:
    """The first day of the month, or 404 for a month that cannot be planned."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404
    return datetime.date(year, month, 1)


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def plan_region(*, user, region_id: int | None = None) -> Region:
    """The region whose plans the page shows: the user's own, or (for the
    central committee) the one asked for, else the first. 404 outside scope."""
    own = permissions.region_id_of(user)
    if region_id is not None and region_id != own:
        return get_object_or_404(permissions.regions_for(user), pk=region_id)
    if own is not None:
        return user.region if user.region_id else user.branch.region
    region = permissions.regions_for(user).order_by("short_name").first()
    if region is None:
        raise Http404
    return region


def plan_of_month(*, region: Region, month: datetime.date) -> MonthlyPlan | None:
    return (
        MonthlyPlan.objects.select_related("submitted_by", "approved_by", "updated_by")
        .filter(region=region, month=month)
        .first()
    )


def plan_for(*, user, pk: int) -> MonthlyPlan:
    """A plan the user may read, or 404."""
    return get_object_or_404(
        permissions.plans_for(user).select_related(
            "region", "submitted_by", "approved_by", "updated_by"
        ),
        pk=pk,
    )


def post_for(*, user, pk: int) -> PlannedPost:
    """A post the user may read, with what its panel shows, or 404."""
    return get_object_or_404(
        permissions.posts_for(user)
        .select_related("plan__region", "rubric", "responsible", "branch", "updated_by")
        .prefetch_related("channels", "photos"),
        pk=pk,
    )


def post_with_relations(pk: int) -> PlannedPost:
    """The post as it is now (after a change, or a refused one); 404 once deleted."""
    return get_object_or_404(
        PlannedPost.objects.select_related(
            "plan__region", "rubric", "responsible", "branch", "updated_by"
        ).prefetch_related("channels", "photos"),
        pk=pk,
    )


def month_posts(
    *,
    plan: MonthlyPlan | None,
    filters: PostFilters | None = None,
    day: datetime.date | None = None,
) -> list[PlannedPost]:
    """The month's posts (those the filters keep, of one day if given) with what
    a list row shows, in two queries."""
    if plan is None:
        return []
    posts = filtered(plan.posts.all(), filters) if filters else plan.posts.all()
    if day is not None:
        posts = posts.filter(date=day)
    return list(
        posts.select_related("rubric", "responsible", "branch").prefetch_related("channels")
    )


def comments_of(*, post: PlannedPost) -> QuerySet:
    return post.comments.select_related("author")


def rubrics() -> list[Rubric]:
    return list(Rubric.objects.all())


def active_rubrics() -> QuerySet[Rubric]:
    return Rubric.objects.filter(is_active=True)


def channels() -> list[Channel]:
    return list(Channel.objects.all())


def region_branches(*, region: Region) -> list[Branch]:
    return list(Branch.objects.filter(region=region).order_by("name"))


def responsible_candidates(*, region: Region) -> QuerySet[User]:
    """Who can be responsible for a post: the region's press secretaries and chairs."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=User.Role.PRESS, region=region) | Q(role=User.Role.CHAIR, branch__region=region)
        )
        .order_by("last_name", "first_name", "username")
    )


def plan_history(*, plan: MonthlyPlan) -> QuerySet[PlanChange]:
    return plan.changes.select_related("user")


def feed_token_of(*, user) -> FeedToken | None:
    return FeedToken.objects.filter(user=user).first()


def feed_posts(*, user, since: datetime.date) -> QuerySet[PlannedPost]:
    """The posts of every plan the user may read, from `since` on."""
    return (
        permissions.posts_for(user)
        .filter(date__gte=since)
        .select_related("plan__region", "rubric", "responsible", "branch")
        .prefetch_related("channels")
        .order_by("date", "time", "pk")
    )


# --- Filters, the month grid and the balance (no queries) ---------------------


@dataclass(frozen=True)
class PostFilters:
    rubric: int | None = None
    channel: int | None = None
    status: str = ""
    responsible: int | None = None
    branch: int | None = None

    @property
    def active(self) -> bool:
        return any((self.rubric, self.channel, self.status, self.responsible, self.branch))


def filtered(queryset: QuerySet[PlannedPost], filters: PostFilters) -> QuerySet[PlannedPost]:
    """The posts the filters keep, chosen by the database."""
    if filters.rubric is not None:
        queryset = queryset.filter(rubric=filters.rubric)
    if filters.channel is not None:
        queryset = queryset.filter(channels=filters.channel)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.responsible is not None:
        queryset = queryset.filter(responsible=filters.responsible)
    if filters.branch is not None:
        queryset = queryset.filter(branch=filters.branch)
    return queryset


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    posts: list[PlannedPost] = field(default_factory=list)
    # How many posts the day has; more than `posts` when only the first were read.
    count: int = 0

    @property
    def chips(self) -> list[PlannedPost]:
        """The posts drawn in the grid: the first few, in date and time order."""
        return self.posts[:DAY_CHIPS]

    @property
    def more(self) -> int:
        """How many posts of the day the grid leaves to the day's list."""
        return max(0, max(self.count, len(self.posts)) - DAY_CHIPS)


# At most this many posts are drawn in a day of the calendar; the rest are
# behind a "+N more" link to the day's list, so the grid stays bounded.
DAY_CHIPS = 4


CHIP_FIELDS = (
    "plan_id", "date", "time", "title", "status", "version", "branch_id", "rubric_id",
    "rubric__name", "rubric__colour", "branch__name",
)  # fmt: skip


@dataclass(frozen=True)
class MonthChips:
    """The calendar's posts: at most `DAY_CHIPS` a day, and how many each day has."""

    posts: list[PlannedPost]
    per_day: dict[datetime.date, int]
    total: int  # posts of the month, filters aside

    @property
    def shown(self) -> int:
        return sum(self.per_day.values())


def month_chips(*, plan: MonthlyPlan | None, filters: PostFilters) -> MonthChips:
    """What the calendar draws, whatever the month holds: the first posts of each
    day that pass the filters (numbered by the database), each day's count, and
    the month's total. Three queries."""
    if plan is None:
        return MonthChips(posts=[], per_day={}, total=0)
    kept = filtered(plan.posts.all(), filters)
    order = [F(name[1:]).desc() if name.startswith("-") else F(name).asc()
             for name in PlannedPost._meta.ordering]  # fmt: skip
    first = (
        kept.annotate(place=Window(RowNumber(), partition_by=[F("date")], order_by=order))
        .filter(place__lte=DAY_CHIPS)
        # What a chip shows: its rubric and branch (not its channels or people).
        .select_related("rubric", "branch")
        .only(*CHIP_FIELDS)
        .order_by(*PlannedPost._meta.ordering)
    )
    per_day = dict(kept.values_list("date").annotate(n=Count("pk", distinct=True)).order_by())
    return MonthChips(posts=list(first), per_day=per_day, total=plan.posts.count())


def month_grid(
    month: datetime.date, posts: list[PlannedPost], per_day: dict | None = None
) -> list[list[Day]]:
    """Weeks of the month, Monday first, each day with its posts (and its count
    of posts, when only the first of each day are given)."""
    per_day = per_day or {}
    by_date: dict[datetime.date, list[PlannedPost]] = {}
    for post in posts:
        by_date.setdefault(post.date, []).append(post)
    today = timezone.localdate()
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        month.year, month.month
    )
    return [
        [
            Day(
                date=day,
                in_month=day.month == month.month,
                is_today=day == today,
                posts=by_date.get(day, []) if day.month == month.month else [],
                count=per_day.get(day, 0) if day.month == month.month else 0,
            )
            for day in week
        ]
        for week in weeks
    ]


@dataclass(frozen=True)
class RubricLine:
    rubric: Rubric
    planned: int

    @property
    def minimum(self) -> int:
        return self.rubric.monthly_minimum

    @property
    def met(self) -> bool:
        return self.planned >= self.minimum

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.planned)

    @property
    def percent(self) -> int:
        if not self.minimum:
            return 100
        return min(100, round(100 * self.planned / self.minimum))


@dataclass(frozen=True)
class Balance:
    lines: list[RubricLine]
    featured: list[Branch]
    not_featured: list[Branch]
    own: int
    total: int

    @property
    def unmet(self) -> list[RubricLine]:
        return [line for line in self.lines if not line.met]

    @property
    def own_percent(self) -> int | None:
        return round(100 * self.own / self.total) if self.total else None


def plan_balance(
    *, plan: MonthlyPlan | None, rubrics: list[Rubric], branches: list[Branch]
) -> Balance:
    """Each rubric's minimum against what is planned, the branches featured
    and not, the share of own posts. Missed posts do not count. One query,
    counted by the database (grouped by rubric, branch and origin)."""
    per_rubric: Counter = Counter()
    featured_ids: set[int] = set()
    own = total = 0
    if plan is not None:
        groups = (
            plan.posts.exclude(status=PlannedPost.Status.MISSED)
            .values_list("rubric_id", "branch_id", "origin")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for rubric_id, branch_id, origin, n in groups:
            per_rubric[rubric_id] += n
            if branch_id:
                featured_ids.add(branch_id)
            if origin == PlannedPost.Origin.OWN:
                own += n
            total += n
    lines = [
        RubricLine(rubric=rubric, planned=per_rubric.get(rubric.pk, 0))
        for rubric in rubrics
        if rubric.is_active or per_rubric.get(rubric.pk)
    ]
    return Balance(
        lines=lines,
        featured=[branch for branch in branches if branch.pk in featured_ids],
        not_featured=[branch for branch in branches if branch.pk not in featured_ids],
        own=own,
        total=total,
    )


# --- Materials from branches (submissions) -------------------------------------

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
) -> dict[tuple, float]:
    """Median days from sending to the first decision, over the materials first
    decided between `since` and `until`, per (branch id, month of the decision).

    One query whatever the data: the database numbers each group's waits in
    order and returns only the one or two middle ones (SQLite has no median).
    """
    start, end = _day_bounds(since, until)
    month = TruncMonth("reviewed_at", tzinfo=timezone.get_current_timezone())
    partition = [F("branch_id"), month]
    wait = ExpressionWrapper(F("reviewed_at") - F("created_at"), output_field=DurationField())
    middle = (
        Submission.objects.filter(
            branch__region__in=list(region_ids), reviewed_at__gte=start, reviewed_at__lt=end
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
    return value.replace(day=1)


def submission_stats(
    *,
    region_ids: list[int] | set[int] | tuple[int, ...],
    since: datetime.date,
    until: datetime.date,
    with_medians: bool = True,
) -> list[SubmissionStats]:
    """Per branch of the given regions and per month from `since` to `until`
    (both days included), what was submitted, accepted, returned, rejected,
    and the median days to the first review decision.

    Every branch of the regions gets a line for every month, zeros included,
    ordered by region, branch name and month. Three queries whatever the data:
    the branches, the events counted by the database, the medians (left out,
    and None, with `with_medians=False`).
    The caller decides the scope: pass region ids from `permissions`.
    """
    start, end = _day_bounds(since, until)
    branches = list(
        Branch.objects.filter(region__in=list(region_ids)).order_by("region_id", "name", "pk")
    )
    months = []
    month = since.replace(day=1)
    while month <= until:
        months.append(month)
        month = next_month(month)
    counts: dict[tuple[int, datetime.date], Counter] = {}
    events = (
        SubmissionEvent.objects.filter(
            submission__branch__region__in=list(region_ids),
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
        counter = counts.setdefault((branch_id, _as_month(event_month)), Counter())
        counter["submitted" if to == Submission.Status.NEW else to] += n
    medians = (
        review_medians(region_ids=region_ids, since=since, until=until) if with_medians else {}
    )
    result = []
    for branch in branches:
        for month in months:
            counter = counts.get((branch.pk, month), Counter())
            result.append(
                SubmissionStats(
                    region_id=branch.region_id,
                    branch_id=branch.pk,
                    branch_name=branch.name,
                    month=month,
                    submitted=counter["submitted"],
                    accepted=counter[Submission.Status.ACCEPTED],
                    returned=counter[Submission.Status.RETURNED],
                    rejected=counter[Submission.Status.REJECTED],
                    median_review_days=medians.get((branch.pk, month)),
                )
            )
    return result


WAITING = (Submission.Status.NEW, Submission.Status.IN_REVIEW)


def submissions_queue(*, user, filters: dict | None = None) -> QuerySet[Submission]:
    """The review queue: the user's scope, oldest sent first, with what each row
    shows (branch, author, rubric, photos) read in two queries."""
    filters = filters or {}
    queryset = permissions.submissions_for(user).select_related(
        "branch__region", "author", "rubric", "organisation"
    )
    status = filters.get("status", "")
    if status == "all":
        pass
    elif status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=WAITING)
    if filters.get("branch"):
        queryset = queryset.filter(branch=filters["branch"])
    if filters.get("age"):
        queryset = queryset.filter(
            sent_at__lt=timezone.now() - datetime.timedelta(days=filters["age"])
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
