"""The Graph API of the sandbox: a page's or an account's fields, its posts
(with the portal's own on top), their insights, and publishing to them."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from . import login, state
from .fakes import (
    FACEBOOK,
    GRAPH_PREFIX,
    INSTAGRAM,
    REVOKED,
    FakePage,
    figures,
    graph_time,
    moments,
)
from .replies import Answer, graph_error, json_answer


def _lifetime(name: str, value: int) -> dict:
    return {"name": name, "period": "lifetime", "values": [{"value": value}]}


def facebook_extras(ident: str, posted: datetime, now: datetime, fields: str) -> dict:
    """A Facebook post's expanded fields, for those asked (``insights.metric(…)``,
    ``reactions.summary(…)``, ``comments.summary(…)``, ``shares``)."""
    got = figures(ident, posted, now)
    extras = {}
    if "reactions.summary" in fields:
        extras["reactions"] = {"data": [], "summary": {"total_count": got["reactions"]}}
    if "comments.summary" in fields:
        extras["comments"] = {"data": [], "summary": {"total_count": got["comments"]}}
    if "shares" in fields.split(",") and got["shares"]:
        extras["shares"] = {"count": got["shares"]}  # left out when nobody shared
    if "insights.metric(" in fields:
        # At once, unlike Graph (which may take a while): a post published
        # through the sandbox shows its reach after the next collection.
        extras["insights"] = {
            "data": [
                _lifetime("post_total_media_view_unique", got["reach"]),
                _lifetime("post_media_view", got["views"]),
            ]
        }
    return extras


def instagram_extras(ident: str, posted: datetime, now: datetime, fields: str) -> dict:
    got = figures(ident, posted, now)
    extras = {}
    if "like_count" in fields:
        extras["like_count"] = got["reactions"]
    if "comments_count" in fields:
        extras["comments_count"] = got["comments"]
    return extras


def media_insights(ident: str, now: datetime) -> Answer | None:
    """``/{media}/insights`` of a medium of the sandbox's accounts, or None."""
    posted = None
    for page in INSTAGRAM.values():
        for n, (moment, _share) in enumerate(moments(page, now)):
            if f"{page.ident}{n}" == ident:
                posted = moment
    entry = state.published(ident)
    if entry is not None:
        posted = entry["at"]
    if posted is None:
        return None
    got = figures(ident, posted, now)
    if got["reach"] < 40:
        return graph_error(10, "(#10) Not enough viewers for the media to show insights")
    names = {"likes": "reactions", "total_interactions": "interactions"}
    metrics = ("views", "reach", "likes", "comments", "saved", "shares", "total_interactions")
    return json_answer(200, {"data": [_lifetime(m, got[names.get(m, m)]) for m in metrics]})


def page_insights(kind: str, page: FakePage, query: dict, now: datetime) -> Answer:
    """A page's (or an account's) day: its follows, reach and views."""
    since = _since(query) or now - timedelta(days=1)
    day = since.date().toordinal()
    wobble = 1 + 0.1 * math.sin(day * 0.9)
    reach = round(page.followers * 0.35 * wobble)
    if kind == "instagram":
        return json_answer(
            200,
            {
                "data": [
                    {"name": "reach", "period": "day", "total_value": {"value": reach}},
                    {"name": "views", "period": "day", "total_value": {"value": reach * 2}},
                ]
            },
        )
    end = graph_time(since + timedelta(days=1))

    def daily(name, value):
        return {"name": name, "period": "day", "values": [{"value": value, "end_time": end}]}

    return json_answer(
        200,
        {
            "data": [
                daily("page_follows", page.followers),
                daily("page_total_media_view_unique", reach),
                daily("page_media_view", round(reach * 1.6)),
            ]
        },
    )


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def _find_graph(ident: str) -> tuple[str, FakePage] | None:
    for key, page in FACEBOOK.items():
        if ident in (key, page.ident):
            return "facebook", page
    for key, page in INSTAGRAM.items():
        if ident in (key, page.name):
            return "instagram", page
    return None


def _since(query: dict) -> datetime | None:
    """Graph's `since`: a Unix time (the sandbox reads no other form)."""
    try:
        return datetime.fromtimestamp(int(query["since"]), UTC)
    except (KeyError, ValueError, OverflowError, OSError):
        return None


