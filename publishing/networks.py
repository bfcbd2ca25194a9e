"""The calls that publish: Telegram's Bot API and the Graph API (Facebook Page,
Instagram), each made exactly once (`http.request(retries=0)`): a call that
creates a post is never repeated blindly; the services decide what follows.

Telegram: ``sendMessage`` (text only), ``sendPhoto`` (one image, the text as
its caption), ``sendMediaGroup`` (an album, the caption on its first photo).
Images are given by address (Telegram fetches them).

Facebook Page: ``POST /{page}/feed`` with ``message`` (text), or
``POST /{page}/photos`` with ``url`` and ``caption`` (a photo post, whose
``post_id`` is the post). The address comes from ``permalink_url``.

Instagram: ``POST /{ig-user}/media`` with ``image_url`` and ``caption`` makes a
container; ``POST /{ig-user}/media_publish`` with ``creation_id`` publishes it;
``GET /{media}?fields=permalink`` gives its address.

Reconciling: ``GET /{page}/posts`` and ``GET /{ig-user}/media`` list the
posts, newest first, with their text, where the marker of `texts` is looked
for. They are read with ``since`` (a Unix time: the earliest moment the post
could have gone out, less a margin) page after page (``paging.next``) until
the list ends or a page reaches back past that moment, so newer posts above
ours (a backlog after an outage) do not hide it. A walk that cannot finish (more than `LOOK_PAGES`
pages, a ``next`` address outside `GRAPH_API_URL`) has no verdict: the
outcome is unknown and a person looks, rather than risk a second post.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from django.conf import settings

from channels.networks import http
from channels.networks.errors import NetworkError, RetryAfter

from . import texts
from .errors import PublishError

RATE_LIMIT_CODES = {4, 17, 32, 613, *range(80001, 80015)}
PERMISSION_CODES = {10, *range(200, 300)}
# Media the network could not take: Instagram's 9004 and 36000–36003, its
# subcodes of 2207xxx about the image, Facebook's 324 (missing or bad photo).
IMAGE_CODES = {324, 9004, 36000, 36001, 36003}
IMAGE_SUBCODES = {2207003, 2207004, 2207005, 2207009, 2207026, 2207052}
# Looking for our post: pages of up to LOOK_PAGE_SIZE posts (Graph may give
# fewer), at most LOOK_PAGES of them; a union's page publishes far fewer
# posts than that between a first try and its look.
LOOK_PAGE_SIZE = 100
LOOK_PAGES = 20

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Published:
    network_id: str
    permalink: str
    # A Telegram album's other messages (the first is `network_id`'s).
    more: tuple[str, ...] = ()


def _call(method: str, url: str, *, interpret, params=None, data=None, form=None, network: str):
    try:
        return http.request(
            method,
            url,
            interpret=interpret,
            params=params,
            data=data,
            form=form,
            network=network,
            retries=0,
        )
    except NetworkError as error:
        raise PublishError(error.code, **error.params) from None


# --- Telegram ---------------------------------------------------------------------------


def _telegram_answer(response: http.Response):
    body = response.json()
    if not isinstance(body, dict) or "ok" not in body:
        raise NetworkError("malformed")
    if body["ok"] is True:
        if "result" not in body:
            raise NetworkError("malformed")
        return body["result"]
    code = body.get("error_code", response.status)
    text = str(body.get("description", "")).lower()
    parameters = body.get("parameters") or {}
    if code == 429 or "retry_after" in parameters:
        seconds = parameters.get("retry_after")
        raise RetryAfter(float(seconds) if isinstance(seconds, int | float) else 1.0)
    if "not modified" in text:
        raise PublishError("not_modified")
    if "message to delete not found" in text or "message to edit not found" in text:
        raise PublishError("not_found")
    if "can't be deleted" in text:
        raise PublishError("cannot_delete")
    if code == 401:
        raise PublishError("token_expired")
    if code == 403 or "not enough rights" in text or "administrator" in text:
        raise PublishError("no_permission", error=code)
    if "too long" in text:
        raise PublishError("text_too_long", error=code)
    if "chat not found" in text:
        raise PublishError("not_found")
    if any(word in text for word in ("photo", "image", "http url", "file", "media")):
        raise PublishError("image_refused")
    raise PublishError("refused", error=code)


def _chat_ref(account: str, external_id: str) -> str:
    return external_id or (account if account.startswith("@") else f"@{account}")


def telegram_link(account: str, chat_id: str, message_id: int) -> str:
    """t.me/<name>/<n> for a public channel, t.me/c/<id>/<n> for a private one."""
    name = account.strip().removeprefix("https://t.me/").lstrip("@")
    if name and not name.lstrip("-").isdigit():
        return f"https://t.me/{name}/{message_id}"
    internal = str(chat_id).removeprefix("-100")
    return f"https://t.me/c/{internal}/{message_id}"


def telegram_publish(
    *, token: str, account: str, chat_id: str, text: str, images: list[str]
) -> Published:
    base = f"{settings.TELEGRAM_API_URL}/bot{token}"
    chat = _chat_ref(account, chat_id)
    images = images[: texts.TELEGRAM_ALBUM]
    if not images:
        if texts.units(text) > texts.TELEGRAM_TEXT:
            raise PublishError("text_too_long", length=texts.units(text), limit=texts.TELEGRAM_TEXT)
        method, data = "sendMessage", {"chat_id": chat, "text": text}
    else:
        if texts.units(text) > texts.TELEGRAM_CAPTION:
            raise PublishError(
                "text_too_long", length=texts.units(text), limit=texts.TELEGRAM_CAPTION
            )
        if len(images) == 1:
            method, data = "sendPhoto", {"chat_id": chat, "photo": images[0], "caption": text}
        else:
            media = [{"type": "photo", "media": address} for address in images]
            media[0]["caption"] = text
            method, data = "sendMediaGroup", {"chat_id": chat, "media": media}
    result = _call(
        "POST", f"{base}/{method}", interpret=_telegram_answer, data=data, network="telegram"
    )
    message = result[0] if isinstance(result, list) and result else result
    if not isinstance(message, dict) or not isinstance(message.get("message_id"), int):
        raise PublishError("malformed")
    chat_id = str((message.get("chat") or {}).get("id", chat_id))
    number = message["message_id"]
    more = ()
    if isinstance(result, list):
        more = tuple(
            str(item["message_id"])
            for item in result[1:]
            if isinstance(item, dict) and isinstance(item.get("message_id"), int)
        )
    return Published(
        network_id=f"{chat_id}:{number}",
        permalink=telegram_link(account, chat_id, number),
        more=more,
    )


# --- Graph API --------------------------------------------------------------------------


def _graph_answer(response: http.Response):
    body = response.json()
    if not isinstance(body, dict):
        raise NetworkError("malformed")
    error = body.get("error")
    if error is None and response.status < 400:
        return body
    if not isinstance(error, dict):
        if response.status == 429:
            raise RetryAfter(min(60.0, settings.CHANNELS_MAX_WAIT_SECONDS))
        raise PublishError("refused", error=response.status)
    code, subcode = error.get("code"), error.get("error_subcode")
    if code == 190:
        raise PublishError("token_expired")
    if code in RATE_LIMIT_CODES or response.status == 429:
        raise RetryAfter(min(60.0, settings.CHANNELS_MAX_WAIT_SECONDS))
    if code in PERMISSION_CODES:
        raise PublishError("no_permission", error=code)
    if code in IMAGE_CODES or subcode in IMAGE_SUBCODES:
        raise PublishError("image_refused")
    if code == 506:
        raise PublishError("duplicate")
    if code == 803 or (code == 100 and subcode == 33):
        raise PublishError("not_found")
    raise PublishError("refused", error=code or response.status)


def _graph(method: str, path: str, *, token: str, **params):
    """A Graph API call; a POST's fields (a post's text, an image's address) go
    in the body as a form, a GET's in the address."""
    url = f"{settings.GRAPH_API_URL}/{path.lstrip('/')}"
    query, form = {**params, "access_token": token}, None
    if method == "POST":
        query, form = {"access_token": token}, params
    return _call(method, url, interpret=_graph_answer, params=query, form=form, network="graph")


