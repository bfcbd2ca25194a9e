"""Telegram channels through the Bot API.

The bot (made by @BotFather, an administrator of the channel) reads the
channel's subscribers with ``getChatMemberCount``. It sees the channel's posts
only as they come: ``channel_post`` updates, by a webhook with a secret token
when the portal has an https address, by polling ``getUpdates`` otherwise. A
forwarded post (``forward_origin``, or ``forward_from_chat`` in older
answers) counts as a repost.

It publishes with ``sendMessage`` (text only), ``sendPhoto`` (one image, the
text as its caption) or ``sendMediaGroup`` (an album, the caption on its
first photo); images are given by address (Telegram fetches them). It edits
with ``editMessageText`` (``editMessageCaption`` for a photo) and deletes with
``deleteMessage`` (``deleteMessages`` for an album). A bot cannot read a
channel's history, so a post whose answer was lost cannot be looked for.

Errors (core.telegram.org/bots/api#making-requests): 401 is a token Telegram
no longer accepts (revoked, or never valid): a new token is needed. 403 is a
valid bot without the right: removed from the channel, not a member, not an
administrator, «not enough rights» to post; the bot's token still works, and
making it an administrator again mends the page: ``no_permission``, never an
expired token. 400 about the chat means the channel is gone or renamed; 429
comes with ``parameters.retry_after``, a limit of that bot (its token)
alone; 409 from ``getUpdates`` means a webhook is set, so there is nothing to
poll.

Reach (issue 30): the Bot API gives no view counts. A public channel's
preview page (``{TELEGRAM_PREVIEW_URL}/s/<channel>``) shows its latest posts,
each with its ``data-post`` («channel/123»), its time and its views as
Telegram rounds them (``987``, ``1.2K``, ``3.4M``); older posts come with
``?before=<number>``. Those figures are marked as read from the public page.
A private channel (named by its id) has no such page: «не измеряется».
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from django.conf import settings

from . import http
from .base import Found, Network, Operation, Page, Published, units
from .errors import NetworkError, RetryAfter
from .measurement import Insights, PostFigures, Source

TEXT = 4096  # a message's length, in UTF-16 code units
CAPTION = 1024  # a photo's (or an album's) caption
ALBUM = 10  # photos in one media group
MAX_UPDATE_BATCHES = 20  # 100 updates each
IMAGE_WORDS = ("photo", "image", "http url", "file", "media")


def interpret(response: http.Response):
    """The answer's ``result``, or the error it is."""
    body = response.json()
    if not isinstance(body, dict) or "ok" not in body:
        raise NetworkError("malformed")
    if body["ok"] is True:
        if "result" not in body:
            raise NetworkError("missing_field", field="result")
        return body["result"]
    code = body.get("error_code", response.status)
    text = str(body.get("description", "")).lower()
    parameters = body.get("parameters") or {}
    if code == 429 or "retry_after" in parameters:
        seconds = parameters.get("retry_after")
        raise RetryAfter(float(seconds) if isinstance(seconds, int | float) else 1.0)
    if code == 401:
        raise NetworkError("token_expired")
    if code == 409:
        raise NetworkError("conflict")
    if "not modified" in text:
        raise NetworkError("not_modified")
    if "message to delete not found" in text or "message to edit not found" in text:
        raise NetworkError("not_found")
    if "can't be deleted" in text:
        raise NetworkError("cannot_delete")
    if code == 403 or "not enough rights" in text or "administrator" in text:
        raise NetworkError("no_permission", error=code)
    if "too long" in text:
        raise NetworkError("text_too_long", error=code)
    if "chat not found" in text:
        raise NetworkError("not_found")
    if any(word in text for word in IMAGE_WORDS):
        raise NetworkError("image_refused")
    raise NetworkError("refused", error=code)


def _call(
    token: str,
    method: str,
    *,
    limits: http.Limits | None = None,
    retries: int | None = None,
    **params,
):
    return http.request(
        "POST",
        f"{settings.TELEGRAM_API_URL}/bot{token}/{method}",
        data=params,
        interpret=interpret,
        network="telegram",
        retries=retries,
        limits=limits,
        scopes={"token": http.scope_key("telegram", token)},
    )


def _send(token: str, method: str, *, limits: http.Limits | None, **params):
    """A call that changes the channel: made exactly once."""
    return _call(token, method, limits=limits, retries=0, **params)


def chat(page: Page) -> str:
    """The chat a page names: its id once a check found it; before that the
    account as given: a numeric id as it is, a name as @name."""
    if page.external_id:
        return page.external_id
    account = page.account.strip()
    if account.lstrip("-").isdigit():
        return account
    return account if account.startswith("@") else f"@{account}"


