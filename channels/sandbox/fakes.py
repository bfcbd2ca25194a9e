"""The sandbox's fakes: its addresses and tokens, the report's pages as the
networks know them, and the figures their posts reach."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

GRAPH_PREFIX = "/graph/v26.0"
TELEGRAM_PREFIX = "/telegram"
FEED_PATH = "/feed/vko.xml"
DIALOG_PATH = "/dialog/oauth"
PREVIEW_PREFIX = "/tme"
TOKEN = "sandbox-token"  # noqa: S105  (the sandbox's own, public)
REVOKED = "sandbox-revoked"


@dataclass(frozen=True)
class FakePage:
    """A page as the network knows it: followers, and posts as (days ago, is a share)."""

    ident: str
    name: str
    followers: int
    posts: list[tuple[float, bool]] = field(default_factory=list)
    fixed: list[tuple[date, bool]] = field(default_factory=list)  # posts on known dates


def every(days: float, count: int, *, share_every: int = 0, start: float = 0.3) -> list:
    return [
        (start + n * days, bool(share_every) and n % share_every == share_every - 1)
        for n in range(count)
    ]


# The report's figures (early December 2025); what it leaves out is chosen to
# agree with its words.
FACEBOOK = {
    # The regional page: 6.2 thousand followers, one of the most active.
    "vko.profsoyuz": FakePage(
        "104000000006200", "ВКО филиал профсоюза образования", 6200, every(1.1, 30, share_every=7)
    ),
    # Katon-Karagai: 23 followers, only logos, in effect not kept.
    "Katonkasypodak2024": FakePage(
        "104000000000023",
        "Катон-Карагай профсоюз",
        23,
        fixed=[(date(2024, 3, 12), False), (date(2024, 3, 12), False)],
    ),
}
INSTAGRAM = {
    # The region's account: 714 followers, 8th among the regions.
    "17841400000000714": FakePage("17841400000000714", "vko_profsoyuz", 714, every(2.5, 12)),
    # Altai: 155 followers, posts regularly.
    "17841400000000155": FakePage("17841400000000155", "profsouz_altai", 155, every(3, 10)),
    # Glubokoe: 433 followers, active.
    "17841400000000433": FakePage("17841400000000433", "profsouz_обр", 433, every(3.3, 9)),
}
TELEGRAM = {
    "@vko_profsoyuz": FakePage(
        "-1001000000001", "Профсоюз образования ВКО", 1240, every(2, 14, share_every=4)
    ),
}
# Materials on the site's feed: the latest 20, about 15 a month.
FEED = every(2, 20)


def graph_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def moments(page: FakePage, now: datetime) -> list[tuple[datetime, bool]]:
    moments = [(now - timedelta(days=days), share) for days, share in page.posts]
    moments += [(datetime(d.year, d.month, d.day, 9, tzinfo=UTC), s) for d, s in page.fixed]
    return sorted(moments, key=lambda item: item[0], reverse=True)


def figures(ident: str, posted: datetime, now: datetime) -> dict[str, int]:
    """A post's figures now: some posts reach more than others (by their id),
    an evening post more than a morning one, reach grows over the first days
    and moves a little from one day to the next."""
    seed = int(hashlib.sha256(ident.encode()).hexdigest()[:8], 16)
    hours = max(0.0, (now - posted).total_seconds() / 3600)
    local_hour = (posted.astimezone(UTC).hour + 5) % 24  # Asia/Almaty
    evening = 1.35 if 17 <= local_hour <= 21 else 0.8 if local_hour < 10 else 1.0
    wobble = 1 + 0.05 * math.sin(now.toordinal() * 1.7 + seed % 11)
    grown = 0.2 + 0.8 * (1 - math.exp(-hours / 30))
    reach = round((120 + seed % 700) * evening * grown * wobble)
    reactions = round(reach * (0.02 + (seed % 5) / 100))
    comments, shares = reactions // 6, reactions // 12
    return {
        "reach": reach,
        "views": round(reach * (1.25 + (seed % 4) / 10)),
        "reactions": reactions,
        "comments": comments,
        "shares": shares,
        "saved": reactions // 10,
        "interactions": reactions + comments + shares + reactions // 10,
    }