def _permalink(token: str, object_id: str, field: str, fallback: str) -> str:
    """The post's address as the network gives it; a second call, so a failure
    here costs only the address, never the post."""
    try:
        answer = _graph("GET", object_id, token=token, fields=field)
    except PublishError:
        return fallback
    return _link(answer.get(field), fallback)


def _link(value, fallback: str) -> str:
    """A network's address for the post, if it is one (https, not too long);
    otherwise the address made from its id."""
    if isinstance(value, str) and value.startswith("https://") and len(value) <= 500:
        return value
    return fallback


def facebook_publish(*, token: str, page_id: str, text: str, image: str | None) -> Published:
    if image:
        answer = _graph("POST", f"{page_id}/photos", token=token, url=image, caption=text)
        post_id = answer.get("post_id") or answer.get("id")
    else:
        answer = _graph("POST", f"{page_id}/feed", token=token, message=text)
        post_id = answer.get("id")
    if not post_id:
        raise PublishError("malformed")
    post_id = str(post_id)
    fallback = f"https://www.facebook.com/{post_id}"
    return Published(post_id, _permalink(token, post_id, "permalink_url", fallback))


def instagram_container(*, token: str, user_id: str, text: str, image: str | None) -> str:
    """A media container of the image and caption (nothing is published yet)."""
    if not image:
        raise PublishError("image_required")
    if texts.units(text) > texts.INSTAGRAM_CAPTION:
        raise PublishError("text_too_long", length=texts.units(text), limit=texts.INSTAGRAM_CAPTION)
    answer = _graph("POST", f"{user_id}/media", token=token, image_url=image, caption=text)
    if not answer.get("id"):
        raise PublishError("malformed")
    return str(answer["id"])


