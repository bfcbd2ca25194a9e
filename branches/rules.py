"""The page audit's rules, with every threshold in one place.

A verdict is computed from a page's latest measurement, as of that
measurement's date, so an old measurement does not make a page look worse
than it was; the audit marks such a page as needing a new measurement.

The thresholds follow the report's judgements: a page with no own post for
half a year is abandoned (Samar, Altai's Facebook), one silent for two months
is dormant (Ulan), fewer than one own post a week or a feed of mostly
reposts or unrelated material is irregular (Kurchum, Shemonaikha, Ridder,
Tarbagatai).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .verdicts import Recommendation, Verdict

if TYPE_CHECKING:
    from .models import PageSnapshot


@dataclass(frozen=True)
class Thresholds:
    abandoned_after_days: int = 180  # no own post for this long: abandoned
    dormant_after_days: int = 60  # no own post for this long: dormant
    min_own_posts: int = 4  # own posts in 30 days, fewer is irregular (one a week)
    max_repost_share: float = 0.5  # more of the posts than this are reposts: irregular
    max_unrelated_share: float = 0.3  # more than this is foreign content: irregular
    followers_drop: float = 0.05  # followers fell by more than this since the last measurement
    min_previous_gap_days: int = 21  # ...measured at least this many days before
    weak_visuals_at_most: int = 2  # visual quality 1–5; this or lower is weak
    small_audience_below: int = 100  # fewer followers: a small audience
    measurement_valid_days: int = 45  # an older measurement needs renewing


THRESHOLDS = Thresholds()

# How bad each verdict is, to tell when a page got worse.
SEVERITY = {
    Verdict.ACTIVE: 0,
    Verdict.IRREGULAR: 1,
    Verdict.DORMANT: 2,
    Verdict.ABANDONED: 3,
}


@dataclass(frozen=True)
class Result:
    verdict: str
    reasons: list[dict]
    recommendation: str
    needs_measurement: bool


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class _Reading:
    """One measurement read against the thresholds, as of its own date."""

    snapshot: PageSnapshot
    previous: PageSnapshot | None
    limits: Thresholds

    @property
    def silent_days(self) -> int | None:
        last = self.snapshot.last_own_post
        return (self.snapshot.measured_on - last).days if last else None

    @property
    def repost_share(self) -> float:
        return _share(self.snapshot.reposts, self.snapshot.posts_30d)

    @property
    def unrelated_share(self) -> float:
        return _share(self.snapshot.unrelated_posts, self.snapshot.posts_30d)

    @property
    def weak_visuals(self) -> bool:
        quality = self.snapshot.visual_quality
        return quality is not None and quality <= self.limits.weak_visuals_at_most


# Each reason: the reading → the reason's dict, or None when it does not apply.


def _silence(r: _Reading) -> dict | None:
    if r.silent_days is None:
        return {"code": "no_own_posts"}
    if r.silent_days >= r.limits.dormant_after_days:
        return {"code": "silent", "days": r.silent_days}
    return None


def _few_own_posts(r: _Reading) -> dict | None:
    # A silent page is told as silent, not also as posting little.
    silent = r.silent_days is None or r.silent_days >= r.limits.dormant_after_days
    if r.snapshot.own_posts < r.limits.min_own_posts and not silent:
        return {"code": "few_own_posts", "count": r.snapshot.own_posts}
    return None


def _reposts(r: _Reading) -> dict | None:
    if r.repost_share > r.limits.max_repost_share:
        return {"code": "reposts", "percent": round(r.repost_share * 100)}
    return None


def _unrelated(r: _Reading) -> dict | None:
    if r.unrelated_share > r.limits.max_unrelated_share:
        return {"code": "unrelated", "percent": round(r.unrelated_share * 100)}
    return None


def _followers_falling(r: _Reading) -> dict | None:
    """Against a measurement at least `min_previous_gap_days` before this one."""
    now, before = r.snapshot, r.previous
    if (
        before is not None
        and before.followers
        and now.followers is not None
        and (now.measured_on - before.measured_on).days >= r.limits.min_previous_gap_days
        and now.followers < before.followers * (1 - r.limits.followers_drop)
    ):
        return {
            "code": "followers_falling",
            "percent": round((1 - now.followers / before.followers) * 100),
        }
    return None


def _small_audience(r: _Reading) -> dict | None:
    followers = r.snapshot.followers
    if followers is not None and followers < r.limits.small_audience_below:
        return {"code": "small_audience", "count": followers}
    return None


def _weak_visuals(r: _Reading) -> dict | None:
    if r.weak_visuals:
        return {"code": "weak_visuals", "score": r.snapshot.visual_quality}
    return None


# The reasons in the order they are shown.
_REASONS = (
    _silence,
    _few_own_posts,
    _reposts,
    _unrelated,
    _followers_falling,
    _small_audience,
    _weak_visuals,
)


def _verdict(r: _Reading) -> str:
    silent_days = r.silent_days
    if silent_days is None or silent_days >= r.limits.abandoned_after_days:
        return Verdict.ABANDONED
    if silent_days >= r.limits.dormant_after_days:
        return Verdict.DORMANT
    if (
        r.snapshot.own_posts < r.limits.min_own_posts
        or r.repost_share > r.limits.max_repost_share
        or r.unrelated_share > r.limits.max_unrelated_share
    ):
        return Verdict.IRREGULAR
    return Verdict.ACTIVE


def evaluate(
    snapshot: PageSnapshot,
    *,
    previous: PageSnapshot | None,
    is_branch_page: bool,
    audit_date: date,
    limits: Thresholds = THRESHOLDS,
) -> Result:
    """The verdict, its reasons and a recommendation for one measurement.

    `audit_date` is the date of the audit; the measurement is stale when it is
    too old by then.
    """
    reading = _Reading(snapshot=snapshot, previous=previous, limits=limits)
    verdict = _verdict(reading)
    return Result(
        verdict=verdict,
        reasons=[reason for check in _REASONS if (reason := check(reading)) is not None],
        recommendation=_recommend(
            verdict, weak_visuals=reading.weak_visuals, branch=is_branch_page
        ),
        needs_measurement=(audit_date - snapshot.measured_on).days > limits.measurement_valid_days,
    )


def _recommend(verdict: str, *, weak_visuals: bool, branch: bool) -> str:
    """Under the reform, weak branch pages give way to the single regional page."""
    if branch and verdict == Verdict.ABANDONED:
        return Recommendation.CLOSE
    if branch and verdict in (Verdict.DORMANT, Verdict.IRREGULAR):
        return Recommendation.MERGE
    if weak_visuals:
        return Recommendation.IMPROVE_VISUALS
    return Recommendation.KEEP


def describe(reason: dict) -> str:
    """A reason as a sentence in the current language."""
    code = reason.get("code")
    if code == "no_own_posts":
        return _("no own posts at all")
    if code == "silent":
        days = reason["days"]
        return ngettext("no own post for %(days)s day", "no own post for %(days)s days", days) % {
            "days": days
        }
    if code == "few_own_posts":
        count = reason["count"]
        return ngettext(
            "only %(count)s own post in 30 days", "only %(count)s own posts in 30 days", count
        ) % {"count": count}
    if code == "reposts":
        return _("reposts make up %(percent)s%% of the posts") % reason
    if code == "unrelated":
        return _("%(percent)s%% of the posts are not about the union") % reason
    if code == "followers_falling":
        return _("followers fell by %(percent)s%%") % reason
    if code == "small_audience":
        count = reason["count"]
        return ngettext(
            "a small audience: %(count)s follower", "a small audience: %(count)s followers", count
        ) % {"count": count}
    if code == "weak_visuals":
        return _("weak visuals (%(score)s of 5)") % reason
    return str(code)
