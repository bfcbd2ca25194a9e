"""Twelve months of believable reach for a demo region (`manage.py load_demo`).

The region's regional Facebook and Instagram pages and its branches' Facebook
pages get a demo connection (never called: `channels.services.collectable`
leaves demo regions out), every published post of its plan on Facebook or
Instagram a publication with its id on the network, and every post, ours or
the page's own, its measurements at 1, 7 and 28 days. The effects the union
expects to see: legal explanations and live streams reach more, evening
posts more than morning ones, reposts less, and the reach grows a little
month by month (the reform working).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from branches.models import SocialPage
from channels.models import Connection, NetworkPost, PostMeasurement, Source
from contentplan.models import PlannedPost
from portal import dates
from portal.models import Region
from publishing.models import Publication

P = SocialPage.Platform
MONTHS = 12
BRANCH_POSTS_PER_MONTH = 4
RUBRIC_EFFECT = {"Правовые разъяснения": 1.8, "Прямые эфиры": 2.2, "Ответы на частые вопросы": 1.3}
# (hours, weight, effect): when a union's posts go out, and how far they reach.
HOURS = [
    (range(8, 10), 2, 0.7),
    (range(10, 13), 4, 0.9),
    (range(13, 17), 3, 1.0),
    (range(17, 22), 3, 1.4),
]
GROWTH = {1: 0.7, 7: 0.93, 28: 1.0}  # the share of its reach a post has at each age


def _hour(rng: random.Random) -> tuple[int, float]:
    hours, _weight, effect = rng.choices(HOURS, [weight for _h, weight, _e in HOURS])[0]
    return rng.choice(hours), effect


def _reach(rng, *, base, rubric: str, hour_effect: float, repost: bool, month_index: int) -> int:
    trend = 1 + 0.03 * month_index  # about 3 % more each month
    effect = RUBRIC_EFFECT.get(rubric, 1.0) * hour_effect * (0.5 if repost else 1.0)
    return max(5, round(base * effect * trend * rng.lognormvariate(0, 0.3)))


def load_demo(*, region: Region, today: datetime.date, rng: random.Random) -> int:
    """Fill the region's reach for the twelve months up to `today`; returns the
    measurements written."""
    zone = timezone.get_current_timezone()
    now = timezone.now()
    first_month = dates.add_months(today.replace(day=1), -(MONTHS - 1))
    connections = _connect(region, now)
    regional = {c.page.platform: c for c in connections if c.page.branch_id is None}
    found = _Found()
    span = {"first_month": first_month, "today": today, "rng": rng, "zone": zone}
    _plan_posts(found, region=region, regional=regional, **span)
    _branch_posts(found, connections=connections, **span)
    Publication.objects.bulk_create(found.publications, batch_size=2000, ignore_conflicts=True)
    created = NetworkPost.objects.bulk_create(found.posts, batch_size=2000)
    if created and not created[0].pk:
        ids = dict(
            NetworkPost.objects.filter(connection__in=connections).values_list("network_id", "pk")
        )
        for post in created:
            post.pk = ids[post.network_id]
    rows = _measurements(created, found.reaches, rng, now)
    PostMeasurement.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _connect(region: Region, now: datetime.datetime) -> list[Connection]:
    """Demo connections of the region's own Facebook and Instagram pages and its
    branches' Facebook pages; a page connected already keeps its connection."""
    free = region.pages.filter(connection__isnull=True).order_by("pk")
    pages = list(free.filter(platform__in=[P.FACEBOOK_PAGE, P.INSTAGRAM], branch__isnull=True))
    pages += list(free.filter(platform=P.FACEBOOK_PAGE, branch__isnull=False))
    connections = Connection.objects.bulk_create(
        Connection(
            page=page,
            account=f"demo-{page.pk}",
            external_id=f"demo{page.pk}",
            external_name="(демо)",
            status=Connection.Status.WORKING,
            last_success_at=now,
            reach_measured_at=now,
        )
        for page in pages
    )
    if connections and not connections[0].pk:
        connections = list(
            Connection.objects.filter(page__in=pages).select_related("page").order_by("page")
        )
    return connections