def instagram_publish(*, token: str, user_id: str, container_id: str) -> Published:
    answer = _graph("POST", f"{user_id}/media_publish", token=token, creation_id=container_id)
    if not answer.get("id"):
        raise PublishError("malformed")
    media_id = str(answer["id"])
    fallback = f"https://www.instagram.com/p/{media_id}/"
    return Published(media_id, _permalink(token, media_id, "permalink", fallback))


def _time(value) -> datetime | None:
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def _find(items, *, keys: set[int], text: str, since: datetime, text_field: str, time_field: str):
    wanted = texts.plain(text)
    for item in items:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        said = str(item.get(text_field) or "")
        if texts.marker_number(said) in keys:
            return item
        at = _time(item.get(time_field))
        if wanted and texts.plain(said) == wanted and at is not None and at >= since:
            return item
    return None


def _default_port(parts) -> int | None:
    try:
        return parts.port or {"https": 443, "http": 80}.get(parts.scheme)
    except ValueError:  # a port that is not a number
        return None


def _follow(next_url, token: str) -> dict:
    """The next page of a list, read only from the configured Graph address:
    the token goes nowhere else. Its query is kept, its token replaced by ours."""
    ours, theirs = urlsplit(settings.GRAPH_API_URL), urlsplit(str(next_url))
    if (
        theirs.scheme.lower() != ours.scheme.lower()
        or theirs.hostname != ours.hostname
        or _default_port(theirs) != _default_port(ours)
        or theirs.username is not None
    ):
        log.warning("graph: a next page outside GRAPH_API_URL is not followed")
        raise PublishError("unknown_outcome")
    asked = parse_qsl(theirs.query, keep_blank_values=True)
    query = {key: value for key, value in asked if key != "access_token"}
    url = urlunsplit((theirs.scheme, theirs.netloc, theirs.path, "", ""))
    return _call(
        "GET",
        url,
        interpret=_graph_answer,
        params={**query, "access_token": token},
        network="graph",
    )


