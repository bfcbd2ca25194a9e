"""What a calendar chip can learn from the apps above the content plan.

The content plan knows to which channels a post goes; whether it went out
there (sent, failed, waiting) is known by an app that publishes posts, which
stands above this one and may not be imported here. That app gives its
`PostExtension` (`contentplan.extensions`) a `channel_states` hook, which
takes the ids of the posts a page shows and answers
`{post_id: {channel_code: state}}`; the calendar asks it once per page, for
all of them, and only when one is registered. The states it knows are drawn
as a mark on the channel's icon; anything else is shown as unknown.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import extensions

# The states the calendar draws (a mark on the channel's icon).
KNOWN_STATES = ("sent", "failed", "waiting")


def channel_states(post_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Every registered provider's answer for the posts, merged; {} when none
    is registered or there are no posts (then nothing is asked)."""
    ids = list(post_ids)
    merged: dict[int, dict[str, str]] = {}
    if not ids:
        return merged
    for extension in extensions.registered():
        if extension.channel_states is None:
            continue
        for post_id, states in (extension.channel_states(ids) or {}).items():
            merged.setdefault(post_id, {}).update(
                {
                    code: state if state in KNOWN_STATES else "unknown"
                    for code, state in states.items()
                }
            )
    return merged


def post_reach(post_ids: Iterable[int]) -> dict[int, int]:
    """The posts' reach as the registered providers know it (summed over the
    networks), {} when none is registered or there are no posts; a post whose
    reach is unknown is absent, never 0."""
    ids = list(post_ids)
    found: dict[int, int] = {}
    if not ids:
        return found
    for extension in extensions.registered():
        if extension.post_reach is None:
            continue
        for post_id, reach in (extension.post_reach(ids) or {}).items():
            found[post_id] = found.get(post_id, 0) + reach
    return found
