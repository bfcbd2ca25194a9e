"""The union's bot in the sandbox: the Bot API as the bot sees it, and a person
(the player) who writes to it.

`manage.py telegram_bot` with TELEGRAM_BOT_TOKEN=sandbox-bot polls getUpdates
here; what people write comes from the page ``/bot`` (a newcomer plays the
chair's side: link with the profile page's deep link, send a text or an
album of photos with a caption, press the bot's buttons), and what the bot
answers is shown there. Files sent from the page are served by getFile and
``/file/bot<token>/<file_path>`` as Telegram serves them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from . import state
from .replies import Answer, telegram_error, telegram_ok

BOT_TOKEN = "sandbox-bot"  # noqa: S105  (the sandbox's own, public)
BOT = {
    "id": 7000000002,
    "is_bot": True,
    "first_name": "Профсоюз",
    "username": "profinfo_sandbox_bot",
}
PLAYER = {"id": 501, "is_bot": False, "first_name": "Айгуль", "language_code": "ru"}


@dataclass
class BotChat:
    """What a person and the bot said to each other, and the updates not yet taken."""

    updates: list[dict] = field(default_factory=list)
    transcript: list[dict] = field(default_factory=list)  # {"who", "id", "text", "buttons"}
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # file_id → (path, bytes)
    next_update: int = 1
    next_message: int = 1


BOT_CHAT = BotChat()
_BOT_ARRIVED = threading.Condition(state.LOCK)


def _bot_update(kind: str, payload: dict) -> dict:
    """Queue an update from the player (the caller holds the lock)."""
    update = {"update_id": BOT_CHAT.next_update, kind: payload}
    BOT_CHAT.next_update += 1
    BOT_CHAT.updates.append(update)
    _BOT_ARRIVED.notify_all()
    return update


def bot_player_message(*, text: str = "", photos: list[bytes] = (), forwarded: bool = False):
    """The player writes: a text, a photo with a caption, or an album (several
    messages sharing a media_group_id, the caption on the first)."""
    chat = {"id": PLAYER["id"], "type": "private", "first_name": PLAYER["first_name"]}
    if text.startswith("https://t.me/") and "?start=" in text:
        text = "/start " + text.split("?start=", 1)[1]  # the profile page's deep link
    with state.LOCK:
        now = int(datetime.now(UTC).timestamp())
        group = f"album{BOT_CHAT.next_update}" if len(photos) > 1 else ""
        for n, content in enumerate(photos or [b""]):
            number = BOT_CHAT.next_message
            BOT_CHAT.next_message += 1
            message = {"message_id": number, "from": PLAYER, "chat": chat, "date": now}
            if forwarded:
                message["forward_origin"] = {
                    "type": "hidden_user",
                    "sender_user_name": "—",
                    "date": now,
                }
            if content:
                message["photo"] = [_file(content)]
                if group:
                    message["media_group_id"] = group
                if n == 0 and text:
                    message["caption"] = text
            else:
                message["text"] = text
            _bot_update("message", message)
            shown = text if n == 0 else ""
            label = f"[фото {n + 1}] " if content else ""
            BOT_CHAT.transcript.append({"who": "player", "id": number, "text": label + shown})


def _file(content: bytes) -> dict:
    """Keep a photo the player sends, for getFile (the caller holds the lock)."""
    file_id = f"sandbox-file-{len(BOT_CHAT.files) + 1}"
    BOT_CHAT.files[file_id] = (f"photos/{file_id}.jpg", content)
    return {
        "file_id": file_id,
        "file_unique_id": file_id,
        "width": 1280,
        "height": 960,
        "file_size": len(content),
    }


def bot_player_press(*, message_id: int, data: str) -> None:
    """The player presses a button under one of the bot's messages."""
    with state.LOCK:
        message = {
            "message_id": message_id,
            "chat": {"id": PLAYER["id"], "type": "private"},
            "date": int(datetime.now(UTC).timestamp()),
        }
        query = {
            "id": f"sandbox-query-{BOT_CHAT.next_update}",
            "from": PLAYER,
            "message": message,
            "chat_instance": "sandbox",
            "data": data,
        }
        _bot_update("callback_query", query)


