"""Instagram professional accounts through the Graph API (what it shares with
Facebook: `graph`).

Measuring: the account's ``followers_count`` and its media with their
``timestamp``; every medium is the account's own.

Publishing takes two steps: ``POST /{ig-user}/media`` with ``image_url`` and
``caption`` makes a container (nothing is published yet), then
``POST /{ig-user}/media_publish`` with ``creation_id`` publishes it;
``GET /{media}?fields=permalink`` gives its address. The container's id is
handed to the caller before the second step, so a retry publishes the same
container rather than make a second. An image is required. Our post is found
again among ``/{ig-user}/media`` by the marker in its caption. The API lets
the portal neither change a caption nor delete a medium.

Reach (issue 30): the media since a moment (with ``like_count`` and
``comments_count``, which cost nothing more), and for each medium that is due
``/{media}/insights`` of ``views``, ``reach``, ``likes``, ``comments``,
``saved``, ``shares`` and ``total_interactions`` (``impressions`` was removed
in 2025). An empty data set means the figures are not available yet; error
#10 «Not enough viewers» means too few people saw it; an album's children
have no insights of their own (the list gives only the album, which has).
None of these is ever taken for 0. A token without
``instagram_manage_insights`` keeps the likes and comments of the list and
names the permission. The account's day: ``/{ig-user}/insights`` of
``reach`` and ``views``, period ``day``, ``metric_type=total_value``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from . import graph, http
from .base import Found, Match, Network, Operation, Page, Published, units
from .errors import NetworkError
from .measurement import Insights, Note, PageDay, Post, PostFigures

CAPTION = 2200  # a caption's length, in UTF-16 code units


MEDIA_FIELDS = "id,timestamp,media_type,like_count,comments_count"
MEDIA_METRICS = ("views", "reach", "likes", "comments", "saved", "shares", "total_interactions")
PERMISSION = "instagram_manage_insights"


def _listed(item: dict, **more) -> PostFigures:
    """A medium as the list gives it: its likes and comments."""
    return PostFigures(
        network_id=str(item["id"]),
        posted_at=graph.parse_time(item["timestamp"]),
        reactions=graph.count(item.get("like_count")),
        comments=graph.count(item.get("comments_count")),
        **more,
    )


def _measured(item: dict, metrics: dict) -> PostFigures:
    if not metrics:
        return _listed(item, note=Note.NOT_YET)
    return PostFigures(
        network_id=str(item["id"]),
        posted_at=graph.parse_time(item["timestamp"]),
        reach=metrics.get("reach"),
        views=metrics.get("views"),
        reactions=metrics.get("likes"),
        comments=metrics.get("comments"),
        shares=metrics.get("shares"),
        saved=metrics.get("saved"),
        interactions=metrics.get("total_interactions"),
    )


def _address(media_id: str) -> str:
    return f"https://www.instagram.com/p/{media_id}/"


class Instagram(Network):
    code = "instagram"
    name = "Instagram"
    fold = 125
    operations = frozenset(
        {
            Operation.CHECK,
            Operation.MEASURE,
            Operation.LIST_POSTS,
            Operation.INSIGHTS,
            Operation.PAGE_DAILY,
            Operation.PUBLISH,
            Operation.FIND,
        }
    )

    def scopes(self, token: str) -> dict[str, str]:
        return graph.scopes(token)

    def check(self, *, token: str, page: Page, limits: http.Limits | None = None) -> Found:
        """The account: by its id, or by its user name among the token's linked accounts."""
        client = graph.GraphClient(token, limits=limits)
        account = page.account
        if account.isdigit():
            answer = client.get(account, fields="id,username,followers_count")
        else:
            linked = client.get(
                "me", fields="instagram_business_account{id,username,followers_count}"
            )
            answer = linked.get("instagram_business_account")
            if not isinstance(answer, dict):
                raise NetworkError("not_found")
            wanted = account.lstrip("@").casefold()
            if wanted and str(answer.get("username", "")).casefold() != wanted:
                raise NetworkError("not_found")
        if not answer.get("id"):
            raise NetworkError("missing_field", field="id")
        graph.number(answer, "followers_count")
        return Found(external_id=str(answer["id"]), name=str(answer.get("username", ""))[:255])

    def measure(self, *, token: str, page: Page, limits: http.Limits | None = None) -> int:
        client = graph.GraphClient(token, limits=limits)
        answer = client.get(page.external_id, fields="followers_count")
        return graph.number(answer, "followers_count")

    def list_posts(
        self, *, token: str, page: Page, now: datetime, limits: http.Limits | None = None
    ) -> list[Post]:
        return graph.GraphClient(token, limits=limits).posts(
            f"{page.external_id}/media",
            fields="id,timestamp,media_type",
            time_field="timestamp",
            now=now,
            is_repost=lambda item: False,
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
        """The media since `since`; those `due` (all, if no `due`) with their
        insights, one call each."""
        client = graph.GraphClient(token, limits=limits)
        items = client.since(
            f"{page.external_id}/media", fields=MEDIA_FIELDS, time_field="timestamp", since=since
        )
        posts, missing = [], ""
        for item in items:
            wanted = due is None or due(str(item["id"]), graph.parse_time(item["timestamp"]))
            if not wanted or missing:
                posts.append(_listed(item))
                continue
            try:
                answer = client.get(f"{item['id']}/insights", metric=",".join(MEDIA_METRICS))
            except NetworkError as error:
                if error.code == "too_few_viewers":
                    posts.append(_listed(item, note=Note.TOO_FEW_VIEWERS))
                    continue
                if error.code != "no_permission":
                    raise
                missing = PERMISSION
                posts.append(_listed(item))
                continue
            posts.append(_measured(item, graph.metric_values(answer)))
        return Insights(posts, missing=missing)

    def page_daily(
        self, *, token: str, page: Page, day: date, limits: http.Limits | None = None
    ) -> PageDay:
        client = graph.GraphClient(token, limits=limits)
        start = datetime.combine(day, time(), tzinfo=UTC)
        try:
            answer = client.get(
                f"{page.external_id}/insights",
                metric="reach,views",
                period="day",
                metric_type="total_value",
                since=int(start.timestamp()),
                until=int((start + timedelta(days=1)).timestamp()),
            )
        except NetworkError as error:
            if error.code != "no_permission":
                raise
            raise NetworkError("insights_permission", permission=PERMISSION) from None
        metrics = graph.metric_values(answer)
        return PageDay(day=day, reach=metrics.get("reach"), views=metrics.get("views"))

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
        client = graph.GraphClient(token, limits=limits, retries=0)
        container = draft
        if not container:
            if not images:
                raise NetworkError("image_required")
            if units(text) > CAPTION:
                raise NetworkError("text_too_long", length=units(text), limit=CAPTION)
            answer = client.post(f"{page.external_id}/media", image_url=images[0], caption=text)
            if not answer.get("id"):
                raise NetworkError("malformed")
            container = str(answer["id"])
            if keep_draft is not None:
                keep_draft(container)
        answer = client.post(f"{page.external_id}/media_publish", creation_id=container)
        if not answer.get("id"):
            raise NetworkError("malformed")
        media_id = str(answer["id"])
        return Published(media_id, client.permalink(media_id, "permalink", _address(media_id)))

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
            f"{page.external_id}/media",
            fields="id,caption,timestamp,permalink",
            text_field="caption",
            time_field="timestamp",
            back_to=back_to,
            match=match,
        )
        if item is None:
            return None
        return graph.published(item, field="permalink", fallback=_address(str(item["id"])))


NETWORK = Instagram()