def _look_through(path: str, *, token: str, fields: str, time_field: str, back_to: datetime, match):
    """The first item `match` picks from the list at `path`, read newest first
    from `back_to` on; None when the list ends, or reaches back past `back_to`,
    without it. A walk cut short raises «unknown_outcome»: no verdict."""
    answer = _graph(
        "GET",
        path,
        token=token,
        fields=fields,
        limit=LOOK_PAGE_SIZE,
        since=int(back_to.timestamp()),
    )
    for page in range(1, LOOK_PAGES + 1):
        data, paging = answer.get("data"), answer.get("paging") or {}
        if not isinstance(data, list) or not isinstance(paging, dict):
            # Not a list we can read: never taken for an empty one.
            raise PublishError("malformed")
        item = match(data)
        if item is not None:
            return item
        next_url = paging.get("next")
        if not next_url:
            return None  # the end of the list (Graph gives no `next` on the last page)
        # Newest first: once a page's last post is older than the first try,
        # ours would have been above it. (The last, not the oldest: a pinned
        # post may stand at the top whatever its age.)
        last = data[-1] if data and isinstance(data[-1], dict) else {}
        at = _time(last.get(time_field))
        if at is not None and at < back_to:
            return None
        if page < LOOK_PAGES:
            answer = _follow(next_url, token)
    log.warning("graph: the look for a post stopped after %s pages without a verdict", LOOK_PAGES)
    raise PublishError("unknown_outcome")


def facebook_find(
    *, token: str, page_id: str, keys: set[int], text: str, since: datetime, back_to: datetime
) -> Published | None:
    """Our post among the page's posts (by its marker, or its very text since
    `since`), read back to `back_to`."""
    item = _look_through(
        f"{page_id}/posts",
        token=token,
        fields="id,message,created_time,permalink_url",
        time_field="created_time",
        back_to=back_to,
        match=lambda items: _find(
            items,
            keys=keys,
            text=text,
            since=since,
            text_field="message",
            time_field="created_time",
        ),
    )
    if item is None:
        return None
    post_id = str(item["id"])
    return Published(
        post_id, _link(item.get("permalink_url"), f"https://www.facebook.com/{post_id}")
    )


def instagram_find(
    *, token: str, user_id: str, keys: set[int], text: str, since: datetime, back_to: datetime
) -> Published | None:
    item = _look_through(
        f"{user_id}/media",
        token=token,
        fields="id,caption,timestamp,permalink",
        time_field="timestamp",
        back_to=back_to,
        match=lambda items: _find(
            items,
            keys=keys,
            text=text,
            since=since,
            text_field="caption",
            time_field="timestamp",
        ),
    )
    if item is None:
        return None
    media_id = str(item["id"])
    return Published(
        media_id, _link(item.get("permalink"), f"https://www.instagram.com/p/{media_id}/")
    )


# --- Editing and deleting what was published ----------------------------------------------


def _telegram_ref(network_id: str) -> tuple[str, int]:
    chat, _colon, number = network_id.rpartition(":")
    if not chat or not number.isdigit():
        raise PublishError("not_found")
    return chat, int(number)


def _telegram_call(token: str, method: str, data: dict):
    url = f"{settings.TELEGRAM_API_URL}/bot{token}/{method}"
    return _call("POST", url, interpret=_telegram_answer, data=data, network="telegram")


def telegram_edit(*, token: str, network_id: str, text: str) -> None:
    """editMessageText, or editMessageCaption when the message is a photo."""
    chat, number = _telegram_ref(network_id)
    base = {"chat_id": chat, "message_id": number}
    try:
        _telegram_call(token, "editMessageText", {**base, "text": text})
    except PublishError as error:
        if error.code == "not_modified":
            return
        if error.code != "refused":
            raise
        try:
            _telegram_call(token, "editMessageCaption", {**base, "caption": text})
        except PublishError as second:
            if second.code != "not_modified":
                raise


def telegram_delete(*, token: str, network_id: str, album: list[str] | tuple = ()) -> None:
    """deleteMessage, or deleteMessages for an album (all its photos at once)."""
    chat, number = _telegram_ref(network_id)
    others = [int(n) for n in album if str(n).isdigit()]
    if others:
        data = {"chat_id": chat, "message_ids": [number, *others]}
        _telegram_call(token, "deleteMessages", data)
    else:
        _telegram_call(token, "deleteMessage", {"chat_id": chat, "message_id": number})


def facebook_edit(*, token: str, post_id: str, text: str) -> None:
    _graph("POST", post_id, token=token, message=text)


def facebook_delete(*, token: str, post_id: str) -> None:
    _graph("DELETE", post_id, token=token)
