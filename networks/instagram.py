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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from . import graph, http
from .base import Found, Match, Network, Operation, Page, Published, units
from .errors import NetworkError
from .measurement import Post

CAPTION = 2200  # a caption's length, in UTF-16 code units


def _address(media_id: str) -> str:
    return f"https://www.instagram.com/p/{media_id}/"


class Instagram(Network):
    code = "instagram"
    name = "Instagram"
    operations = frozenset(
        {
            Operation.CHECK,
            Operation.MEASURE,
            Operation.LIST_POSTS,
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