def graph(path: str, query: dict, now: datetime) -> Answer:
    """A GET of the Graph API: the token checked, then the object asked for."""
    parts = _parts(path)
    if parts == ["oauth", "access_token"]:
        return login.oauth(query)
    token = query.get("access_token", "")
    if not token.startswith("sandbox"):
        return graph_error(190, "Invalid OAuth access token - Cannot parse access token")
    if token == REVOKED:
        return graph_error(190, "Error validating access token: The session has been invalidated")
    if parts == ["me", "accounts"]:
        return login.accounts(token)
    if parts == ["me"]:
        return _me(token)
    found = _find_graph(parts[0]) if parts else None
    if found is None and len(parts) == 2 and parts[1] == "insights":
        answer = media_insights(parts[0], now)
        if answer is not None:
            return answer
    if found is None:
        return graph_error(100, "Unsupported get request. Object does not exist")
    kind, page = found
    if parts[1:] == ["insights"]:
        return page_insights(kind, page, query, now)
    if len(parts) == 1:
        return json_answer(200, _page_fields(kind, page))
    if parts[1] not in ("posts", "media"):
        return graph_error(100, "Unknown path components")
    return _post_list(kind, page, parts, query, now)


def _me(token: str) -> Answer:
    """``/me`` with a page token: the regional page and the Instagram account
    the token names (``sandbox-<id or username>``), the region's by default."""
    wanted = token.removeprefix("sandbox").lstrip("-:")
    account = INSTAGRAM.get(wanted) or next(
        (p for p in INSTAGRAM.values() if p.name == wanted), INSTAGRAM["17841400000000714"]
    )
    return json_answer(
        200,
        {
            "id": FACEBOOK["vko.profsoyuz"].ident,
            "name": FACEBOOK["vko.profsoyuz"].name,
            "instagram_business_account": {
                "id": account.ident,
                "username": account.name,
                "followers_count": account.followers,
            },
        },
    )


def _page_fields(kind: str, page: FakePage) -> dict:
    body = {"id": page.ident, "followers_count": page.followers}
    if kind == "facebook":
        body.update(name=page.name, fan_count=page.followers)
    else:
        body["username"] = page.name
    return body


def _post_list(kind: str, page: FakePage, parts: list[str], query: dict, now) -> Answer:
    """``/{page}/posts`` or ``/{ig}/media``: a page of posts (``since``,
    ``limit``, ``after``), with the link to the next as Graph gives it."""
    since = _since(query)
    listed = [item for item in moments(page, now) if since is None or item[0] >= since]
    offset, limit = int(query.get("after", 0) or 0), min(int(query.get("limit", 25) or 25), 100)
    chunk = listed[offset : offset + limit]
    fields = str(query.get("fields", ""))
    data = [
        _post(kind, page, n, moment, share, now, fields)
        for n, (moment, share) in enumerate(chunk, start=offset)
    ]
    body = {"data": data, "paging": {"cursors": {"before": "0", "after": str(offset + limit)}}}
    if offset + limit < len(listed):
        # As Graph's links do, the next page keeps the query (`since` included).
        kept = {k: v for k, v in query.items() if k not in ("_base", "after")}
        body["paging"]["next"] = (
            f"{query['_base']}{GRAPH_PREFIX}/{parts[0]}/{parts[1]}"
            f"?{urlencode({**kept, 'limit': limit, 'after': offset + limit})}"
        )
    return json_answer(200, body)


def _post(kind: str, page: FakePage, n: int, moment, share: bool, now, fields: str) -> dict:
    """The page's n-th post (a Facebook post or an Instagram medium) with the fields asked."""
    if kind == "facebook":
        ident = f"{page.ident}_{n}"
        return {
            "id": ident,
            "created_time": graph_time(moment),
            "status_type": "shared_story" if share else "added_photos",
            **facebook_extras(ident, moment, now, fields),
        }
    ident = f"{page.ident}{n}"
    return {
        "id": ident,
        "timestamp": graph_time(moment),
        **instagram_extras(ident, moment, now, fields),
    }


# --- Posts the portal publishes -----------------------------------------------------


