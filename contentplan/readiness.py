"""What the apps above the content plan warn about a plan's posts before it is
approved: a text over a network's limit, Instagram without an image, no
publication text yet, a network whose page is not connected (so the post is
copied by hand)…

Whether a post can go out as planned is known by an app that publishes posts,
which stands above this one and may not be imported here. That app gives its
`PostExtension` (`contentplan.extensions`) a `post_warnings` hook, which
takes the plan's posts (their channels prefetched, as
`selectors.month_posts` gives them) and answers, in a fixed number of queries
whatever their number, `{post_id: [(network name, warning), ...]}` in the
active language. The plan's page asks it once, and only when one is
registered and someone there may send the plan for approval or approve it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import extensions
from .models import PlannedPost

# The same warning on the same network for this many posts or more is one row
# naming them all (a region with no connected Telegram would otherwise read one
# row a post).
GROUP_FROM = 3


@dataclass(frozen=True)
class PostWarning:
    post: PlannedPost
    network: str
    text: str
    # Every post it applies to when the row stands for several (GROUP_FROM).
    posts: tuple[PlannedPost, ...] = ()


def post_warnings(posts: list[PlannedPost]) -> list[PostWarning]:
    """Every registered provider's warnings, a row each, in the posts' order;
    [] when none is registered or there are no posts (then nothing is asked)."""
    providers = [e.post_warnings for e in extensions.registered() if e.post_warnings is not None]
    if not posts or not providers:
        return []
    found: dict[int, list[tuple[str, str]]] = {}
    for provider in providers:
        for post_id, warnings in (provider(posts) or {}).items():
            found.setdefault(post_id, []).extend(warnings)
    rows = [(post, network, text) for post in posts for network, text in found.get(post.pk, [])]
    together: dict[tuple[str, str], list[PlannedPost]] = {}
    for post, network, text in rows:
        together.setdefault((network, text), []).append(post)
    result, grouped = [], set()
    for post, network, text in rows:
        alike = together[network, text]
        if len(alike) < GROUP_FROM:
            result.append(PostWarning(post=post, network=network, text=text))
        elif (network, text) not in grouped:
            grouped.add((network, text))
            result.append(PostWarning(post=post, network=network, text=text, posts=tuple(alike)))
    return result


def warned_posts(warnings: list[PostWarning]) -> list[PlannedPost]:
    """Every post a warning concerns, once each, in the plan's order: the
    buttons count them and the card names and links each one."""
    seen: dict[int, PlannedPost] = {}
    for warning in warnings:
        for post in warning.posts or (warning.post,):
            seen.setdefault(post.pk, post)
    return sorted(
        seen.values(), key=lambda post: (post.date, post.time is not None, post.time or 0, post.pk)
    )
