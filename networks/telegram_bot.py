"""The union's own Telegram bot, through the Bot API: what people write to it.

The channels' side of Telegram (measuring, publishing) is `telegram`; this
module holds only what a conversation with people needs
(core.telegram.org/bots/api): ``getMe`` for the bot's name, ``getUpdates``
with an offset (every update the bot confirmed by asking past it is
forgotten by Telegram), ``setWebhook``/``deleteWebhook``, ``getFile`` and the
file's download from ``{TELEGRAM_API_URL}/file/bot<token>/<file_path>``,
``sendMessage`` with an inline keyboard, ``answerCallbackQuery`` and
``editMessageText``.

Errors are read as `telegram.interpret` reads them, with one more: a 403
whose description says the user blocked the bot (or deleted their account)
is ``no_permission`` with ``blocked=True``, so the caller marks that person's
link inactive. The token is in every address, so no address is logged or put
into an error (`http` keeps to that).
"""

from __future__ import annotations

from django.conf import settings

from . import http
from .errors import NetworkError
from .telegram import interpret

TEXT = 4096  # a message's length
CALLBACK_DATA = 64  # bytes of a button's data
FILE_LIMIT = 20 * 1024 * 1024  # the largest file a bot may download
BLOCKED_WORDS = ("blocked by the user", "user is deactivated", "bot was kicked")
UPDATES = ["message", "edited_message", "callback_query"]


def _interpret(response: http.Response):
    try:
        return interpret(response)
    except NetworkError as error:
        body = response.json() if response.body else {}
        text = str(body.get("description", "")).lower() if isinstance(body, dict) else ""
        if error.code == "no_permission" and any(word in text for word in BLOCKED_WORDS):
            raise NetworkError("no_permission", error=403, blocked=True) from None
        raise


def blocked(error: NetworkError) -> bool:
    """Whether the person blocked the bot: their link is then inactive."""
    return error.code == "no_permission" and bool(error.params.get("blocked"))


def _call(token: str, method: str, *, retries: int | None = None, **params):
    return http.request(
        "POST",
        f"{settings.TELEGRAM_API_URL}/bot{token}/{method}",
        data=params,
        interpret=_interpret,
        network="telegram",
        retries=retries,
        scopes={"token": http.scope_key("telegram", token)},
    )


def bounded(text: str, limit: int = TEXT) -> str:
    """A text Telegram takes: at most `limit` characters (UTF-16 units counted
    generously: a character outside the BMP counts twice)."""
    out, used = [], 0
    for char in text:
        cost = 2 if ord(char) > 0xFFFF else 1
        if used + cost > limit - 1:
            return "".join(out) + "…"
        out.append(char)
        used += cost
    return text


def get_me(*, token: str) -> dict:
    """The bot itself: its id and ``username`` (the name in t.me links)."""
    bot = _call(token, "getMe")
    if not isinstance(bot, dict) or not bot.get("username"):
        raise NetworkError("missing_field", field="username")
    return bot


def get_updates(*, token: str, offset: int, wait: int = 0) -> list[dict]:
    """The updates waiting since `offset` (up to 100), holding the connection
    up to `wait` seconds when there are none (long polling).

    Asking with an offset confirms every earlier update: Telegram forgets them.
    A webhook set for the bot makes this a ``conflict``.
    """
    batch = _call(
        token,
        "getUpdates",
        offset=offset,
        limit=100,
        timeout=wait,
        allowed_updates=UPDATES,
    )
    if not isinstance(batch, list):
        raise NetworkError("malformed")
    return [u for u in batch if isinstance(u, dict) and isinstance(u.get("update_id"), int)]


def set_webhook(*, token: str, url: str, secret: str) -> None:
    _call(token, "setWebhook", url=url, secret_token=secret, allowed_updates=UPDATES)


def delete_webhook(*, token: str) -> None:
    _call(token, "deleteWebhook")


def get_file(*, token: str, file_id: str) -> dict:
    """The file's ``file_path`` (valid an hour) and ``file_size``."""
    found = _call(token, "getFile", file_id=file_id)
    if not isinstance(found, dict) or not found.get("file_path"):
        raise NetworkError("missing_field", field="file_path")
    return found


def download(*, token: str, file_path: str, limit: int = FILE_LIMIT) -> bytes:
    """The file's bytes; ``file_too_large`` when it has more than `limit`."""

    def read(response: http.Response) -> bytes:
        if response.status != 200:
            raise NetworkError("not_found")
        return response.body

    body = http.request(
        "GET",
        f"{settings.TELEGRAM_API_URL}/file/bot{token}/{file_path.lstrip('/')}",
        interpret=read,
        network="telegram",
        max_body=limit + 1,
    )
    if len(body) > limit:
        raise NetworkError("file_too_large", limit=limit)
    return body


def keyboard(rows: list[list[tuple[str, str]]]) -> dict:
    """An inline keyboard: rows of (label, callback data) or (label, https address)."""
    return {
        "inline_keyboard": [
            [
                {"text": label, "url": data}
                if data.startswith(("https://", "http://"))
                else {"text": label, "callback_data": data[:CALLBACK_DATA]}
                for label, data in row
            ]
            for row in rows
        ]
    }


def send_message(*, token: str, chat_id: int | str, text: str, buttons: dict | None = None) -> int:
    """Send a plain text (no markup: whatever people wrote stays text); its message id."""
    params = {
        "chat_id": chat_id,
        "text": bounded(text),
        "link_preview_options": {"is_disabled": True},
    }
    if buttons:
        params["reply_markup"] = buttons
    sent = _call(token, "sendMessage", **params)
    if not isinstance(sent, dict) or not isinstance(sent.get("message_id"), int):
        raise NetworkError("malformed")
    return sent["message_id"]


def edit_message_text(
    *, token: str, chat_id: int | str, message_id: int, text: str, buttons: dict | None = None
) -> None:
    params = {"chat_id": chat_id, "message_id": message_id, "text": bounded(text)}
    if buttons is not None:
        params["reply_markup"] = buttons
    try:
        _call(token, "editMessageText", **params)
    except NetworkError as error:
        if error.code != "not_modified":
            raise


def answer_callback_query(*, token: str, callback_query_id: str, text: str = "") -> None:
    params = {"callback_query_id": callback_query_id}
    if text:
        params["text"] = bounded(text, 200)
    _call(token, "answerCallbackQuery", **params)
