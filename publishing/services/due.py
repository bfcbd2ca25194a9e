"""When a post is due, and its «waiting» publications created then."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

import networks
from channels.models import Connection
from contentplan.models import MonthlyPlan, PlannedPost

from ..models import Publication

# Posts of the day before are still published if they were due and missed.
LATE_DAYS = 1


def planned_moment(post: PlannedPost) -> datetime.datetime:
    """The post's minute in the portal's time zone (Asia/Almaty); a post
    without a time goes out at `PUBLISHING_DEFAULT_HOUR`."""
    at = post.time or datetime.time(settings.PUBLISHING_DEFAULT_HOUR)
    return timezone.make_aware(datetime.datetime.combine(post.date, at))


def connection_for(*, region_id: int, channel_code: str) -> Connection | None:
    """The region's own official page on the channel's network, if connected
    (the channel's code is the network's, and the platform of its pages)."""
    if channel_code not in networks.publishing():
        return None
    return (
        Connection.objects.filter(
            page__region=region_id,
            page__branch=None,
            page__official=True,
            page__platform=channel_code,
        )
        .exclude(page__lifecycle="closed")
        .select_related("page")
        .order_by("pk")
        .first()
    )


def _due_posts(now: datetime.datetime):
    today = timezone.localdate(now)
    return (
        PlannedPost.objects.filter(
            status=PlannedPost.Status.APPROVED,
            plan__status=MonthlyPlan.Status.APPROVED,
            date__gte=today - datetime.timedelta(days=LATE_DAYS),
            date__lte=today,
            channels__code__in=networks.publishing(),
        )
        .distinct()
        .select_related("plan")
        .prefetch_related("channels")
        .order_by("date", "time", "pk")
    )


def publications_create(*, now: datetime.datetime) -> int:
    """A «waiting» publication for each connected network of every due post;
    returns how many this run inserted (another run at the same time may
    have inserted some of them)."""
    rows = []
    pages: dict[tuple[int, str], Connection | None] = {}
    for post in _due_posts(now):
        if planned_moment(post) > now:
            continue
        for channel in post.channels.all():
            if channel.code not in networks.publishing():
                continue
            key = (post.plan.region_id, channel.code)
            if key not in pages:
                pages[key] = connection_for(region_id=key[0], channel_code=key[1])
            if pages[key] is None:
                continue  # not connected: published by hand, as before
            rows.append(
                Publication(post=post, channel=channel, connection=pages[key], next_attempt_at=now)
            )
    # Only the new ones: a post whose publication exists already is not created anew.
    existing = set(
        Publication.objects.filter(post__in={row.post_id for row in rows}).values_list(
            "post_id", "channel_id"
        )
    )
    created = 0
    for row in rows:
        if (row.post_id, row.channel_id) in existing:
            continue
        # One at a time, so the count is of rows inserted: another run may have
        # inserted the same one since (bulk_create with ignore_conflicts tells
        # not which rows it skipped).
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue
        created += 1
    return created
