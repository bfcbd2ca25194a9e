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
    as_of = snapshot.measured_on
    reasons: list[dict] = []

    silent_days = (as_of - snapshot.last_own_post).days if snapshot.last_own_post else None
    if silent_days is None:
        reasons.append({"code": "no_own_posts"})
    elif silent_days >= limits.dormant_after_days:
        reasons.append({"code": "silent", "days": silent_days})

    if snapshot.own_posts < limits.min_own_posts and (
        silent_days is not None and silent_days < limits.dormant_after_days
    ):
        reasons.append({"code": "few_own_posts", "count": snapshot.own_posts})
    repost_share = _share(snapshot.reposts, snapshot.posts_30d)
    if repost_share > limits.max_repost_share:
        reasons.append({"code": "reposts", "percent": round(repost_share * 100)})
    unrelated_share = _share(snapshot.unrelated_posts, snapshot.posts_30d)
    if unrelated_share > limits.max_unrelated_share:
        reasons.append({"code": "unrelated", "percent": round(unrelated_share * 100)})

    if (
        previous is not None
        and previous.followers
        and snapshot.followers is not None
        and (as_of - previous.measured_on).days >= limits.min_previous_gap_days
        and snapshot.followers < previous.followers * (1 - limits.followers_drop)
    ):
        drop = round((1 - snapshot.followers / previous.followers) * 100)
        reasons.append({"code": "followers_falling", "percent": drop})
    if snapshot.followers is not None and snapshot.followers < limits.small_audience_below:
        reasons.append({"code": "small_audience", "count": snapshot.followers})
    weak_visuals = (
        snapshot.visual_quality is not None
        and snapshot.visual_quality <= limits.weak_visuals_at_most
    )
    if weak_visuals:
        reasons.append({"code": "weak_visuals", "score": snapshot.visual_quality})

    if silent_days is None or silent_days >= limits.abandoned_after_days:
        verdict = Verdict.ABANDONED
    elif silent_days >= limits.dormant_after_days:
        verdict = Verdict.DORMANT
    elif (
        snapshot.own_posts < limits.min_own_posts
        or repost_share > limits.max_repost_share
        or unrelated_share > limits.max_unrelated_share
    ):
        verdict = Verdict.IRREGULAR
    else:
        verdict = Verdict.ACTIVE

    return Result(
        verdict=verdict,
        reasons=reasons,
        recommendation=_recommend(verdict, weak_visuals=weak_visuals, branch=is_branch_page),
        needs_measurement=(audit_date - as_of).days > limits.measurement_valid_days,
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
