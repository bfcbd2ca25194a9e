"""A Bot API on loopback for the bot's tests, answering as
core.telegram.org/bots/api says: getUpdates returns the updates with an id at
least the offset (forgetting the earlier ones, as confirmed), an album is
several messages sharing a media_group_id, getFile gives a file_path and the
file comes from /file/bot<token>/<file_path>."""

from __future__ import annotations

import itertools
import json
import re
import threading

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

TOKEN = "7012345678:AAH-botTokenSecret-x9Zk"
BOT = {"id": 7012345678, "is_bot": True, "first_name": "Профсоюз", "username": "union_test_bot"}


def ok(result) -> Response:
    return Response(json.dumps({"ok": True, "result": result}), content_type="application/json")


def refusal(code: int, description: str, **parameters) -> Response:
    body = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return Response(json.dumps(body), status=code, content_type="application/json")


class BotAPI:
    def __init__(self, server: HTTPServer):
        self.server = server
        self.lock = threading.Lock()
        self.updates: list[dict] = []
        self.files: dict[str, tuple[str, bytes]] = {}
        self.calls: list[tuple[str, dict]] = []
        self.refusals: dict[str, list[Response]] = {}  # method → answers to give first
        self._ids = itertools.count(1000)
        self._messages = itertools.count(1)
        for method in (
            "getMe",
            "getUpdates",
            "deleteWebhook",
            "setWebhook",
            "getFile",
            "sendMessage",
            "editMessageText",
            "answerCallbackQuery",
        ):
            server.expect_request(f"/bot{TOKEN}/{method}").respond_with_handler(
                lambda request, method=method: self._answer(method, request)
            )
        server.expect_request(re.compile(rf"^/file/bot{re.escape(TOKEN)}/.*")).respond_with_handler(
            self._file
        )

    # What the tests put in.

    def user(self, number: int = 501, language: str = "ru") -> dict:
        return {"id": number, "is_bot": False, "first_name": "Айгуль", "language_code": language}

    def message(self, person: dict, **fields) -> dict:
        update = {
            "update_id": next(self._ids),
            "message": {
                "message_id": next(self._messages),
                "from": person,
                "chat": {"id": person["id"], "type": "private", "first_name": "Айгуль"},
                "date": 1765090000,
                **fields,
            },
        }
        with self.lock:
            self.updates.append(update)
        return update

    def photo(self, person: dict, content: bytes, *, size: int | None = None, **fields) -> dict:
        file_id = f"AgAC{len(self.files)}x"
        path = f"photos/file_{len(self.files)}.jpg"
        self.files[file_id] = (path, content)
        sizes = [
            {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 90},
            {
                "file_id": file_id,
                "file_unique_id": file_id,
                "width": 1280,
                "height": 1280,
                "file_size": len(content) if size is None else size,
            },
        ]
        return self.message(person, photo=sizes, **fields)

    def press(self, person: dict, data: str, message_id: int = 1) -> dict:
        update = {
            "update_id": next(self._ids),
            "callback_query": {
                "id": f"cb{next(self._ids)}",
                "from": person,
                "message": {
                    "message_id": message_id,
                    "chat": {"id": person["id"], "type": "private"},
                    "date": 1765090000,
                },
                "chat_instance": "1",
                "data": data,
            },
        }
        with self.lock:
            self.updates.append(update)
        return update

    # What the tests look at.

    def sent(self, method: str = "sendMessage") -> list[dict]:
        with self.lock:
            return [params for name, params in self.calls if name == method]

    def texts(self) -> list[str]:
        return [params["text"] for params in self.sent()]

    # The answers.

    def _answer(self, method: str, request: Request) -> Response:
        params = json.loads(request.get_data() or b"{}")
        with self.lock:
            self.calls.append((method, params))
            waiting = self.refusals.get(method)
            if waiting:
                return waiting.pop(0)
        if method == "getMe":
            return ok(BOT)
        if method == "getUpdates":
            offset = params.get("offset", 0)
            with self.lock:
                if offset:
                    # Asking past an update confirms it: Telegram forgets it.
                    self.updates = [u for u in self.updates if u["update_id"] >= offset]
                return ok(self.updates[: params.get("limit", 100)])
        if method == "getFile":
            found = self.files.get(params.get("file_id", ""))
            if found is None:
                return refusal(400, "Bad Request: invalid file_id")
            path, content = found
            return ok(
                {
                    "file_id": params["file_id"],
                    "file_unique_id": "u",
                    "file_size": len(content),
                    "file_path": path,
                }
            )
        if method == "sendMessage":
            return ok(
                {
                    "message_id": next(self._messages) + 5000,
                    "from": BOT,
                    "chat": {"id": params["chat_id"], "type": "private"},
                    "date": 1765090000,
                    "text": params["text"],
                }
            )
        if method == "editMessageText":
            return ok({"message_id": params["message_id"], "text": params["text"]})
        return ok(True)

    def _file(self, request: Request) -> Response:
        path = request.path.split(f"/file/bot{TOKEN}/", 1)[1]
        for known, content in self.files.values():
            if known == path:
                return Response(content, content_type="application/octet-stream")
        return Response("Not Found", status=404)