def graph_publish(path: str, query: dict, now: datetime) -> Answer:
    """A POST to the Graph API: a page's post or photo, an Instagram container or
    its publication."""
    token = query.get("access_token", "")
    if not token.startswith("sandbox") or token == REVOKED:
        return graph_error(190, "Error validating access token: The session has been invalidated")
    parts = _parts(path)
    found = _find_graph(parts[0]) if len(parts) == 2 else None
    if found is None:
        return graph_error(100, "Unsupported post request. Object does not exist")
    kind, page = found
    number = next(state.NUMBERS)
    if kind == "facebook" and parts[1] in ("feed", "photos"):
        return _facebook_post(page, parts[1], query, number, now)
    if kind == "instagram" and parts[1] == "media":
        return _instagram_container(query, number)
    if kind == "instagram" and parts[1] == "media_publish":
        return _instagram_publish(page, query, number, now)
    return graph_error(100, "Unknown path components")


def _facebook_post(page: FakePage, edge: str, query: dict, number: int, now) -> Answer:
    """``/{page}/feed`` (a text) or ``/{page}/photos`` (an image fetched from its address)."""
    image = query.get("url", "") if edge == "photos" else ""
    if edge == "photos" and not state.fetch_image(image):
        return graph_error(324, "Missing or invalid image file")
    post_id = f"{page.ident}_9{number:05d}"
    text = query.get("message", "") if edge == "feed" else query.get("caption", "")
    link = f"https://www.facebook.com/{page.ident}/posts/9{number:05d}"
    state.remember("facebook", page.ident, post_id, text, image, link, now)
    body = {"id": post_id} if edge == "feed" else {"id": f"8{number}", "post_id": post_id}
    return json_answer(200, body)


def _instagram_container(query: dict, number: int) -> Answer:
    image = query.get("image_url", "")
    if not state.fetch_image(image):
        return graph_error(9004, "The media could not be fetched from this uri")
    container = f"1790{number:08d}"
    with state.LOCK:
        state.CONTAINERS[container] = {"caption": query.get("caption", ""), "image": image}
    return json_answer(200, {"id": container})


def _instagram_publish(page: FakePage, query: dict, number: int, now) -> Answer:
    with state.LOCK:
        container = state.CONTAINERS.pop(query.get("creation_id", ""), None)
    if container is None:
        return graph_error(100, "Invalid parameter", 400)
    media_id = f"1791{number:08d}"
    link = f"https://www.instagram.com/p/SBX{number:05d}/"
    state.remember(
        "instagram", page.ident, media_id, container["caption"], container["image"], link, now
    )
    return json_answer(200, {"id": media_id})


def graph_published(path: str, query: dict) -> Answer | None:
    """A GET of a published object, or None (the report's pages answer)."""
    parts = _parts(path)
    if len(parts) != 1:
        return None
    entry = state.published(parts[0])
    if entry is None:
        return None
    field = "permalink_url" if entry["network"] == "facebook" else "permalink"
    return json_answer(200, {"id": entry["id"], field: entry["permalink"]})


def with_published(path: str, query: dict, answer: Answer) -> Answer:
    """The page's post list with what the portal published on top (first page only)."""
    status, headers, body = answer
    parts = _parts(path)
    found = _find_graph(parts[0]) if len(parts) == 2 else None
    if status != 200 or found is None or query.get("after"):
        return answer
    kind, page = found
    data = json.loads(body)
    since = _since(query)
    fields, now = str(query.get("fields", "")), datetime.now(UTC)
    own = [
        _published_post(kind, entry, now, fields)
        for entry in state.published_on(page.ident)
        if since is None or entry["at"] >= since
    ]
    data["data"] = own + data.get("data", [])
    return status, headers, json.dumps(data).encode()


def _published_post(kind: str, entry: dict, now: datetime, fields: str) -> dict:
    if kind == "facebook":
        return {
            "id": entry["id"],
            "message": entry["text"],
            "created_time": graph_time(entry["at"]),
            "permalink_url": entry["permalink"],
            "status_type": "mobile_status_update",
            **facebook_extras(entry["id"], entry["at"], now, fields),
        }
    return {
        "id": entry["id"],
        "caption": entry["text"],
        "timestamp": graph_time(entry["at"]),
        "permalink": entry["permalink"],
        **instagram_extras(entry["id"], entry["at"], now, fields),
    }
