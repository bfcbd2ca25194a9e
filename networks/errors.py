"""The one vocabulary of what goes wrong with a call to a network.

Every operation on a network, a measurement or a publication alike, fails
with a `NetworkError`: a code, its numbers, and the code's kind, which tells
the caller what follows. A code is stored (on a connection, a publication)
and described in the reader's language when a page shows it, like the
audit's reasons. No message ever carries the network's own words verbatim
(they may quote the request) nor a token.

Kinds:

- ``token``: the network no longer accepts the token; only a new one helps.
- ``refused``: the network, or one of its rules checked before the call,
  said no; a person must change something (rights, the text, the image).
- ``transient``: it may work later; nothing is known to be wrong.
- ``limited``: the network asks the portal to slow down.
- ``unknown``: nobody can tell whether a post went out; a person looks.
- ``done``: not a failure: what was asked is already so (the same text).

Ambiguous codes: the request went out and no clear answer came back, so the
network may have done it all the same (a post may be out).
"""

from __future__ import annotations

import math
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop


class Kind(StrEnum):
    TOKEN = "token"  # noqa: S105  (a kind of error, no secret)
    REFUSED = "refused"
    TRANSIENT = "transient"
    LIMITED = "limited"
    UNKNOWN = "unknown"
    DONE = "done"


K = Kind
KINDS = {
    # The network's answers.
    "token_expired": K.TOKEN,
    "no_permission": K.REFUSED,
    "refused": K.REFUSED,
    "not_found": K.REFUSED,
    "not_a_channel": K.REFUSED,
    "no_pages": K.REFUSED,
    "conflict": K.REFUSED,
    "image_refused": K.REFUSED,
    "duplicate": K.REFUSED,
    "cannot_delete": K.REFUSED,
    "rate_limited": K.LIMITED,
    # Reach: a token without the permission for insights (the rest is
    # measured); a metric the network no longer knows; a channel whose
    # posts no public page shows.
    "insights_permission": K.REFUSED,
    "invalid_metric": K.REFUSED,
    "not_measured": K.REFUSED,
    "too_few_viewers": K.REFUSED,
    "login_rate_limited": K.LIMITED,
    "not_modified": K.DONE,
    # The network's rules, checked before any call.
    "text_too_long": K.REFUSED,
    "image_required": K.REFUSED,
    "unsupported": K.REFUSED,
    "not_editable": K.REFUSED,
    # The way there and back.
    "timeout": K.TRANSIENT,
    "server_error": K.TRANSIENT,
    "unreachable": K.TRANSIENT,
    "dropped": K.TRANSIENT,
    "malformed": K.TRANSIENT,
    "missing_field": K.TRANSIENT,
    "unknown_outcome": K.UNKNOWN,
    # The portal's side: nothing was sent.
    "bad_key": K.REFUSED,
    "not_connected": K.REFUSED,
    "no_text": K.REFUSED,
    "internal": K.TRANSIENT,
}
# The request went out and no clear answer came back: it may have been done.
AMBIGUOUS = frozenset({"server_error", "timeout", "dropped", "malformed", "missing_field"})


