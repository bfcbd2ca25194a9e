"""Telegram channels through the Bot API.

The bot (made by @BotFather, an administrator of the channel) reads the
channel's subscribers with ``getChatMemberCount``. It sees the channel's posts
only as they come: ``channel_post`` updates, by a webhook with a secret token
when the portal has an https address, by polling ``getUpdates`` otherwise. A
forwarded post (``forward_origin``, or ``forward_from_chat`` in older
answers) counts as a repost.

Errors: 401 and 403 (token revoked, bot removed from the channel) expire the
connection; 400 about the chat means the channel is gone or renamed; 429
comes with ``parameters.retry_after``, a limit of that bot (its token)
alone; 409 from ``getUpdates`` means a webhook is set, so there is nothing to
poll.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

from . import http
from .errors import NetworkError, RetryAfter

MAX_UPDATE_BATCHES = 20  # 100 updates each


class _Conflict(Exception):
    pass


def _interpret(response: http.Response):
    body = response.json()
    if not isinstance(body, dict) or "ok" not in body:
        raise NetworkError("malformed")
    if body["ok"] is True:
        if "result" not in body:
            raise NetworkError("missing_field", field="result")
        return body["result"]
    code = body.get("error_code", response.status)
    parameters = body.get("parameters") or {}
    if code == 429 or "retry_after" in parameters:
        seconds = parameters.get("retry_after")
        raise RetryAfter(float(seconds) if isinstance(seconds, int | float) else 1.0)
    if code in (401, 403):
        raise NetworkError("token_expired")
    if code == 409:
        raise _Conflict
    if code == 400 and "chat not found" in str(body.get("description", "")).lower():
        raise NetworkError("not_found")
    raise NetworkError("refused", error=code)


def _call(token: str, method: str, *, limits: http.Limits | None = None, **params):
    url = f"{settings.TELEGRAM_API_URL}/bot{token}/{method}"
    return http.request(
        "POST",
        url,
        data=params,
        interpret=_interpret,
        network="telegram",
        limits=limits,
        scopes={"token": http.scope_key("telegram", token)},
    )


def _chat_ref(account: str) -> str:
    account = account.strip()
    if account.lstrip("-").isdigit():
        return account
    return account if account.startswith("@") else f"@{account}"


def check(*, token: str, account: str, limits: http.Limits | None = None) -> dict:
    """The bot and the channel: the channel's id and title, the bot's id."""
    bot = _call(token, "getMe", limits=limits)
    if not isinstance(bot, dict) or "id" not in bot:
        raise NetworkError("missing_field", field="id")
    chat = _call(token, "getChat", limits=limits, chat_id=_chat_ref(account))
    if not isinstance(chat, dict) or "id" not in chat:
        raise NetworkError("missing_field", field="id")
    if chat.get("type") != "channel":
        raise NetworkError("not_a_channel")
    subscribers(token=token, chat_id=str(chat["id"]), limits=limits)
    return {
        "external_id": str(chat["id"]),
        "name": str(chat.get("title", ""))[:255],
        "bot_id": str(bot["id"]),
    }


def subscribers(*, token: str, chat_id: str, limits: http.Limits | None = None) -> int:
    count = _call(token, "getChatMemberCount", limits=limits, chat_id=chat_id)
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise NetworkError("missing_field", field="result")
    return count


@dataclass(frozen=True)
class ChannelPost:
    chat_id: str
    message_id: int
    at: datetime
    forwarded: bool


def post_of(update: dict) -> ChannelPost | None:
    """The channel post an update carries, or None for any other update."""
    message = update.get("channel_post") if isinstance(update, dict) else None
    if not isinstance(message, dict):
        return None
    chat = message.get("chat") or {}
    try:
        return ChannelPost(
            chat_id=str(chat["id"]),
            message_id=int(message["message_id"]),
            at=datetime.fromtimestamp(int(message["date"]), tz=UTC),
            forwarded=bool(
                message.get("forward_origin")
                or message.get("forward_from_chat")
                or message.get("forward_date")
            ),
        )
    except (KeyError, TypeError, ValueError):
        return None


def updates(
    *, token: str, offset: int, limits: http.Limits | None = None
) -> tuple[list[ChannelPost], int] | None:
    """Channel posts waiting for the bot since `offset`, and the next offset.

    None when a webhook is set (Telegram then delivers to the portal itself).
    """
    posts = []
    for _batch in range(MAX_UPDATE_BATCHES):
        try:
            batch = _call(
                token,
                "getUpdates",
                limits=limits,
                offset=offset,
                limit=100,
                timeout=0,
                allowed_updates=["channel_post"],
            )
        except _Conflict:
            return None
        if not isinstance(batch, list):
            raise NetworkError("malformed")
        if not batch:
            break
        for update in batch:
            if isinstance(update, dict) and isinstance(update.get("update_id"), int):
                offset = max(offset, update["update_id"] + 1)
                post = post_of(update)
                if post is not None:
                    posts.append(post)
    return posts, offset


def set_webhook(*, token: str, url: str, secret: str, limits: http.Limits | None = None) -> None:
    _call(
        token,
        "setWebhook",
        limits=limits,
        url=url,
        secret_token=secret,
        allowed_updates=["channel_post"],
    )


def delete_webhook(*, token: str) -> None:
    _call(token, "deleteWebhook")
