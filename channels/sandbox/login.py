"""Facebook Login in the sandbox: its dialog agrees at once, the code and the
short token become user tokens, and the user's pages come with page tokens."""

from __future__ import annotations

from urllib.parse import urlencode

from .fakes import FACEBOOK, TOKEN
from .replies import Answer, graph_error, json_answer


def oauth(query: dict) -> Answer:
    """/oauth/access_token: a code, then a short user token, become user tokens."""
    if query.get("grant_type") == "fb_exchange_token":
        if str(query.get("fb_exchange_token", "")).startswith("sandbox"):
            return json_answer(200, {"access_token": "sandbox-user-long", "token_type": "bearer"})
        return graph_error(190, "Invalid OAuth access token")
    if str(query.get("code", "")).startswith("sandbox"):
        return json_answer(
            200, {"access_token": "sandbox-user-short", "token_type": "bearer", "expires_in": 3600}
        )
    return graph_error(100, "Invalid verification code format.")


def accounts(token: str) -> Answer:
    """/me/accounts of the sandbox's user: the Facebook pages, each with a page token."""
    if token == "sandbox-user-none":  # noqa: S105  (the sandbox's own, public)
        return json_answer(200, {"data": []})
    data = [
        {"id": page.ident, "name": page.name, "access_token": TOKEN, "tasks": ["ANALYZE"]}
        for page in FACEBOOK.values()
    ]
    return json_answer(200, {"data": data, "paging": {"cursors": {"before": "0", "after": "0"}}})


def dialog(query: dict) -> Answer:
    """Facebook Login's dialog: the sandbox's user agrees at once."""
    target = query.get("redirect_uri", "")
    if not target.startswith(("http://", "https://")):
        return 400, {"Content-Type": "text/plain"}, b"redirect_uri"
    answer = urlencode({"code": "sandbox-code", "state": query.get("state", "")})
    return 302, {"Location": f"{target}?{answer}"}, b""
