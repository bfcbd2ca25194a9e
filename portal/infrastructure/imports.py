"""Rows of an uploaded table waiting, between preview and confirmation.

The preview keeps the checked rows in the session under a random token; the
confirmation must bring the same token back, for the same scope (a region),
so an old tab or another region's preview is never saved.
"""

import secrets


def stash_rows(request, key: str, rows: list, *, scope) -> str:
    token = secrets.token_urlsafe(16)
    request.session[key] = {"token": token, "scope": scope, "rows": rows}
    return token


def pending_rows(request, key: str, *, scope) -> list | None:
    """The rows waiting under `key` if the request brings their token, else None."""
    pending = request.session.get(key)
    if (
        not pending
        or pending.get("token") != request.POST.get("token")
        or pending.get("scope") != scope
    ):
        return None
    return pending["rows"]


def forget_rows(request, key: str) -> None:
    request.session.pop(key, None)
