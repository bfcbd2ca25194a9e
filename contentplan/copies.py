"""A post's copies on the networks, known to an app above the content plan.

The content plan deletes posts; whether a post went out to a network (and can
be deleted there too) is known by the app that publishes posts, which stands
above this one and may not be imported here. That app gives its
`PostExtension` (`contentplan.extensions`) two hooks: `find_copies(post_ids)`
answers `{post_id: [Copy, ...]}`, the copies published so far;
`before_delete(post_ids=..., user=..., from_networks=...)` is called inside the
transaction that deletes the posts, before they go, so that app records what
must happen to the copies in the same transaction (and calls the networks
after it commits). With nothing registered a post has no copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from portal.exceptions import Refused

from . import extensions

# The answers to «delete it from the networks too?».
FROM_NETWORKS = "delete"
ONLY_PLAN = "keep"
ANSWERS = (FROM_NETWORKS, ONLY_PLAN)


@dataclass(frozen=True)
class Copy:
    network: str  # the channel's name, as the plan shows it
    code: str  # the channel's code
    url: str  # the post's address on the network ("" if unknown)
    deletable: bool  # the portal can delete it through the network's API
    uncertain: bool = False  # it may have gone out: nobody knows yet


class ChoiceNeeded(Refused):
    """The post is on the networks: the user must say whether it goes from them too."""

    def __init__(self, message: str, found: list[Copy]):
        super().__init__(message)
        self.copies = found


def find(post_ids: Iterable[int]) -> dict[int, list[Copy]]:
    """Every registered finder's copies of the posts; {} when there are none."""
    ids = list(post_ids)
    found: dict[int, list[Copy]] = {}
    if not ids:
        return found
    for extension in extensions.registered():
        if extension.find_copies is None:
            continue
        for post_id, items in (extension.find_copies(ids) or {}).items():
            found.setdefault(post_id, []).extend(items)
    return found


def before_delete(*, post_ids: list[int], user, from_networks: bool) -> None:
    for extension in extensions.registered():
        if extension.before_delete is not None:
            extension.before_delete(post_ids=post_ids, user=user, from_networks=from_networks)
