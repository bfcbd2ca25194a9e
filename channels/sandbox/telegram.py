"""The Bot API for the sandbox's channel, as the portal's measuring and
publishing see it: the channel's details and posts, and the messages the
portal sends, edits and deletes."""

from __future__ import annotations

from datetime import datetime

from . import state
from .fakes import REVOKED, TELEGRAM, moments
from .replies import Answer, telegram_error, telegram_ok

UNAUTHORIZED = (401, "Unauthorized")
CHAT_NOT_FOUND = (400, "Bad Request: chat not found")


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def _refused(token: str) -> bool:
    return not token.startswith("sandbox") or token == REVOKED


def _chat() -> dict:
    channel = TELEGRAM["@vko_profsoyuz"]
    return {"id": int(channel.ident), "type": "channel", "title": channel.name}


def _is_channel(chat_id) -> bool:
    return str(chat_id) in ("@vko_profsoyuz", TELEGRAM["@vko_profsoyuz"].ident)


def telegram(path: str, params: dict, now: datetime) -> Answer:
    parts = _parts(path)
    if len(parts) != 2 or not parts[0].startswith("bot"):
        return telegram_error(404, "Not Found")
    token, method = parts[0][3:], parts[1]
    if _refused(token):
        return telegram_error(*UNAUTHORIZED)
    channel = TELEGRAM["@vko_profsoyuz"]
    if method == "getMe":
        return telegram_ok({"id": 7000000001, "is_bot": True})
    if method in ("getChat", "getChatMemberCount") and not _is_channel(params.get("chat_id", "")):
        return telegram_error(*CHAT_NOT_FOUND)
    if method == "getChat":
        return telegram_ok({**_chat(), "username": "vko_profsoyuz"})
    if method == "getChatMemberCount":
        return telegram_ok(channel.followers)
    if method == "getUpdates":
        return telegram_ok(_channel_updates(int(params.get("offset", 0) or 0), now)[:100])
    if method in ("setWebhook", "deleteWebhook"):
        return telegram_ok(True)
    return telegram_error(404, "Not Found: method")


def _channel_updates(offset: int, now: datetime) -> list[dict]:
    """The channel's posts as updates, from the `offset`-th on."""
    channel, chat = TELEGRAM["@vko_profsoyuz"], _chat()
    updates = []
    for n, (moment, share) in enumerate(reversed(moments(channel, now)), start=1):
        if n < offset:
            continue
        post = {"message_id": n, "chat": chat, "date": int(moment.timestamp()), "text": "…"}
        if share:
            post["forward_origin"] = {"type": "channel", "chat": {"id": -100999}, "date": 1}
        updates.append({"update_id": n, "channel_post": post})
    return updates


def telegram_publish(path: str, params: dict, now: datetime) -> Answer | None:
    """sendMessage, sendPhoto and sendMediaGroup to the sandbox's channel, or None."""
    parts = _parts(path)
    if len(parts) != 2 or parts[1] not in ("sendMessage", "sendPhoto", "sendMediaGroup"):
        return None
    token, method = parts[0][3:], parts[1]
    if _refused(token):
        return telegram_error(*UNAUTHORIZED)
    if not _is_channel(params.get("chat_id", "")):
        return telegram_error(*CHAT_NOT_FOUND)
    items = _items(method, params)
    if not items or any(image and not state.fetch_image(image) for image, _text in items):
        return telegram_error(400, "Bad Request: wrong file identifier/HTTP URL specified")
    channel, chat = TELEGRAM["@vko_profsoyuz"], _chat()
    messages = []
    for image, text in items:
        number = 100000 + next(state.NUMBERS)
        link = f"https://t.me/vko_profsoyuz/{number}"
        state.remember("telegram", channel.ident, str(number), text, image, link, now)
        message = {"message_id": number, "chat": chat, "date": int(now.timestamp())}
        message["caption" if image else "text"] = text
        messages.append(message)
    return telegram_ok(messages if method == "sendMediaGroup" else messages[0])


def _items(method: str, params: dict) -> list[tuple[str, str]]:
    """What a send method sends, as (image address or "", text) per message."""
    if method == "sendMessage":
        return [("", str(params.get("text", "")))]
    if method == "sendPhoto":
        return [(str(params.get("photo", "")), str(params.get("caption", "")))]
    media = params.get("media") if isinstance(params.get("media"), list) else []
    return [(str(m.get("media", "")), str(m.get("caption", ""))) for m in media]


def telegram_change(path: str, params: dict) -> Answer | None:
    """editMessageText, editMessageCaption and deleteMessage of a message the
    portal published to the sandbox's channel, or None."""
    parts = _parts(path)
    methods = ("editMessageText", "editMessageCaption", "deleteMessage", "deleteMessages")
    if len(parts) != 2 or parts[1] not in methods:
        return None
    token, method = parts[0][3:], parts[1]
    if _refused(token):
        return telegram_error(*UNAUTHORIZED)
    if method == "deleteMessages":
        numbers = {str(n) for n in params.get("message_ids") or []}
        state.forget("telegram", numbers)
        return telegram_ok(True)
    number = str(params.get("message_id", ""))
    with state.LOCK:
        entry = next(
            (e for e in state.PUBLISHED if e["network"] == "telegram" and e["id"] == number), None
        )
        if entry is None:
            verb = "delete" if method == "deleteMessage" else "edit"
            return telegram_error(400, f"Bad Request: message to {verb} not found")
        if method == "deleteMessage":
            state.PUBLISHED.remove(entry)
            return telegram_ok(True)
        if bool(entry["image"]) != (method == "editMessageCaption"):
            return telegram_error(400, "Bad Request: there is no text in the message to edit")
        entry["text"] = str(params.get("caption" if entry["image"] else "text", ""))
    return telegram_ok({"message_id": int(number)})
