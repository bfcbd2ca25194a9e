"""What a calendar chip can learn from the apps above the content plan.

The content plan knows to which channels a post goes; whether it went out
there (sent, failed, waiting) is known by an app that publishes posts, which
stands above this one and may not be imported here. That app registers a
callable in its `AppConfig.ready`:

    from contentplan.chips import register_channel_states
    register_channel_states(publishing.selectors.states_for_posts)

The callable takes the ids of the posts a page shows and answers
`{post_id: {channel_code: state}}`; the calendar asks it once per page, for
all of them, and only when one is registered. The states it knows are drawn
as a mark on the channel's icon; anything else is shown as unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

ChannelStates = Callable[[list[int]], dict[int, dict[str, str]]]

# The states the calendar draws (a mark on the channel's icon).
KNOWN_STATES = ("sent", "failed", "waiting")

_providers: list[ChannelStates] = []


def register_channel_states(provider: ChannelStates) -> ChannelStates:
    """Register a callable answering the publication state of posts' channels.
    Registering the same callable twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_channel_states(provider: ChannelStates) -> None:
    if provider in _providers:
        _providers.remove(provider)


def channel_states(post_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Every registered provider's answer for the posts, merged; {} when none
    is registered or there are no posts (then nothing is asked)."""
    ids = list(post_ids)
    merged: dict[int, dict[str, str]] = {}
    if not ids:
        return merged
    for provider in _providers:
        for post_id, states in (provider(ids) or {}).items():
            merged.setdefault(post_id, {}).update(
                {
                    code: state if state in KNOWN_STATES else "unknown"
                    for code, state in states.items()
                }
            )
    return merged