def link(account: str, chat_id: str, message_id: int) -> str:
    """t.me/<name>/<n> for a public channel, t.me/c/<id>/<n> for a private one."""
    name = account.strip().removeprefix("https://t.me/").lstrip("@")
    if name and not name.lstrip("-").isdigit():
        return f"https://t.me/{name}/{message_id}"
    internal = str(chat_id).removeprefix("-100")
    return f"https://t.me/c/{internal}/{message_id}"


def _message(post_id: str) -> tuple[str, int]:
    """A publication's id, «chat:message», as its parts."""
    chat_id, _colon, number = post_id.rpartition(":")
    if not chat_id or not number.isdigit():
        raise NetworkError("not_found")
    return chat_id, int(number)


class Telegram(Network):
    code = "telegram"
    name = "Telegram"
    operations = frozenset(
        {
            Operation.CHECK,
            Operation.MEASURE,
            Operation.INSIGHTS,
            Operation.PUBLISH,
            Operation.EDIT,
            Operation.DELETE,
        }
    )

    def scopes(self, token: str) -> dict[str, str]:
        return {"token": http.scope_key("telegram", token)}

    def check(self, *, token: str, page: Page, limits: http.Limits | None = None) -> Found:
        """The bot and the channel: the channel's id and title, the bot's id."""
        bot = _call(token, "getMe", limits=limits)
        if not isinstance(bot, dict) or "id" not in bot:
            raise NetworkError("missing_field", field="id")
        found = _call(token, "getChat", limits=limits, chat_id=chat(Page(page.account)))
        if not isinstance(found, dict) or "id" not in found:
            raise NetworkError("missing_field", field="id")
        if found.get("type") != "channel":
            raise NetworkError("not_a_channel")
        channel = Page(page.account, str(found["id"]))
        self.measure(token=token, page=channel, limits=limits)
        return Found(
            external_id=channel.external_id,
            name=str(found.get("title", ""))[:255],
            bot_id=str(bot["id"]),
        )

    def measure(self, *, token: str, page: Page, limits: http.Limits | None = None) -> int:
        """The channel's subscribers."""
        count = _call(token, "getChatMemberCount", limits=limits, chat_id=chat(page))
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise NetworkError("missing_field", field="result")
        return count

    def insights(
        self,
        *,
        token: str,
        page: Page,
        since: datetime,
        due: Callable[[str, datetime], bool] | None = None,
        limits: http.Limits | None = None,
    ) -> Insights:
        """The views of a public channel's posts, read from its preview page (the
        Bot API gives none; the token is not used)."""
        return channel_views(page=page, since=since, limits=limits)

    def publish(
        self,
        *,
        token: str,
        page: Page,
        text: str,
        images: Sequence[str],
        draft: str = "",
        keep_draft: Callable[[str], None] | None = None,
        limits: http.Limits | None = None,
    ) -> Published:
        target = chat(page)
        images = list(images)[:ALBUM]
        limit = CAPTION if images else TEXT
        if units(text) > limit:
            raise NetworkError("text_too_long", length=units(text), limit=limit)
        if not images:
            method, data = "sendMessage", {"chat_id": target, "text": text}
        elif len(images) == 1:
            method, data = "sendPhoto", {"chat_id": target, "photo": images[0], "caption": text}
        else:
            media = [{"type": "photo", "media": address} for address in images]
            media[0]["caption"] = text
            method, data = "sendMediaGroup", {"chat_id": target, "media": media}
        result = _send(token, method, limits=limits, **data)
        message = result[0] if isinstance(result, list) and result else result
        if not isinstance(message, dict) or not isinstance(message.get("message_id"), int):
            raise NetworkError("malformed")
        chat_id = str((message.get("chat") or {}).get("id", target))
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
            permalink=link(page.account, chat_id, number),
            more=more,
        )

    def edit(
        self,
        *,
        token: str,
        page: Page,
        post_id: str,
        text: str,
        with_media: bool,
        limits: http.Limits | None = None,
    ) -> None:
        """editMessageText, or editMessageCaption when the message is a photo; the
        same text already there is as good as edited."""
        limit = CAPTION if with_media else TEXT
        if units(text) > limit:
            raise NetworkError("text_too_long", length=units(text), limit=limit)
        chat_id, number = _message(post_id)
        where = {"chat_id": chat_id, "message_id": number}
        try:
            _send(token, "editMessageText", limits=limits, **where, text=text)
        except NetworkError as error:
            if error.code == "not_modified":
                return
            if error.code != "refused":
                raise
            try:
                _send(token, "editMessageCaption", limits=limits, **where, caption=text)
            except NetworkError as second:
                if second.code != "not_modified":
                    raise

    def delete(
        self,
        *,
        token: str,
        page: Page,
        post_id: str,
        album: Sequence[str] = (),
        limits: http.Limits | None = None,
    ) -> None:
        """deleteMessage, or deleteMessages for an album (all its photos at once)."""
        chat_id, number = _message(post_id)
        others = [int(n) for n in album if str(n).isdigit()]
        if others:
            _send(
                token,
                "deleteMessages",
                limits=limits,
                chat_id=chat_id,
                message_ids=[number, *others],
            )
        else:
            _send(token, "deleteMessage", limits=limits, chat_id=chat_id, message_id=number)


