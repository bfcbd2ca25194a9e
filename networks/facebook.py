"""Facebook Pages through the Graph API (what it shares with Instagram: `graph`).

Measuring: the page's followers (``followers_count``, or ``fan_count`` on old
pages) and its posts (``/{page}/posts``: what the page itself published),
newest first, paged until the 30-day window is behind us and an own post has
been seen. A post is a share (a repost) when its ``status_type`` is
``shared_story`` or it has a ``parent_id``.

Publishing: ``POST /{page}/feed`` with ``message`` (text), or
``POST /{page}/photos`` with ``url`` and ``caption`` (a photo post, whose
``post_id`` is the post); the address comes from ``permalink_url``. Our post
is found again among ``/{page}/posts`` by the marker in its text; it is
edited with ``POST /{post}`` (``message``) and deleted with ``DELETE /{post}``.

Reach (issue 30): the page's posts since a moment, read with field
expansion in the same list: ``insights.metric(post_total_media_view_unique,
post_media_view)`` (the post's viewers, its reach, and its views; Meta removed
``post_impressions_unique`` and the other impression metrics in 2025: asking
for them is an invalid-metric error), ``reactions.summary(total_count)``,
``comments.summary(total_count)`` and ``shares``. A token without
``read_insights`` is refused the insights: the list is read again without
them (reactions, comments, shares) and the permission is named. Without
``pages_read_engagement`` nothing of the posts can be read. The page's day:
``/{page}/insights`` of ``page_follows`` (``page_fans`` was removed in
November 2025), ``page_total_media_view_unique`` (its reach) and
``page_media_view`` (its views), period ``day``.

Facebook Login (`login_pages`) exchanges a login's code for the pages the
person manages, each with its page token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings

from . import graph, http
from .base import Found, Match, Network, Operation, Page, Published
from .errors import NetworkError
from .measurement import Insights, Note, PageDay, Post, PostFigures

TEXT = 63206  # a post's length, in UTF-16 code units


def is_share(post: dict) -> bool:
    """A share of someone else's post, not the page's own."""
    return post.get("status_type") == "shared_story" or bool(post.get("parent_id"))


POST_FIELDS = "id,created_time,status_type,parent_id"
ENGAGEMENT_FIELDS = (
    "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares"
)
REACH_METRIC = "post_total_media_view_unique"  # the post's viewers: its reach
VIEWS_METRIC = "post_media_view"
INSIGHTS_FIELD = f"insights.metric({REACH_METRIC},{VIEWS_METRIC})"
PAGE_METRICS = ("page_follows", "page_total_media_view_unique", "page_media_view")


def _figures(item: dict, *, with_insights: bool) -> PostFigures:
    metrics = graph.metric_values(item.get("insights")) if with_insights else {}
    reactions = graph.summary_count(item, "reactions")
    comments = graph.summary_count(item, "comments")
    # Graph leaves ``shares`` out of a post nobody shared; a post whose other
    # fields came is read whole, so its absence is a count of none.
    shares_field = item.get("shares")
    shares = graph.count(shares_field.get("count")) if isinstance(shares_field, dict) else 0
    known = [reactions, comments, shares]
    reach = metrics.get(REACH_METRIC)
    return PostFigures(
        network_id=str(item["id"]),
        posted_at=graph.parse_time(item["created_time"]),
        repost=is_share(item),
        note=Note.NOT_YET if with_insights and reach is None else "",
        reach=reach,
        views=metrics.get(VIEWS_METRIC),
        reactions=reactions,
        comments=comments,
        shares=shares,
        interactions=None if None in known else sum(known),
    )


def _address(post_id: str) -> str:
    return f"https://www.facebook.com/{post_id}"


class Facebook(Network):
    code = "facebook_page"
    name = "Facebook"
    fold = 480
    wide_image = True
    operations = frozenset(
        {
            Operation.CHECK,
            Operation.MEASURE,
            Operation.LIST_POSTS,
            Operation.INSIGHTS,
            Operation.PAGE_DAILY,
            Operation.PUBLISH,
            Operation.FIND,
            Operation.EDIT,
            Operation.DELETE,
        }
    )

    def scopes(self, token: str) -> dict[str, str]:
        return graph.scopes(token)

    def check(self, *, token: str, page: Page, limits: http.Limits | None = None) -> Found:
        """The page the token opens: its id and name (and that it has followers)."""
        client = graph.GraphClient(token, limits=limits)
        answer = client.get(page.account or "me", fields="id,name,followers_count,fan_count")
        if not answer.get("id"):
            raise NetworkError("missing_field", field="id")
        graph.number(answer, "followers_count", "fan_count")
        return Found(external_id=str(answer["id"]), name=str(answer.get("name", ""))[:255])

    def measure(self, *, token: str, page: Page, limits: http.Limits | None = None) -> int:
        client = graph.GraphClient(token, limits=limits)
        answer = client.get(page.external_id, fields="followers_count,fan_count")
        return graph.number(answer, "followers_count", "fan_count")

    def list_posts(
        self, *, token: str, page: Page, now: datetime, limits: http.Limits | None = None
    ) -> list[Post]:
        return graph.GraphClient(token, limits=limits).posts(
            f"{page.external_id}/posts",
            fields="id,created_time,status_type,parent_id",
            time_field="created_time",
            now=now,
            is_repost=is_share,
        )

    def insights(
        self,
        *,
        token: str,
        page: Page,
        since: datetime,
        due: Callable[[str, datetime], bool] | None = None,
        limits: http.Limits | None = None,
    ) -> Insights:
        """Every post since `since` with its figures, in one paged list (`due` is
        not needed: the figures cost no call of their own)."""
        client = graph.GraphClient(token, limits=limits)
        path = f"{page.external_id}/posts"
        fields = f"{POST_FIELDS},{ENGAGEMENT_FIELDS}"
        try:
            items = client.since(
                path, fields=f"{fields},{INSIGHTS_FIELD}", time_field="created_time", since=since
            )
        except NetworkError as error:
            if error.code != "no_permission":
                raise
            missing = "read_insights"
        else:
            return Insights([_figures(item, with_insights=True) for item in items])
        try:
            items = client.since(path, fields=fields, time_field="created_time", since=since)
        except NetworkError as error:
            if error.code != "no_permission":
                raise
            raise NetworkError("insights_permission", permission="pages_read_engagement") from None
        return Insights([_figures(item, with_insights=False) for item in items], missing=missing)

    def page_daily(
        self, *, token: str, page: Page, day: date, limits: http.Limits | None = None
    ) -> PageDay:
        client = graph.GraphClient(token, limits=limits)
        start = datetime.combine(day, time(), tzinfo=UTC)
        try:
            answer = client.get(
                f"{page.external_id}/insights",
                metric=",".join(PAGE_METRICS),
                period="day",
                since=int(start.timestamp()),
                until=int((start + timedelta(days=1)).timestamp()),
            )
        except NetworkError as error:
            if error.code != "no_permission":
                raise
            raise NetworkError("insights_permission", permission="read_insights") from None
        metrics = graph.metric_values(answer)
        return PageDay(
            day=day,
            follows=metrics.get("page_follows"),
            reach=metrics.get("page_total_media_view_unique"),
            views=metrics.get("page_media_view"),
        )

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
        """A text post, or a photo post of the first image."""
        client = graph.GraphClient(token, limits=limits, retries=0)
        if images:
            answer = client.post(f"{page.external_id}/photos", url=images[0], caption=text)
            post_id = answer.get("post_id") or answer.get("id")
        else:
            answer = client.post(f"{page.external_id}/feed", message=text)
            post_id = answer.get("id")
        if not post_id:
            raise NetworkError("malformed")
        post_id = str(post_id)
        return Published(post_id, client.permalink(post_id, "permalink_url", _address(post_id)))

    def find(
        self,
        *,
        token: str,
        page: Page,
        back_to: datetime,
        match: Match,
        limits: http.Limits | None = None,
    ) -> Published | None:
        item = graph.GraphClient(token, limits=limits, retries=0).look_through(
            f"{page.external_id}/posts",
            fields="id,message,created_time,permalink_url",
            text_field="message",
            time_field="created_time",
            back_to=back_to,
            match=match,
        )
        if item is None:
            return None
        return graph.published(item, field="permalink_url", fallback=_address(str(item["id"])))

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
        graph.GraphClient(token, limits=limits, retries=0).post(post_id, message=text)

    def delete(
        self,
        *,
        token: str,
        page: Page,
        post_id: str,
        album: Sequence[str] = (),
        limits: http.Limits | None = None,
    ) -> None:
        graph.GraphClient(token, limits=limits, retries=0).delete(post_id)


NETWORK = Facebook()


# --- Facebook Login -------------------------------------------------------------------


def _oauth(params: dict) -> str:
    """One call of /oauth/access_token; the access token it gives."""

    def understand(response: http.Response):
        try:
            return graph.interpret(response)
        except NetworkError as error:
            if error.code != "not_found":
                raise
            # Here an object that does not exist is a bad parameter (the code,
            # the address), not a vanished page.
            code = (response.json().get("error") or {}).get("code")
            raise NetworkError("refused", error=code) from None

    answer = http.request(
        "GET",
        f"{settings.GRAPH_API_URL}/oauth/access_token",
        params=params,
        interpret=understand,
        network="graph",
    )
    token = answer.get("access_token")
    if not isinstance(token, str) or not token:
        raise NetworkError("missing_field", field="access_token")
    return token


def login_pages(*, code: str, redirect_uri: str) -> list[dict]:
    """What a Facebook Login gave: the code → a user token → a long-lived user
    token (``fb_exchange_token``) → the pages the person manages
    (``/me/accounts``, paged to the end), each with its own page token.

    Returns ``[{"id", "name", "token"}]``.
    """
    app = {"client_id": settings.FACEBOOK_APP_ID, "client_secret": settings.FACEBOOK_APP_SECRET}
    short = _oauth({**app, "redirect_uri": redirect_uri, "code": code})
    long_lived = _oauth({**app, "grant_type": "fb_exchange_token", "fb_exchange_token": short})
    client = graph.GraphClient(long_lived)
    pages = []
    first = client.get("me/accounts", fields="id,name,access_token", limit=graph.PAGE_SIZE)
    for data, _answer in client.pages(first):
        for item in data:
            if not isinstance(item, dict) or not item.get("id") or not item.get("access_token"):
                raise NetworkError("missing_field", field="access_token")
            pages.append(
                {
                    "id": str(item["id"]),
                    "name": str(item.get("name", ""))[:255],
                    "token": str(item["access_token"]),
                }
            )
    return pages
