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


def describe(code: str, params: dict | None = None) -> str:
    """A stored code as a sentence in the current language."""
    params = params or {}
    if code == "token_expired":
        return _("The network no longer accepts the page's token: connect the page again.")
    if code == "no_permission":
        return _(
            "The token or the bot lacks the rights for this (the network's error %(error)s): "
            "make the bot an administrator of the channel, or connect the page again with "
            "the permissions asked."
        ) % {"error": params.get("error", "?")}
    if code == "refused":
        return _(
            "The network refused the request (error %(error)s): check that the token "
            "belongs to this page and has the needed permissions."
        ) % {"error": params.get("error", "?")}
    if code == "insights_permission":
        return _(
            "The token lacks the permission %(permission)s, so the network does not give "
            "the posts' reach: connect the page again and allow it. What can be read without "
            "it is measured."
        ) % {"permission": params.get("permission", "?")}
    if code == "invalid_metric":
        return _(
            "The network no longer gives a figure the portal asked for (error %(error)s): "
            "the portal must be updated."
        ) % {"error": params.get("error", "?")}
    if code == "not_measured":
        return _(
            "The reach of this channel is not measured: a private channel has no public "
            "page to read its views from."
        )
    if code == "too_few_viewers":
        return _("Too few people saw the post for the network to show its figures.")
    if code == "not_found":
        return _("The network does not find this page: it may have been deleted or renamed.")
    if code == "not_a_channel":
        return _("This Telegram chat is not a channel.")
    if code == "no_pages":
        return _(
            "This Facebook account manages no pages: log in as an administrator of the "
            "page, and allow the portal to see your pages."
        )
    if code == "conflict":
        return _("Another program takes this bot's updates (a webhook is set elsewhere).")
    if code == "image_refused":
        return _(
            "The network could not take the image (it may be too large, of an odd shape, or "
            "unreachable at its address)."
        )
    if code == "duplicate":
        return _("The network refused the post as a repeat of one just published.")
    if code == "cannot_delete":
        return _(
            "Telegram lets a bot delete only its messages of the last 48 hours: delete this "
            "one by hand in the channel."
        )
    if code == "rate_limited":
        seconds = params.get("seconds")
        if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds > 0:
            return _("The network limits the portal's requests for about %(minutes)s min more.") % {
                "minutes": max(1, math.ceil(seconds / 60))
            }
        return _("The network temporarily limits the portal's requests.")
    if code == "login_rate_limited":
        return _("Facebook temporarily limits the portal's requests: log in again later.")
    if code == "not_modified":
        return _("The text on the network is already the same.")
    if code == "text_too_long":
        return _(
            "The network refused the text as too long: %(length)s of %(limit)s characters."
        ) % {"length": params.get("length", "?"), "limit": params.get("limit", "?")}
    if code == "image_required":
        return _("Instagram publishes only with an image: choose a photo or the card.")
    if code == "unsupported":
        return _("This network does not let the portal do this through its API.")
    if code == "not_editable":
        return _(
            "This network does not let the portal change or delete a post: "
            "do it in the network's own app."
        )
    if code == "timeout":
        return _tries(_("The network did not answer in time."), params)
    if code == "server_error":
        sentence = _("The network answered with an error (HTTP %(status)s).") % {
            "status": params.get("status", "?")
        }
        return _tries(sentence, params)
    if code == "unreachable":
        return _tries(_("The network cannot be reached."), params)
    if code == "dropped":
        return _tries(_("The connection to the network broke before its answer."), params)
    if code == "malformed":
        return _("The network's answer could not be read.")
    if code == "missing_field":
        return _("The network's answer lacks the field «%(field)s».") % {
            "field": params.get("field", "?")
        }
    if code == "unknown_outcome":
        return _(
            "The portal called the network but never heard whether the post went out. "
            "Look at the channel and confirm: published, or not."
        )
    if code == "bad_key":
        return _("The stored token cannot be decrypted (CHANNELS_KEY changed): connect again.")
    if code == "not_connected":
        return _("The region's page on this network is no longer connected.")
    if code == "no_text":
        return _("The post has no publication text: write it in the post's panel.")
    if code == "internal":
        return _("The portal could not prepare the post (its error is in the server's log).")
    return str(code)
