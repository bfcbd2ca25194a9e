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
    # The post's id on the network (Graph's object id; a Telegram post is
    # «chat:message», as a publication stores it).
    network_id: str = ""


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


# --- Reach (issue 30) ---------------------------------------------------------------

REACH_METRICS = ("reach", "views", "reactions", "comments", "shares", "saved", "interactions")


class Source:
    """Where a post's figures were read: the network's API, or a public page."""

    API = "api"
    PUBLIC_PAGE = "public_page"


class Note:
    """Why a post's figures are missing, when the network said why."""

    NOT_YET = "not_yet"  # an empty data set: not available yet
    TOO_FEW_VIEWERS = "too_few_viewers"  # Instagram's error #10


@dataclass(frozen=True)
class PostFigures:
    """One post's figures as the network gave them at one moment. A figure the
    network did not give is None, never 0: unknown is not nothing."""

    network_id: str
    posted_at: datetime
    repost: bool = False
    source: str = Source.API
    note: str = ""
    reach: int | None = None
    views: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    saved: int | None = None
    interactions: int | None = None

    def figures(self) -> dict:
        return {name: getattr(self, name) for name in REACH_METRICS}

    @property
    def known(self) -> bool:
        return any(value is not None for value in self.figures().values())


@dataclass(frozen=True)
class Insights:
    """What `insights` found: the posts' figures, and the permission the token
    lacked for some of them (measured without it), if one."""

    posts: list[PostFigures]
    missing: str = ""


@dataclass(frozen=True)
class PageDay:
    """A page's figures of one day (None: not given)."""

    day: date
    follows: int | None = None
    reach: int | None = None
    views: int | None = None
