"""Stored monthly figures (`MonthFigure`): kept up to date, read by the dashboards.

A region's month is rebuilt from scratch, from that month's posts and review
events only, so a rebuild costs the same whatever the years of history. It is
scheduled after commit by the signals below for every save or delete of a
post, its channels, a submission or a review event (once per region and month
and transaction); code that writes with `update()` or `bulk_create()` calls
`schedule()` or `rebuild_region()` itself, and the nightly task rebuilds the last two
months of every region as a safety net. Rebuilds of a region run one at a time;
one that fails after the commit is logged and leaves the change as committed.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections import defaultdict
from types import SimpleNamespace

from django.apps import apps as global_apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from contentplan import signals
from portal import dates

log = logging.getLogger(__name__)


def _models(apps=None) -> SimpleNamespace:
    apps = apps or global_apps
    return SimpleNamespace(
        Region=apps.get_model("portal", "Region"),
        MonthlyPlan=apps.get_model("contentplan", "MonthlyPlan"),
        PlannedPost=apps.get_model("contentplan", "PlannedPost"),
        Submission=apps.get_model("materials", "Submission"),
        SubmissionEvent=apps.get_model("materials", "SubmissionEvent"),
        MonthFigure=apps.get_model("dashboards", "MonthFigure"),
        Publication=_optional(apps, "publishing", "Publication"),
    )


def _optional(apps, app_label: str, name: str):
    """A model that an old migration's state may not have yet."""
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


PUBLISHED, MISSED = "published", "missed"
NEW = "new"
DECISIONS = ("accepted", "returned", "rejected")


def rebuild(region_id: int, month: datetime.date, *, apps=None) -> int:
    """Recount one region's month; returns the number of rows stored. Nine queries.

    Rebuilds of a region run one at a time (a web request's, a worker's, the
    nightly one's): each locks the region's row before it counts, on SQLite
    the transaction begins IMMEDIATE (settings) and holds the database's
    write lock. Two at once deleted nothing and both inserted the same keys
    (`month_figure_unique`); and since each counts after the one before has
    committed, the last one's rows count every change committed before it.
    """
    m = _models(apps)
    month = dates.first_day(month)
    with transaction.atomic():
        # No key update: other transactions may still insert rows pointing at the region.
        if not m.Region.objects.select_for_update(no_key=True).filter(pk=region_id).exists():
            return 0  # the region went away with everything it held
        figures = _count(m, region_id, month)
        stored = m.MonthFigure.objects.filter(region_id=region_id, month=month)
        if _same(stored, figures):
            # Nothing counted differs (a post's title changed): the cached
            # dashboards, which read these figures, stay as they are.
            return len(figures)
        stored.delete()
        # The rows' manager gives the region's cached dashboards new versions.
        m.MonthFigure.objects.bulk_create(figures)
    return len(figures)


FIGURE_FIELDS = (
    "kind", "key", "posts", "published", "missed", "submitted", "accepted", "returned",
    "rejected", "review_days",
)  # fmt: skip


def _same(stored, figures: list) -> bool:
    """Whether the stored rows are the counted ones (one query)."""

    def rows(values) -> list:
        return sorted(repr(row) for row in values)

    counted = [tuple(getattr(row, name) for name in FIGURE_FIELDS) for row in figures]
    return rows(stored.values_list(*FIGURE_FIELDS)) == rows(counted)


Rows = dict[tuple[str, int], dict]  # (kind, key) → the figures counted for it


def _count(m: SimpleNamespace, region_id: int, month: datetime.date) -> list:
    """The region's month figures, as unsaved rows. Six queries."""
    rows: Rows = defaultdict(dict)
    _count_posts(m, region_id, month, rows)
    _count_channels(m, region_id, month, rows)
    start, end = dates.month_bounds(month)
    _count_submissions(m, region_id, start, end, rows)
    _count_review_days(m, region_id, start, end, rows)
    figures = [
        m.MonthFigure(region_id=region_id, month=month, kind=kind, key=key, **values)
        for (kind, key), values in rows.items()
    ]
    for figure in figures:
        figure.review_days = sorted(figure.review_days)
    return figures


def _count_posts(m: SimpleNamespace, region_id: int, month: datetime.date, rows: Rows) -> None:
    """The month's planned, published and missed posts by rubric, branch and day."""
    posts = m.PlannedPost.objects.filter(plan__region_id=region_id, plan__month=month)
    counts = {
        "posts": Count("pk"),
        "published": Count("pk", filter=Q(status=PUBLISHED)),
        "missed": Count("pk", filter=Q(status=MISSED)),
    }
    for row in posts.values("rubric_id").annotate(**counts).order_by():
        rows[("rubric", row.pop("rubric_id"))].update(row)
    for row in posts.exclude(branch=None).values("branch_id").annotate(**counts).order_by():
        rows[("branch", row.pop("branch_id"))].update(row)
    for row in posts.values("date").annotate(**counts).order_by():
        rows[("day", row.pop("date").day)].update(row)