NETWORK = Telegram()


# --- Views from the public preview page -----------------------------------------------

PREVIEW_PAGES = 10  # about 20 posts a page: 200 posts, more than a union's month
VIEWS = re.compile(r"^(\d+(?:[.,]\d+)?)([KM]?)$")
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def views(text: str) -> int | None:
    """Telegram's rounded views: ``987``, ``1.2K``, ``3.4M``; None if not one."""
    found = VIEWS.match(text.strip().upper())
    if not found:
        return None
    number = float(found.group(1).replace(",", "."))
    return round(number * {"": 1, "K": 1_000, "M": 1_000_000}[found.group(2)])


def public_name(account: str) -> str:
    """The channel's public name, or "" for a private channel (named by its id)."""
    name = account.strip().removeprefix("https://").removeprefix("t.me/").lstrip("@").strip("/")
    return name if NAME.match(name) else ""


@dataclass
class PreviewPost:
    number: int
    at: datetime | None = None
    views: int | None = None
    forwarded: bool = False


class _Preview(HTMLParser):
    """The posts of a preview page: each ``div`` with a ``data-post`` of this
    channel, its ``tgme_widget_message_views`` and its ``time``."""

    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name.casefold()
        self.posts: list[PreviewPost] = []
        self.channel = False  # the page is a channel's history, not a stub
        self._in_views = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "tgme_channel_history" in classes:
            self.channel = True
        post = attributes.get("data-post")
        if post:
            channel, _slash, number = post.rpartition("/")
            if channel.casefold() == self.name and number.isdigit():
                self.posts.append(PreviewPost(int(number)))
            return
        if not self.posts:
            return
        if "tgme_widget_message_views" in classes:
            self._in_views = True
        elif "tgme_widget_message_forwarded_from" in classes:
            self.posts[-1].forwarded = True
        elif tag == "time" and attributes.get("datetime") and self.posts[-1].at is None:
            with contextlib.suppress(ValueError):  # a time we cannot read: none
                self.posts[-1].at = datetime.fromisoformat(attributes["datetime"])

    def handle_data(self, data):
        if self._in_views and self.posts:
            self.posts[-1].views = views(data)

    def handle_endtag(self, tag):
        self._in_views = False


def _page_text(response: http.Response) -> str:
    if response.status == 404:
        raise NetworkError("not_found")
    if response.status == 429:
        raise RetryAfter(http.retry_after_seconds(response.header("retry-after")) or 1.0)
    if response.status >= 400:
        raise NetworkError("refused", error=response.status)
    return response.body.decode("utf-8", errors="replace")


def preview(*, name: str, before: int | None = None, limits=None) -> _Preview:
    """One preview page of the channel (its latest posts, or those before `before`)."""
    text = http.request(
        "GET",
        f"{settings.TELEGRAM_PREVIEW_URL}/s/{name}",
        params={"before": before} if before else None,
        interpret=_page_text,
        network="telegram",
        limits=limits,
        scopes={"token": "telegram-preview"},
    )
    parsed = _Preview(name)
    parsed.feed(text)
    return parsed


def channel_views(*, page: Page, since: datetime, limits: http.Limits | None = None) -> Insights:
    """The views of a public channel's posts since `since`, from its preview pages."""
    name = public_name(page.account)
    if not name:
        raise NetworkError("not_measured")
    chat_id = page.external_id or name
    found: dict[int, PreviewPost] = {}
    before = None
    for _page in range(PREVIEW_PAGES):
        parsed = preview(name=name, before=before, limits=limits)
        if not parsed.channel and not parsed.posts and before is None:
            # t.me shows a stub, not the history: a channel without a public preview.
            raise NetworkError("not_measured")
        new = [post for post in parsed.posts if post.number not in found]
        for post in new:
            found[post.number] = post
        times = [post.at for post in new if post.at is not None]
        if not new or not times or min(times) <= since:
            break
        before = min(post.number for post in new)
    return Insights(
        [
            PostFigures(
                network_id=f"{chat_id}:{post.number}",
                posted_at=post.at,
                repost=post.forwarded,
                source=Source.PUBLIC_PAGE,
                views=post.views,
            )
            for post in sorted(found.values(), key=lambda post: -post.number)
            if post.at is not None and post.at > since
        ]
    )


# --- What only a Telegram bot does: updates, the webhook ------------------------------


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
    found = message.get("chat") or {}
    try:
        return ChannelPost(
            chat_id=str(found["id"]),
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
        except NetworkError as error:
            if error.code == "conflict":
                return None
            raise
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
