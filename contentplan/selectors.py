"""Queries the content-plan pages need, always starting from the user's scope.

The calendar, the list and the plan page read a month's posts in one query
(plus one for their channels) and compute the grid, the filters and the
balance from that list, so their cost does not grow with the number of posts.
"""

from __future__ import annotations

import calendar
import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
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


def month_posts(*, plan: MonthlyPlan | None) -> list[PlannedPost]:
    if plan is None:
        return []
    return list(
        plan.posts.select_related("rubric", "responsible", "branch").prefetch_related("channels")
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


def filter_posts(posts: list[PlannedPost], filters: PostFilters) -> list[PlannedPost]:
    def keep(post: PlannedPost) -> bool:
        return (
            (filters.rubric is None or post.rubric_id == filters.rubric)
            and (
                filters.channel is None
                or any(channel.pk == filters.channel for channel in post.channels.all())
            )
            and (not filters.status or post.status == filters.status)
            and (filters.responsible is None or post.responsible_id == filters.responsible)
            and (filters.branch is None or post.branch_id == filters.branch)
        )

    return [post for post in posts if keep(post)]


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    posts: list[PlannedPost] = field(default_factory=list)

    @property
    def chips(self) -> list[PlannedPost]:
        """The posts drawn in the grid: the first few, in date and time order."""
        return self.posts[:DAY_CHIPS]

    @property
    def more(self) -> int:
        """How many posts of the day the grid leaves to the day's list."""
        return max(0, len(self.posts) - DAY_CHIPS)


# At most this many posts are drawn in a day of the calendar; the rest are
# behind a "+N more" link to the day's list, so the grid stays bounded.
DAY_CHIPS = 4


def month_grid(month: datetime.date, posts: list[PlannedPost]) -> list[list[Day]]:
    """Weeks of the month, Monday first, each day with its posts."""
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
    *, posts: list[PlannedPost], rubrics: list[Rubric], branches: list[Branch]
) -> Balance:
    """Each rubric's minimum against what is planned, the branches featured
    and not, the share of own posts. Missed posts do not count."""
    counted = [post for post in posts if post.status != PlannedPost.Status.MISSED]
    per_rubric = Counter(post.rubric_id for post in counted)
    lines = [
        RubricLine(rubric=rubric, planned=per_rubric.get(rubric.pk, 0))
        for rubric in rubrics
        if rubric.is_active or per_rubric.get(rubric.pk)
    ]
    featured_ids = {post.branch_id for post in counted if post.branch_id}
    return Balance(
        lines=lines,
        featured=[branch for branch in branches if branch.pk in featured_ids],
        not_featured=[branch for branch in branches if branch.pk not in featured_ids],
        own=sum(1 for post in counted if post.origin == PlannedPost.Origin.OWN),
        total=len(counted),
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


def submission_stats(
    *,
    region_ids: list[int] | set[int] | tuple[int, ...],
    since: datetime.date,
    until: datetime.date,
) -> list[SubmissionStats]:
    """Per branch of the given regions and per month from `since` to `until`
    (both days included), what was submitted, accepted, returned, rejected,
    and the median days to the first review decision.

    Every branch of the regions gets a line for every month, zeros included,
    ordered by region, branch name and month. Two queries whatever the data.
    The caller decides the scope: pass region ids from `permissions`.
    """
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    branches = list(
        Branch.objects.filter(region__in=list(region_ids)).order_by("region_id", "name", "pk")
    )
    months = []
    month = since.replace(day=1)
    while month <= until:
        months.append(month)
        month = next_month(month)
    lines = {
        (branch.pk, month): SubmissionStats(
            region_id=branch.region_id, branch_id=branch.pk, branch_name=branch.name, month=month
        )
        for branch in branches
        for month in months
    }
    counts: dict[tuple[int, datetime.date], Counter] = {}
    waits: dict[tuple[int, datetime.date], list[float]] = {}
    events = SubmissionEvent.objects.filter(
        submission__branch__region__in=list(region_ids), at__gte=start, at__lt=end
    ).values_list(
        "submission__branch_id",
        "to_status",
        "at",
        "submission__created_at",
        "submission__reviewed_at",
    )
    for branch_id, to, at, created, reviewed in events:
        key = (branch_id, timezone.localtime(at, tz).date().replace(day=1))
        if key not in lines:
            continue
        counter = counts.setdefault(key, Counter())
        if to == Submission.Status.NEW:
            counter["submitted"] += 1
        elif to in DECISIONS:
            counter[to] += 1
            if reviewed is not None and at == reviewed:
                waits.setdefault(key, []).append((reviewed - created).total_seconds() / 86400)
    result = []
    for key, line in lines.items():
        counter = counts.get(key, Counter())
        days = waits.get(key)
        result.append(
            SubmissionStats(
                region_id=line.region_id,
                branch_id=line.branch_id,
                branch_name=line.branch_name,
                month=line.month,
                submitted=counter["submitted"],
                accepted=counter[Submission.Status.ACCEPTED],
                returned=counter[Submission.Status.RETURNED],
                rejected=counter[Submission.Status.REJECTED],
                median_review_days=round(statistics.median(days), 1) if days else None,
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
