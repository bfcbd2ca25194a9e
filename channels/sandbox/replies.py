"""Answers in the networks' shapes: (status, headers, body) for the server."""

from __future__ import annotations

import json

Answer = tuple[int, dict, bytes]


def json_answer(status: int, body: dict | list) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


def html_answer(body: str) -> Answer:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode()


def graph_error(code: int, message: str, status: int = 400) -> Answer:
    return json_answer(
        status, {"error": {"message": message, "type": "OAuthException", "code": code}}
    )


def telegram_ok(result) -> Answer:
    return json_answer(200, {"ok": True, "result": result})


def telegram_error(code: int, description: str) -> Answer:
    """The Bot API's refusal: the HTTP status is its error code."""
    return json_answer(code, {"ok": False, "error_code": code, "description": description})
