"""What an app above the content plan adds to its posts, registered once.

The content plan plans and deletes posts; whether a post went out to a
network, can go out as planned, or has copies there is known by the app that
publishes posts, which stands above this one and may not be imported here.
That app describes everything it adds in one `PostExtension` and registers
it in its `AppConfig.ready`:

    from contentplan import extensions
    extensions.register(extensions.PostExtension(name="publishing", ...))

Each hook is optional; the content plan asks every registered extension
that has it, and with nothing registered a post has no states, warnings,
copies or extra panel sections:

- `panel_template`: a section of the post's panel, included with the panel's
  context (`post`, `plan`, `may_edit`), placed by `panel_position`
  (`contentplan.panel`).
- `channel_states(post_ids)` → `{post_id: {channel_code: state}}`, asked once
  per calendar page for all its posts (`contentplan.chips`).
- `post_warnings(posts)` → `{post_id: [(network name, warning), ...]}`, asked
  once by the plan's page before approval (`contentplan.readiness`).
- `find_copies(post_ids)` → `{post_id: [Copy, ...]}`, the copies published so
  far; `before_delete(post_ids=..., user=..., from_networks=...)` is called
  inside the transaction that deletes the posts, before they go
  (`contentplan.copies`).
- `post_texts(post_ids)` → `{post_id: text}`, the text that goes out (its
  common version); `save_text(post=..., user=..., text=...)` saves the text the
  post form was given, inside the transaction that saves the post, leaving
  each network's own version as it is (`contentplan.texts`).
- `post_reach(post_ids)` → `{post_id: reach}`, the posts' latest known reach
  summed over the networks (absent when unknown), asked once per calendar
  page for all its posts (`contentplan.chips`).
- `rubric_hours(region_id=...)` → `{rubric_id: HourHint}` and
  `rubric_medians(region_id=..., end=...)` → `{rubric_id: ReachMedian}`: what
  the post form suggests and the month's balance shows (`contentplan.hints`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ChannelStates = Callable[[list[int]], dict[int, dict[str, str]]]
PostWarnings = Callable[[list], dict[int, list[tuple[str, str]]]]
FindCopies = Callable[[list[int]], dict[int, list]]
BeforeDelete = Callable[..., None]
PostTexts = Callable[[list[int]], dict[int, str]]
SaveText = Callable[..., None]
PostReach = Callable[[list[int]], dict[int, int]]
RubricHours = Callable[..., dict]
RubricMedians = Callable[..., dict]


@dataclass(frozen=True)
class PostExtension:
    name: str
    panel_template: str | None = None
    panel_position: int = 100
    channel_states: ChannelStates | None = None
    post_warnings: PostWarnings | None = None
    find_copies: FindCopies | None = None
    before_delete: BeforeDelete | None = None
    post_texts: PostTexts | None = None
    save_text: SaveText | None = None
    post_reach: PostReach | None = None
    rubric_hours: RubricHours | None = None
    rubric_medians: RubricMedians | None = None


# Name → extension, in the order registered.
_registered: dict[str, PostExtension] = {}


def register(extension: PostExtension) -> PostExtension:
    """Register an app's extension; registering one name again replaces it,
    so an app whose `ready` runs twice is asked once."""
    _registered[extension.name] = extension
    return extension


def unregister(extension: PostExtension) -> None:
    if _registered.get(extension.name) == extension:
        del _registered[extension.name]


def registered() -> list[PostExtension]:
    return list(_registered.values())