def _count_channels(m: SimpleNamespace, region_id: int, month: datetime.date, rows: Rows) -> None:
    """The month's posts published on each channel."""
    # A post counts as published on a channel only with that network's id or
    # address: a publication the portal sent (or a person confirmed), or, on a
    # channel the portal does not publish to, the address given by hand. A post
    # the portal marked published carries a network's address, which says
    # nothing of its other channels (Aitu, the newspaper): they do not count.
    links = m.PlannedPost.channels.through.objects.filter(
        plannedpost__plan__region_id=region_id, plannedpost__plan__month=month
    )
    if m.Publication is not None:
        publications = m.Publication.objects.filter(
            post=OuterRef("plannedpost_id"), channel=OuterRef("channel_id")
        )
        networks_link = m.Publication.objects.filter(
            post=OuterRef("plannedpost_id"),
            state="sent",
            permalink=OuterRef("plannedpost__published_url"),
        )
        links = links.annotate(
            automatic=Exists(publications),
            sent=Exists(publications.filter(state="sent").exclude(network_id="", permalink="")),
            by_network=Exists(networks_link),
        ).filter(Q(sent=True) | Q(automatic=False, by_network=False, plannedpost__status=PUBLISHED))
    else:
        links = links.filter(plannedpost__status=PUBLISHED)
    for row in links.values("channel_id").annotate(n=Count("pk")).order_by():
        rows[("channel", row["channel_id"])]["published"] = row["n"]


