"""Why a publication failed, stored as a code with its numbers and told in the
reader's language (like the connections' errors): never the network's own
words verbatim, never a token.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# Failures worth another try later (nothing was published, or we cannot know
# yet); every other code is a refusal and fails at once.
TRANSIENT = {
    "rate_limited",
    "server_error",
    "timeout",
    "unreachable",
    "dropped",
    "malformed",
    "internal",
}
# Failures after which the network may have published all the same: the
# request went out and no clear answer came back.
AMBIGUOUS = {"server_error", "timeout", "dropped", "malformed"}


def describe(code: str, params: dict | None = None) -> str:
    params = params or {}
    if code == "token_expired":
        return _("The network no longer accepts the page's token: connect the page again.")
    if code == "no_permission":
        return _(
            "The page's token may not publish (the network's error %(error)s): connect the "
            "page again with the permission to publish."
        ) % {"error": params.get("error", "?")}
    if code == "text_too_long":
        return _(
            "The network refused the text as too long: %(length)s of %(limit)s characters."
        ) % {
            "length": params.get("length", "?"),
            "limit": params.get("limit", "?"),
        }
    if code == "image_refused":
        return _(
            "The network could not take the image (it may be too large, of an odd shape, or "
            "unreachable at its address)."
        )
    if code == "image_required":
        return _("Instagram publishes only with an image: choose a photo or the card.")
    if code == "no_text":
        return _("The post has no publication text: write it in the post's panel.")
    if code == "not_found":
        return _("The network does not find the page or the chat: check the connection.")
    if code == "not_connected":
        return _("The region's page on this network is no longer connected.")
    if code == "bad_key":
        return _("The stored token cannot be decrypted (CHANNELS_KEY changed): connect again.")
    if code == "refused":
        return _("The network refused the post (its error %(error)s).") % {
            "error": params.get("error", "?")
        }
    if code == "duplicate":
        return _("The network refused the post as a repeat of one just published.")
    if code == "rate_limited":
        return _("The network asked to slow down; tried again for an hour.")
    if code == "server_error":
        return _(
            "The network answered with an error (HTTP %(status)s); tried again for an hour."
        ) % {"status": params.get("status", "?")}
    if code == "timeout":
        return _("The network did not answer in time; tried again for an hour.")
    if code == "unreachable":
        return _("The network could not be reached; tried again for an hour.")
    if code == "dropped":
        return _("The connection to the network broke before its answer; tried again for an hour.")
    if code == "malformed":
        return _("The network's answer could not be read; tried again for an hour.")
    if code == "internal":
        return _(
            "The portal could not prepare the post (its error is in the server's log); "
            "tried again for an hour."
        )
    if code == "not_modified":
        return _("The text on the network is already the same.")
    if code == "not_editable":
        return _(
            "This network does not let the portal change or delete a post: "
            "do it in the network's own app."
        )
    if code == "cannot_delete":
        return _(
            "Telegram lets a bot delete only its messages of the last 48 hours: delete this "
            "one by hand in the channel."
        )
    if code == "unknown_outcome":
        return _(
            "The portal called the network but never heard whether the post went out. "
            "Look at the channel and confirm: published, or not."
        )
    return str(code)


class PublishError(Exception):
    """A call to publish did not succeed; `code` as above."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def transient(self) -> bool:
        return self.code in TRANSIENT

    @property
    def ambiguous(self) -> bool:
        return self.code in AMBIGUOUS

    def __str__(self) -> str:
        return describe(self.code, self.params)