@dataclass
class _Found:
    """The posts made up so far, each with its reach at 28 days, and our publications."""

    posts: list[NetworkPost] = field(default_factory=list)
    reaches: list[int] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)

    def add(self, connection, network_id, moment, reach, repost):
        self.posts.append(
            NetworkPost(
                connection=connection,
                network_id=network_id,
                posted_at=moment,
                repost=repost,
                seen_at=moment,
            )
        )
        self.reaches.append(reach)


def _plan_posts(found: _Found, *, region, regional, first_month, today, rng, zone) -> None:
    """Every published post of the plan on the region's Facebook or Instagram page:
    the network's post, and our publication of it."""
    planned = (
        PlannedPost.objects.filter(
            plan__region=region,
            status=PlannedPost.Status.PUBLISHED,
            date__gte=first_month,
            date__lte=today,
        )
        .select_related("rubric")
        .prefetch_related("channels")
        .order_by("date", "pk")
    )
    for post in planned:
        month_index = (post.date.year - first_month.year) * 12 + post.date.month - first_month.month
        hour, hour_effect = _hour(rng)
        moment = datetime.datetime.combine(post.date, datetime.time(hour, rng.randrange(60)), zone)
        repost = post.origin == PlannedPost.Origin.REPOST
        for channel in post.channels.all():
            # A channel's code is its network's, the platform of the region's page.
            connection = regional.get(channel.code)
            if connection is None:
                continue
            network_id = f"demo{connection.pk}_{post.pk}"
            base = 900 if channel.code == P.FACEBOOK_PAGE else 450
            reach = _reach(
                rng,
                base=base,
                rubric=post.rubric.name,
                hour_effect=hour_effect,
                repost=repost,
                month_index=month_index,
            )
            found.add(connection, network_id, moment, reach, repost)
            found.publications.append(
                Publication(
                    post=post,
                    region=region,
                    title=post.title,
                    channel=channel,
                    connection=connection,
                    state=Publication.State.SENT,
                    network_id=network_id,
                    sent_at=moment,
                )
            )


def _branch_posts(found: _Found, *, connections, first_month, today, rng, zone) -> None:
    """The branches' own pages: a few posts a month of their own."""
    for connection in connections:
        if connection.page.branch_id is None:
            continue
        for month_index in range(MONTHS):
            month = dates.add_months(first_month, month_index)
            for n in range(BRANCH_POSTS_PER_MONTH):
                day = month + datetime.timedelta(days=rng.randrange(28))
                if day > today:
                    continue
                hour, hour_effect = _hour(rng)
                moment = datetime.datetime.combine(day, datetime.time(hour), zone)
                repost = rng.random() < 0.3
                reach = _reach(
                    rng,
                    base=120,
                    rubric="",
                    hour_effect=hour_effect,
                    repost=repost,
                    month_index=month_index,
                )
                found.add(
                    connection, f"demo{connection.pk}_{month_index}_{n}", moment, reach, repost
                )


def _measurements(created, reaches, rng, now) -> list[PostMeasurement]:
    """Each post's figures at 1, 7 and 28 days, as far as they have come."""
    rows = []
    for post, reach in zip(created, reaches, strict=True):
        interactions = round(reach * rng.uniform(0.02, 0.07))
        for age, share in GROWTH.items():
            measured_at = post.posted_at + datetime.timedelta(days=age, hours=2)
            if measured_at > now:
                break
            seen = round(reach * share)
            engaged = round(interactions * share)
            rows.append(
                PostMeasurement(
                    post=post,
                    age=age,
                    measured_at=measured_at,
                    source=Source.API,
                    reach=seen,
                    views=round(seen * 1.5),
                    reactions=round(engaged * 0.7),
                    comments=round(engaged * 0.2),
                    shares=engaged - round(engaged * 0.7) - round(engaged * 0.2),
                    interactions=engaged,
                )
            )
    return rows
