"""The one exception of the networks' clients, and what each of its codes means.

A code is stored on the connection with its numbers, and described in the
reader's language when a page shows it, like the audit's reasons. No message
ever carries the network's own words verbatim (they may quote the request)
nor a token.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

# What a failure does to the connection's status. A rate limit is no failure:
# the page waits for the network's window and is measured at the next collection.
EXPIRED, REFUSED, FAILING, WAITING = "expired", "refused", "failing", "waiting"

STATUS_OF = {
    "token_expired": EXPIRED,
    "refused": REFUSED,
    "not_found": REFUSED,
    "not_a_channel": REFUSED,
    "bad_key": REFUSED,
    "no_pages": REFUSED,
    "timeout": FAILING,
    "server_error": FAILING,
    "unreachable": FAILING,
    "dropped": FAILING,
    "rate_limited": WAITING,
    "malformed": FAILING,
    "missing_field": FAILING,
}


class NetworkError(Exception):
    """The network said no, or said something that cannot be read."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def status(self) -> str:
        return STATUS_OF.get(self.code, FAILING)

    def __str__(self) -> str:
        return describe(self.code, self.params)


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


def describe(code: str, params: dict | None = None) -> str:
    """A stored error as a sentence in the current language."""
    params = params or {}
    if code == "token_expired":
        return _("The token was revoked or has expired: connect the page again.")
    if code == "refused":
        return _(
            "The network refused the request (error %(error)s): check that the token "
            "belongs to this page and has the needed permissions."
        ) % {"error": params.get("error", "?")}
    if code == "not_found":
        return _("The network does not find this page: it may have been deleted or renamed.")
    if code == "not_a_channel":
        return _("This Telegram chat is not a channel.")
    if code == "no_pages":
        return _(
            "This Facebook account manages no pages: log in as an administrator of the "
            "page, and allow the portal to see your pages."
        )
    if code == "bad_key":
        return _("The stored token cannot be decrypted (CHANNELS_KEY changed): connect again.")
    if code == "timeout":
        return _("The network did not answer in time, %(tries)s tries.") % {
            "tries": params.get("tries", 1)
        }
    if code == "server_error":
        return _("The network answered with an error (HTTP %(status)s), %(tries)s tries.") % {
            "status": params.get("status", "?"),
            "tries": params.get("tries", 1),
        }
    if code == "unreachable":
        return _("The network cannot be reached, %(tries)s tries.") % {
            "tries": params.get("tries", 1)
        }
    if code == "dropped":
        return _("The connection to the network broke before its answer, %(tries)s tries.") % {
            "tries": params.get("tries", 1)
        }
    if code == "rate_limited":
        seconds = params.get("seconds")
        if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds > 0:
            return _(
                "The network limits the portal's requests for about %(minutes)s min more: "
                "the page will be measured at the next collection; the connection is fine."
            ) % {"minutes": max(1, math.ceil(seconds / 60))}
        return _(
            "The network temporarily limits the portal's requests: the page will be "
            "measured at the next collection; the connection is fine."
        )
    if code == "login_rate_limited":
        return _("Facebook temporarily limits the portal's requests: log in again later.")
    if code == "malformed":
        return _("The network's answer could not be read.")
    if code == "missing_field":
        return _("The network's answer lacks the field «%(field)s».") % {
            "field": params.get("field", "?")
        }
    return str(code)