def bot_api(path: str, params: dict) -> Answer | None:
    """The Bot API for the sandbox's bot token, or None for any other token."""
    parts = [part for part in path.split("/") if part]
    if len(parts) >= 3 and parts[0] == "file" and parts[1] == f"bot{BOT_TOKEN}":
        return _download("/".join(parts[2:]))
    if len(parts) != 2 or parts[0] != f"bot{BOT_TOKEN}":
        return None
    method = METHODS.get(parts[1])
    if method is None:
        return telegram_error(404, "Not Found: method")
    return method(parts[1], params)


def _download(wanted: str) -> Answer:
    """``/file/bot<token>/<file_path>``: a photo the player sent."""
    with state.LOCK:
        found = [content for known, content in BOT_CHAT.files.values() if known == wanted]
    if not found:
        return 404, {"Content-Type": "text/plain"}, b"Not Found"
    return 200, {"Content-Type": "image/jpeg"}, found[0]


def _get_me(method: str, params: dict) -> Answer:
    return telegram_ok(BOT)


def _webhook(method: str, params: dict) -> Answer:
    return telegram_ok(True)


def _get_updates(method: str, params: dict) -> Answer:
    """Long polling: the updates from `offset` on, waiting up to `timeout` for one."""
    offset = int(params.get("offset") or 0)
    wait = min(max(int(params.get("timeout") or 0), 0), 50)
    with state.LOCK:
        # Asking past an update confirms it: forgotten, as Telegram does.
        BOT_CHAT.updates[:] = [u for u in BOT_CHAT.updates if u["update_id"] >= offset]
        _BOT_ARRIVED.wait_for(lambda: BOT_CHAT.updates, timeout=wait)
        return telegram_ok(BOT_CHAT.updates[: int(params.get("limit") or 100)])


def _get_file(method: str, params: dict) -> Answer:
    with state.LOCK:
        found = BOT_CHAT.files.get(str(params.get("file_id", "")))
    if found is None:
        return telegram_error(400, "Bad Request: invalid file_id")
    file_path, content = found
    return telegram_ok(
        {
            "file_id": params["file_id"],
            "file_unique_id": params["file_id"],
            "file_size": len(content),
            "file_path": file_path,
        }
    )


def _send_or_edit(method: str, params: dict) -> Answer:
    """sendMessage adds the bot's message to the conversation; editMessageText
    changes one (its text and buttons)."""
    text = str(params.get("text", ""))
    buttons = (params.get("reply_markup") or {}).get("inline_keyboard") or []
    with state.LOCK:
        if method == "editMessageText":
            number = int(params.get("message_id") or 0)
            for entry in BOT_CHAT.transcript:
                if entry["who"] == "bot" and entry["id"] == number:
                    entry.update(text=text, buttons=buttons)
        else:
            number = 100000 + BOT_CHAT.next_message
            BOT_CHAT.next_message += 1
            BOT_CHAT.transcript.append(
                {"who": "bot", "id": number, "text": text, "buttons": buttons}
            )
    chat = {"id": params.get("chat_id"), "type": "private"}
    return telegram_ok(
        {
            "message_id": number,
            "from": BOT,
            "chat": chat,
            "date": int(datetime.now(UTC).timestamp()),
            "text": text,
        }
    )


def _answer_callback(method: str, params: dict) -> Answer:
    """A button's answer: its text shows as a toast."""
    if params.get("text"):
        with state.LOCK:
            BOT_CHAT.transcript.append({"who": "toast", "id": 0, "text": str(params["text"])})
    return telegram_ok(True)


METHODS: dict[str, Callable[[str, dict], Answer]] = {
    "getMe": _get_me,
    "setWebhook": _webhook,
    "deleteWebhook": _webhook,
    "getUpdates": _get_updates,
    "getFile": _get_file,
    "sendMessage": _send_or_edit,
    "editMessageText": _send_or_edit,
    "answerCallbackQuery": _answer_callback,
}
