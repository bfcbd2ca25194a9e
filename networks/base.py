"""The one interface of a network, and what its operations take and give.

A network is an object of a subclass of `Network` in its own module
(`telegram`, `facebook`, `instagram`, `feed`), registered once in
`networks/__init__.py` under its code (the stored name of its pages'
platform). It says which operations it supports in `operations`; the others
raise ``unsupported``. `networks/tests/test_interface.py` holds each network
to what it declares: a declared operation is implemented, with the
interface's own parameters, and an implemented one is declared.

The operations:

- ``check``: the token and the page: the page's id and name on the network.
- ``measure``: the page's audience now (its followers or subscribers).
- ``list_posts``: the page's posts, newest first, back past the audit's
  window. A Telegram bot cannot list a channel's posts (it receives them as
  they come: `telegram.updates`, the webhook); a feed lists only its latest
  entries, so the portal keeps what it has seen.
- ``insights``: the figures of the page's posts since a moment (reach,
  views, reactions, comments, shares: `measurement.PostFigures`), each
  figure the network does not give None, never 0. `due(id, time)` names
  the posts whose figures are wanted where each post costs a call of its
  own (Instagram); a network that gives them with the list gives them all.
  A token without the permission for part of it measures the rest and
  names the permission (`measurement.Insights.missing`).
- ``page_daily``: the page's figures of one day (follows, reach, views).
- ``publish``: a post of a text and images; ``find``: our post among the
  page's posts, when a worker died before recording the answer (a network
  that can be asked gets the portal's invisible marker in its text);
  ``edit`` and ``delete`` what was published.

Every operation takes the token, the page, and the run's `http.Limits`
(optional), and raises `errors.NetworkError`. A call that creates,
changes or deletes something is made exactly once (no blind retry): the
caller decides what follows.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from . import http
from .errors import NetworkError
from .measurement import Insights, PageDay, Post


class Operation(StrEnum):
    CHECK = "check"
    MEASURE = "measure"
    LIST_POSTS = "list_posts"
    INSIGHTS = "insights"
    PAGE_DAILY = "page_daily"
    PUBLISH = "publish"
    FIND = "find"
    EDIT = "edit"
    DELETE = "delete"


@dataclass(frozen=True)
class Page:
    """A page (a Facebook page, an Instagram account, a channel, a site) as
    the portal knows it: what the person gave, and the network's id once a
    check found it."""

    account: str
    external_id: str = ""


@dataclass(frozen=True)
class Found:
    """What a check found: the page's id and name on the network (and a bot's id)."""

    external_id: str
    name: str
    bot_id: str = ""


@dataclass(frozen=True)
class Published:
    network_id: str
    permalink: str
    # A Telegram album's other messages (the first is `network_id`'s).
    more: tuple[str, ...] = ()


# Whether a post the network lists is ours: its text and its time (None if
# the network gave none).
Match = Callable[[str, datetime | None], bool]


def units(text: str) -> int:
    """A text's length as Telegram and the Graph API count it (UTF-16 code units):
    a Cyrillic or Kazakh letter is one, an emoji two."""
    return len(text.encode("utf-16-le")) // 2


class Network:
    """One network's client. Subclasses set the class attributes and implement
    the operations they declare; they hold no state between calls."""

    # The platform's stored name (branches.SocialPage.Platform), and the code of
    # the plan's channel that goes out to it (contentplan.Channel.code).
    code: ClassVar[str]
    name: ClassVar[str]
    operations: ClassVar[frozenset[Operation]] = frozenset()
    needs_token: ClassVar[bool] = True
    # Its check finds the page's own id on the network, which every other
    # operation names the page by (a feed is named by its address alone).
    identifies_page: ClassVar[bool] = True
    # Where its feed cuts a post's text behind «ещё» (None: it shows it all).
    fold: ClassVar[int | None] = None
    # Its feed shows a post's picture wide (1.91:1), not square.
    wide_image: ClassVar[bool] = False

    def __repr__(self) -> str:
        return f"<network {self.code}>"

    @property
    def publishes(self) -> bool:
        """Whether the portal publishes to it by itself: the plan's channel of
        the same code goes out there (`networks.publishing`)."""
        return Operation.PUBLISH in self.operations

    def supports(self, *operations: Operation) -> bool:
        return all(operation in self.operations for operation in operations)

    def scopes(self, token: str) -> dict[str, str]:
        """The keys of `http.Limits` a call with this token falls under."""
        return {}

    def _unsupported(self, operation: Operation) -> NetworkError:
        return NetworkError("unsupported", operation=str(operation))

    def check(self, *, token: str, page: Page, limits: http.Limits | None = None) -> Found:
        raise self._unsupported(Operation.CHECK)

    def measure(self, *, token: str, page: Page, limits: http.Limits | None = None) -> int:
        """The page's followers (or subscribers) now."""
        raise self._unsupported(Operation.MEASURE)

    def list_posts(
        self, *, token: str, page: Page, now: datetime, limits: http.Limits | None = None
    ) -> list[Post]:
        raise self._unsupported(Operation.LIST_POSTS)

    def insights(
        self,
        *,
        token: str,
        page: Page,
        since: datetime,
        due: Callable[[str, datetime], bool] | None = None,
        limits: http.Limits | None = None,
    ) -> Insights:
        """The figures of the page's posts that went out after `since`."""
        raise self._unsupported(Operation.INSIGHTS)

    def page_daily(
        self, *, token: str, page: Page, day: date, limits: http.Limits | None = None
    ) -> PageDay:
        """The page's figures of `day` (a day in UTC, as the networks count)."""
        raise self._unsupported(Operation.PAGE_DAILY)

    def publish(
        self,
        *,
        token: str,
        page: Page,
        text: str,
        images: Sequence[str],
        draft: str = "",
        keep_draft: Callable[[str], None] | None = None,
        limits: http.Limits | None = None,
    ) -> Published:
        """Publish `text` with `images` (addresses the network fetches).

        A network that publishes in two steps (Instagram: a container, then
        its publication) hands the first step's id to `keep_draft` before the
        second, and takes it back as `draft` on a later try, so a retry does
        not make a second one.
        """
        raise self._unsupported(Operation.PUBLISH)

    def find(
        self,
        *,
        token: str,
        page: Page,
        back_to: datetime,
        match: Match,
        limits: http.Limits | None = None,
    ) -> Published | None:
        """The first of the page's posts, read newest first back to `back_to`,
        that `match` takes for ours; None when the list ends (or reaches back
        past `back_to`) without it. A look that cannot finish raises
        ``unknown_outcome``: no verdict, rather than a second post."""
        raise self._unsupported(Operation.FIND)

    def edit(
        self,
        *,
        token: str,
        page: Page,
        post_id: str,
        text: str,
        with_media: bool,
        limits: http.Limits | None = None,
    ) -> None:
        """Put `text` on the post; `with_media` says it carries an image (a
        caption may be shorter than a text)."""
        raise self._unsupported(Operation.EDIT)

    def delete(
        self,
        *,
        token: str,
        page: Page,
        post_id: str,
        album: Sequence[str] = (),
        limits: http.Limits | None = None,
    ) -> None:
        raise self._unsupported(Operation.DELETE)


def problems(network: Network) -> list[str]:
    """What keeps `network` from being a network of the interface: an operation
    declared but not implemented, implemented but not declared, or implemented
    with other parameters than the interface's. Empty when it is one."""
    found = []
    if not isinstance(network, Network):
        return [f"{network!r} is not a Network"]
    for attribute in ("code", "name"):
        if not isinstance(getattr(network, attribute, None), str):
            found.append(f"{network!r} has no {attribute}")
    for operation in Operation:
        ours = getattr(type(network), operation.value)
        theirs = getattr(Network, operation.value)
        implemented = ours is not theirs
        if operation in network.operations and not implemented:
            found.append(f"{network.code} declares {operation} but does not implement it")
        if implemented and operation not in network.operations:
            found.append(f"{network.code} implements {operation} but does not declare it")
        if implemented:
            wanted = list(inspect.signature(theirs).parameters)
            given = list(inspect.signature(ours).parameters)
            if given != wanted:
                found.append(f"{network.code}.{operation} takes {given}, not {wanted}")
    return found