class NetworkError(Exception):
    """An operation on a network did not succeed; `code` as in `KINDS`."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def kind(self) -> Kind:
        return KINDS.get(self.code, Kind.REFUSED)

    @property
    def transient(self) -> bool:
        """Worth another try later: nothing is known to be wrong, or the network
        asked to wait."""
        return self.kind in (Kind.TRANSIENT, Kind.LIMITED)

    @property
    def ambiguous(self) -> bool:
        """The network may have done it all the same."""
        return self.code in AMBIGUOUS

    def __str__(self) -> str:
        return describe(self.code, self.params)

    def __repr__(self) -> str:
        return f"NetworkError({self.code!r}, {self.params!r})"


class RetryAfter(Exception):
    """The network asked to wait this many seconds before the next call.

    `scope` is whom the limit holds: ``"app"``, every call of the portal's
    app on that network (Graph's application limit), or ``"token"``, the
    calls with this token only (a page's or a bot's limit; the narrower
    scope is the default when the network does not say). `named` is False
    when the network named no time and `seconds` is our estimate of its window.
    """

    def __init__(self, seconds: float, *, scope: str = "token", named: bool = True):
        super().__init__(seconds)
        self.seconds = seconds
        self.scope = scope
        self.named = named


def _tries(sentence: str, params: dict) -> str:
    tries = params.get("tries")
    if isinstance(tries, int) and not isinstance(tries, bool) and tries > 1:
        return f"{sentence} " + _("Tries: %(tries)s.") % {"tries": tries}
    return sentence


# Each code's sentence (marked here, translated when told) and the parameters
# it names; a parameter the caller left out reads «?».
SENTENCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "token_expired": (
        gettext_noop("The network no longer accepts the page's token: connect the page again."),
        (),
    ),
    "no_permission": (
        gettext_noop(
            "The token or the bot lacks the rights for this (the network's error %(error)s): "
            "make the bot an administrator of the channel, or connect the page again with "
            "the permissions asked."
        ),
        ("error",),
    ),
    "refused": (
        gettext_noop(
            "The network refused the request (error %(error)s): check that the token "
            "belongs to this page and has the needed permissions."
        ),
        ("error",),
    ),
    "insights_permission": (
        gettext_noop(
            "The token lacks the permission %(permission)s, so the network does not give "
            "the posts' reach: connect the page again and allow it. What can be read without "
            "it is measured."
        ),
        ("permission",),
    ),
    "invalid_metric": (
        gettext_noop(
            "The network no longer gives a figure the portal asked for (error %(error)s): "
            "the portal must be updated."
        ),
        ("error",),
    ),
    "not_measured": (
        gettext_noop(
            "The reach of this channel is not measured: a private channel has no public "
            "page to read its views from."
        ),
        (),
    ),
    "too_few_viewers": (
        gettext_noop("Too few people saw the post for the network to show its figures."),
        (),
    ),
    "not_found": (
        gettext_noop("The network does not find this page: it may have been deleted or renamed."),
        (),
    ),
    "not_a_channel": (gettext_noop("This Telegram chat is not a channel."), ()),
    "no_pages": (
        gettext_noop(
            "This Facebook account manages no pages: log in as an administrator of the "
            "page, and allow the portal to see your pages."
        ),
        (),
    ),
    "conflict": (
        gettext_noop("Another program takes this bot's updates (a webhook is set elsewhere)."),
        (),
    ),
    "image_refused": (
        gettext_noop(
            "The network could not take the image (it may be too large, of an odd shape, or "
            "unreachable at its address)."
        ),
        (),
    ),
    "duplicate": (
        gettext_noop("The network refused the post as a repeat of one just published."),
        (),
    ),
    "cannot_delete": (
        gettext_noop(
            "Telegram lets a bot delete only its messages of the last 48 hours: delete this "
            "one by hand in the channel."
        ),
        (),
    ),
    "login_rate_limited": (
        gettext_noop("Facebook temporarily limits the portal's requests: log in again later."),
        (),
    ),
    "not_modified": (gettext_noop("The text on the network is already the same."), ()),
    "text_too_long": (
        gettext_noop(
            "The network refused the text as too long: %(length)s of %(limit)s characters."
        ),
        ("length", "limit"),
    ),
    "image_required": (
        gettext_noop("Instagram publishes only with an image: choose a photo or the card."),
        (),
    ),
    "unsupported": (
        gettext_noop("This network does not let the portal do this through its API."),
        (),
    ),
    "not_editable": (
        gettext_noop(
            "This network does not let the portal change or delete a post: "
            "do it in the network's own app."
        ),
        (),
    ),
    "timeout": (gettext_noop("The network did not answer in time."), ()),
    "server_error": (
        gettext_noop("The network answered with an error (HTTP %(status)s)."),
        ("status",),
    ),
    "unreachable": (gettext_noop("The network cannot be reached."), ()),
    "dropped": (gettext_noop("The connection to the network broke before its answer."), ()),
    "malformed": (gettext_noop("The network's answer could not be read."), ()),
    "missing_field": (
        gettext_noop("The network's answer lacks the field «%(field)s»."),
        ("field",),
    ),
    "unknown_outcome": (
        gettext_noop(
            "The portal called the network but never heard whether the post went out. "
            "Look at the channel and confirm: published, or not."
        ),
        (),
    ),
    "bad_key": (
        gettext_noop("The stored token cannot be decrypted (CHANNELS_KEY changed): connect again."),
        (),
    ),
    "not_connected": (
        gettext_noop("The region's page on this network is no longer connected."),
        (),
    ),
    "no_text": (
        gettext_noop("The post has no publication text: write it in the post's panel."),
        (),
    ),
    "internal": (
        gettext_noop("The portal could not prepare the post (its error is in the server's log)."),
        (),
    ),
}
# The way there and back: these say how many tries were made, when several.
TOLD_TRIES = frozenset({"timeout", "server_error", "unreachable", "dropped"})


def _rate_limited(params: dict) -> str:
    """The network's limit, with the minutes left when the network named them."""
    seconds = params.get("seconds")
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds > 0:
        return _("The network limits the portal's requests for about %(minutes)s min more.") % {
            "minutes": max(1, math.ceil(seconds / 60))
        }
    return _("The network temporarily limits the portal's requests.")


def describe(code: str, params: dict | None = None) -> str:
    """A stored code as a sentence in the current language."""
    params = params or {}
    if code == "rate_limited":
        return _rate_limited(params)
    if code not in SENTENCES:
        return str(code)
    sentence, names = SENTENCES[code]
    told = _(sentence)
    if names:
        told = told % {name: params.get(name, "?") for name in names}
    return _tries(told, params) if code in TOLD_TRIES else told
