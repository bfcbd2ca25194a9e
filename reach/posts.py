"""A post of the plan as the networks measured it: each network's figures for
its page and panel, and its reach for the calendar's chips.

A plan's post reaches a network through a publication (`publishing`) whose id
on the network names a measured post (`channels.NetworkPost`) of the same
connection. Its figures are those of its latest measurement (the oldest age
measured, with that measurement's date); a figure the network did not give
stays None and is shown as unknown, never as 0. A copy that cannot be
measured (placed by hand, a private channel, a network without insights)
says so, and one not measured yet says that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

import networks
from channels.models import NetworkPost, PostMeasurement, Source
from networks.base import Operation
from networks.measurement import Note
from publishing.models import Publication

from .selectors import _latest, engagement_rate

# Publications whose copy is (or was left) on the network.
OUT = (Publication.State.SENT, Publication.State.KEPT)


class State:
    MEASURED = "measured"
    NOT_YET = "not_yet"  # out, but no measurement yet
    NOT_MEASURED = "not_measured"  # this copy cannot be measured
    TOO_FEW_VIEWERS = "too_few_viewers"  # the network hides the figures


@dataclass(frozen=True)
class NetworkFigures:
    """One copy of a post on a network, as last measured."""

    code: str
    network: str
    state: str
    measured_at: datetime | None = None
    source: str = ""
    reach: int | None = None
    views: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    interactions: int | None = None

    @property
    def engagement(self) -> float | None:
        return engagement_rate(reach=self.reach, interactions=self.interactions)

    @property
    def engagement_percent(self) -> float | None:
        rate = self.engagement
        return None if rate is None else rate * 100

    @property
    def from_public_page(self) -> bool:
        return self.source == Source.PUBLIC_PAGE


def _measurable(publication: Publication) -> bool:
    connection = publication.connection
    if connection is None or not publication.network_id:
        return False  # placed by hand: the portal knows no post to measure
    if connection.reach_error == "not_measured":
        return False  # a private channel: no public page to read
    try:
        return networks.get(connection.platform).supports(Operation.INSIGHTS)
    except LookupError:
        return False


def figures_of_posts(post_ids: Iterable[int]) -> dict[int, list[NetworkFigures]]:
    """{post_id: [each network's figures, in the channels' order]} for the
    posts' copies on the networks: two queries whatever the number of posts
    and networks (the publications with their channels and connections; the
    measurements of all of them)."""
    ids = list(post_ids)
    if not ids:
        return {}
    publications = list(
        Publication.objects.filter(post_id__in=ids, state__in=OUT)
        .select_related("channel", "connection__page")
        .order_by("post_id", "channel__position", "pk")
    )
    keys = {(p.connection_id, p.network_id) for p in publications if _measurable(p)}
    latest = _latest_measurements(keys)
    found: dict[int, list[NetworkFigures]] = {}
    for publication in publications:
        key = (publication.connection_id, publication.network_id)
        base = {"code": publication.channel.code, "network": publication.channel.display_name}
        if key not in keys:
            shown = NetworkFigures(state=State.NOT_MEASURED, **base)
        elif key not in latest:
            shown = NetworkFigures(state=State.NOT_YET, **base)
        else:
            shown = _measured(latest[key], base)
        found.setdefault(publication.post_id, []).append(shown)
    return found


def _latest_measurements(keys: set[tuple[int, str]]) -> dict[tuple[int, str], PostMeasurement]:
    """The latest measurement of each post by (connection, network id), in one query."""
    latest: dict[tuple[int, str], PostMeasurement] = {}
    if not keys:
        return latest
    rows = (
        PostMeasurement.objects.filter(
            post__connection_id__in={key[0] for key in keys},
            post__network_id__in={key[1] for key in keys},
        )
        .select_related("post")
        .order_by("age")
    )
    for row in rows:  # the oldest age last: it stands
        latest[(row.post.connection_id, row.post.network_id)] = row
    return latest


def _measured(row: PostMeasurement, base: dict) -> NetworkFigures:
    hidden = row.note == Note.TOO_FEW_VIEWERS and row.reach is None
    return NetworkFigures(
        state=State.TOO_FEW_VIEWERS if hidden else State.MEASURED,
        measured_at=row.measured_at,
        source=row.source,
        reach=row.reach,
        views=row.views,
        reactions=row.reactions,
        comments=row.comments,
        shares=row.shares,
        interactions=row.interactions,
        **base,
    )


def reach_of_posts(post_ids: Iterable[int]) -> dict[int, int]:
    """{post_id: reach} for the plan's posts whose reach is known on at least
    one network: each copy's latest known reach (a channel's views read from
    its public page standing for it), summed over the networks. A post known
    nowhere is absent, never 0. One query whatever the number of posts."""
    ids = list(post_ids)
    if not ids:
        return {}
    ours = Publication.objects.filter(
        post_id__in=ids,
        state__in=OUT,
        connection=OuterRef("connection"),
        network_id=OuterRef("network_id"),
    ).exclude(network_id="")
    rows = (
        NetworkPost.objects.filter(Exists(ours))
        .annotate(
            reach_value=Coalesce(_latest("reach"), _latest("views", source=Source.PUBLIC_PAGE)),
            plan_post=Subquery(ours.values("post_id")[:1]),
        )
        .filter(reach_value__isnull=False)
        .values_list("plan_post", "reach_value")
    )
    found: dict[int, int] = {}
    for post_id, reach in rows:
        found[post_id] = found.get(post_id, 0) + reach
    return found
