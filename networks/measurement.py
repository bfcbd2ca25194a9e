"""What a collection finds on a network: the figures of one page's snapshot."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

WINDOW_DAYS = 30  # the audit's window: posts in the last 30 days


@dataclass(frozen=True)
class Measurement:
    followers: int | None
    posts_30d: int
    own_posts: int
    reposts: int
    last_own_post: date | None

    def figures(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Post:
    at: datetime
    repost: bool = False
    # A feed's entry: a digest of its id (or link), which the portal keeps, and its title.
    key: str = ""
    title: str = ""


def window_start(now: datetime) -> datetime:
    return now - timedelta(days=WINDOW_DAYS)


def count_posts(
    posts: Iterable[Post], *, now: datetime, followers: int | None, last_own: datetime | None = None
) -> Measurement:
    """The snapshot's figures from the posts seen (newest or not, any order).

    `last_own` is an own post known from earlier, older than any post given.
    """
    start = window_start(now)
    posts = list(posts)
    recent = [post for post in posts if start < post.at <= now]
    own_times = [post.at for post in posts if not post.repost and post.at <= now]
    if last_own is not None:
        own_times.append(last_own)
    newest_own = max(own_times, default=None)
    reposts = sum(1 for post in recent if post.repost)
    return Measurement(
        followers=followers,
        posts_30d=len(recent),
        own_posts=len(recent) - reposts,
        reposts=reposts,
        last_own_post=timezone.localdate(newest_own) if newest_own else None,
    )