def _count_submissions(
    m: SimpleNamespace,
    region_id: int,
    start: datetime.datetime,
    end: datetime.datetime,
    rows: Rows,
) -> None:
    """What each branch sent in the month, and the decisions on it."""
    events = (
        m.SubmissionEvent.objects.filter(
            submission__branch__region_id=region_id,
            at__gte=start,
            at__lt=end,
            to_status__in=[NEW, *DECISIONS],
        )
        .values("submission__branch_id", "to_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in events:
        field = "submitted" if row["to_status"] == NEW else row["to_status"]
        rows[("branch", row["submission__branch_id"])][field] = row["n"]


def _count_review_days(
    m: SimpleNamespace,
    region_id: int,
    start: datetime.datetime,
    end: datetime.datetime,
    rows: Rows,
) -> None:
    """The days each submission decided in the month waited for its review."""
    decided = m.Submission.objects.filter(
        branch__region_id=region_id, reviewed_at__gte=start, reviewed_at__lt=end
    ).values_list("branch_id", "created_at", "reviewed_at")
    for branch_id, created, reviewed in decided:
        days = round((reviewed - created).total_seconds() / 86400, 2)
        rows[("branch", branch_id)].setdefault("review_days", []).append(days)


def rebuild_region(region_id: int, *, months=None, apps=None) -> int:
    """Every month of a region that has a plan or a submission (or the given months)."""
    m = _models(apps)
    if months is None:
        months = set(
            m.MonthlyPlan.objects.filter(region_id=region_id).values_list("month", flat=True)
        )
        months |= {
            dates.first_day(day)
            for day in m.Submission.objects.filter(branch__region_id=region_id)
            .dates("created_at", "month")
            .iterator()
        }
        months |= {
            dates.first_day(day)
            for day in m.Submission.objects.filter(branch__region_id=region_id)
            .exclude(reviewed_at=None)
            .dates("reviewed_at", "month")
            .iterator()
        }
        months |= set(
            m.MonthFigure.objects.filter(region_id=region_id).values_list("month", flat=True)
        )
    return sum(rebuild(region_id, month, apps=apps) for month in sorted(months))


def rebuild_all(*, months=None, apps=None) -> int:
    m = _models(apps)
    return sum(
        rebuild_region(pk, months=months, apps=apps)
        for pk in m.Region.objects.values_list("pk", flat=True)
    )


def rebuild_recent(day: datetime.date) -> int:
    """Recount this month and the last, for every region (the nightly job)."""
    return rebuild_all(months=[dates.previous_month(day), dates.first_day(day)])


def branch_figures(
    region_ids: list[int], branch_ids: list[int], first: datetime.date, last: datetime.date
) -> dict[tuple[int, datetime.date], dict]:
    """The stored figures of these branches from month `first` to month `last`,
    for the materials' statistics (`materials.selectors.register_stored_figures`):
    one query through the figures' (region, month) index."""
    m = _models()
    rows = m.MonthFigure.objects.filter(
        region_id__in=region_ids,
        month__gte=first,
        month__lte=last,
        kind=m.MonthFigure.Kind.BRANCH,
        key__in=branch_ids,
    ).values_list("key", "month", "submitted", "accepted", "returned", "rejected", "review_days")
    return {
        (key, month): {
            "submitted": submitted,
            "accepted": accepted,
            "returned": returned,
            "rejected": rejected,
            "review_days": review_days,
        }
        for key, month, submitted, accepted, returned, rejected, review_days in rows
    }


class _Once:
    """A queued rebuild that knows whether it has run, and never fails the change."""

    def __init__(self, rebuild_it, what: str):
        self.rebuild_it, self.what, self.done = rebuild_it, what, False

    def __call__(self) -> None:
        self.done = True
        try:
            self.rebuild_it()
        except Exception:
            # The change is committed already (a post's status, a publication
            # recorded as sent): an error here would only answer 500 for it and
            # skip the commit's other hooks. The figures stay as they were until
            # the next change of the month or the nightly recount of the last two
            # months (`rebuild_month_figures --all` recounts every month).
            log.exception("Month figures of %s were not rebuilt after the commit", self.what)


def _enqueue(key: tuple, rebuild_it: _Once) -> None:
    """Run `rebuild_it` once the transaction commits, once per key and transaction.

    The rebuilds queued are remembered next to the connection's list of commit
    hooks; Django replaces that list on commit and on rollback, which forgets
    them (a rolled-back savepoint at worst makes a key run twice), and one
    that has run already is queued again.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        hooks, queued = getattr(connection, "_month_figures_queued", (None, None))
        if hooks is not connection.run_on_commit:
            queued = {}
            connection._month_figures_queued = (connection.run_on_commit, queued)
        pending = queued.get(key)
        if pending is not None and not pending.done:
            return
        queued[key] = rebuild_it
    transaction.on_commit(rebuild_it)


def schedule(region_id: int | None, month: datetime.date | None) -> None:
    """Rebuild the region's month once the current transaction commits."""
    if region_id is None or month is None:
        return
    month = dates.first_day(month)
    _enqueue(
        ("month", region_id, month),
        _Once(functools.partial(rebuild, region_id, month), f"region {region_id}, {month:%Y-%m}"),
    )


def _rebuild_plan_month(plan_id: int) -> None:
    from contentplan.models import MonthlyPlan

    plan = MonthlyPlan.objects.filter(pk=plan_id).values("region_id", "month").first()
    if plan:  # a deleted plan schedules its month itself
        rebuild(plan["region_id"], plan["month"])


def schedule_plan(plan_id: int | None) -> None:
    """Rebuild the month of the plan once the current transaction commits; the
    plan is read then, so a signal for each of many posts costs no query."""
    if plan_id is not None:
        _enqueue(
            ("plan", plan_id),
            _Once(functools.partial(_rebuild_plan_month, plan_id), f"the month of plan {plan_id}"),
        )


# --- Signals ---------------------------------------------------------------------------


def _local_month(moment: datetime.datetime | None) -> datetime.date | None:
    if moment is None:
        return None
    return dates.first_day(timezone.localtime(moment).date())


def post_changed(sender, instance, **kwargs) -> None:
    schedule_plan(instance.plan_id)


def posts_updated(sender, region_id, month, **kwargs) -> None:
    schedule(region_id, month)


def plan_deleted(sender, instance, **kwargs) -> None:
    schedule(instance.region_id, instance.month)


def post_channels_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        post_changed(sender, instance)


def _region_of(submission) -> int | None:
    try:
        return submission.branch.region_id
    except ObjectDoesNotExist:
        return None


def submission_changed(sender, instance, **kwargs) -> None:
    schedule(_region_of(instance), _local_month(instance.reviewed_at))


def event_changed(sender, instance, **kwargs) -> None:
    try:
        submission = instance.submission
    except ObjectDoesNotExist:
        return
    schedule(_region_of(submission), _local_month(instance.at))


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from contentplan.models import MonthlyPlan, PlannedPost
    from materials.models import Submission, SubmissionEvent

    uid = "dashboards.figures"
    signals.posts_updated.connect(posts_updated, dispatch_uid=f"{uid}.posts.updated")
    post_delete.connect(plan_deleted, sender=MonthlyPlan, dispatch_uid=f"{uid}.plan.delete")
    post_save.connect(post_changed, sender=PlannedPost, dispatch_uid=f"{uid}.post.save")
    post_delete.connect(post_changed, sender=PlannedPost, dispatch_uid=f"{uid}.post.delete")
    m2m_changed.connect(
        post_channels_changed,
        sender=PlannedPost.channels.through,
        dispatch_uid=f"{uid}.post.channels",
    )
    post_save.connect(submission_changed, sender=Submission, dispatch_uid=f"{uid}.sub.save")
    post_delete.connect(submission_changed, sender=Submission, dispatch_uid=f"{uid}.sub.delete")
    post_save.connect(event_changed, sender=SubmissionEvent, dispatch_uid=f"{uid}.event.save")
    post_delete.connect(event_changed, sender=SubmissionEvent, dispatch_uid=f"{uid}.event.delete")
