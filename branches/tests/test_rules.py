"""The audit rules at their thresholds, one verdict at a time."""

from datetime import date, timedelta

import pytest

from branches import rules
from branches.models import PageSnapshot

Verdict = rules.Verdict
Recommendation = rules.Recommendation
DAY = date(2025, 12, 5)
LIMITS = rules.THRESHOLDS


def measure(**values) -> PageSnapshot:
    """A measurement of a healthy page, changed by `values`."""
    base = {
        "measured_on": DAY,
        "followers": 500,
        "posts_30d": 10,
        "own_posts": 8,
        "reposts": 2,
        "last_own_post": DAY - timedelta(days=2),
        "visual_quality": 4,
    }
    return PageSnapshot(**{**base, **values})


def judge(snapshot, *, previous=None, branch=True, audit_date=DAY):
    return rules.evaluate(snapshot, previous=previous, is_branch_page=branch, audit_date=audit_date)


def codes(result) -> set[str]:
    return {reason["code"] for reason in result.reasons}


def silent(days: int) -> PageSnapshot:
    return measure(posts_30d=0, own_posts=0, reposts=0, last_own_post=DAY - timedelta(days=days))


def test_a_healthy_page_is_active_and_kept():
    result = judge(measure())
    assert (result.verdict, result.recommendation, result.reasons) == (
        Verdict.ACTIVE,
        Recommendation.KEEP,
        [],
    )


@pytest.mark.parametrize(
    ("days", "verdict"),
    [
        (LIMITS.abandoned_after_days, Verdict.ABANDONED),
        (LIMITS.abandoned_after_days - 1, Verdict.DORMANT),
        (LIMITS.dormant_after_days, Verdict.DORMANT),
        (LIMITS.dormant_after_days - 1, Verdict.IRREGULAR),  # no own post in 30 days
    ],
)
def test_silence_thresholds(days, verdict):
    result = judge(silent(days))
    assert result.verdict == verdict
    if verdict in (Verdict.ABANDONED, Verdict.DORMANT):
        assert {"code": "silent", "days": days} in result.reasons


def test_a_page_without_any_own_post_is_abandoned_and_closed():
    result = judge(measure(own_posts=0, reposts=3, posts_30d=3, last_own_post=None))
    assert result.verdict == Verdict.ABANDONED
    assert result.recommendation == Recommendation.CLOSE
    assert "no_own_posts" in codes(result)


@pytest.mark.parametrize(
    ("own", "verdict"),
    [(LIMITS.min_own_posts, Verdict.ACTIVE), (LIMITS.min_own_posts - 1, Verdict.IRREGULAR)],
)
def test_own_posts_threshold(own, verdict):
    result = judge(measure(posts_30d=own, own_posts=own, reposts=0))
    assert result.verdict == verdict
    assert ("few_own_posts" in codes(result)) is (verdict == Verdict.IRREGULAR)


@pytest.mark.parametrize(
    ("own", "reposts", "verdict"), [(5, 5, Verdict.ACTIVE), (4, 6, Verdict.IRREGULAR)]
)
def test_repost_share_threshold(own, reposts, verdict):
    # Of 10 posts, half reposts is still fine; more than half is not.
    result = judge(measure(posts_30d=10, own_posts=own, reposts=reposts))
    assert result.verdict == verdict
    assert ("reposts" in codes(result)) is (verdict == Verdict.IRREGULAR)


@pytest.mark.parametrize(("unrelated", "verdict"), [(3, Verdict.ACTIVE), (4, Verdict.IRREGULAR)])
def test_unrelated_content_threshold(unrelated, verdict):
    # Of 10 posts, 3 foreign ones (30 %) are tolerated, 4 are not.
    result = judge(measure(posts_30d=10, own_posts=10 - unrelated, reposts=0))
    assert result.verdict == verdict
    assert ("unrelated" in codes(result)) is (verdict == Verdict.IRREGULAR)


def test_falling_followers_are_a_reason_but_not_a_verdict():
    before = measure(measured_on=DAY - timedelta(days=30), followers=1000)
    assert "followers_falling" in codes(judge(measure(followers=940), previous=before))
    assert "followers_falling" not in codes(judge(measure(followers=960), previous=before))
    # A measurement a few days earlier is too close to compare.
    recent = measure(measured_on=DAY - timedelta(days=7), followers=1000)
    assert "followers_falling" not in codes(judge(measure(followers=900), previous=recent))
    assert judge(measure(followers=900), previous=before).verdict == Verdict.ACTIVE


@pytest.mark.parametrize(("score", "weak"), [(2, True), (3, False), (None, False)])
def test_weak_visuals(score, weak):
    result = judge(measure(visual_quality=score))
    assert ("weak_visuals" in codes(result)) is weak
    assert result.verdict == Verdict.ACTIVE
    expected = Recommendation.IMPROVE_VISUALS if weak else Recommendation.KEEP
    assert result.recommendation == expected


def test_branch_pages_give_way_to_the_regional_page():
    assert judge(silent(100)).recommendation == Recommendation.MERGE
    assert judge(measure(own_posts=1, posts_30d=1, reposts=0)).recommendation == (
        Recommendation.MERGE
    )
    # The region's own page is never merged or closed by the audit.
    assert judge(silent(400), branch=False).recommendation == Recommendation.KEEP


@pytest.mark.parametrize(
    ("age", "stale"),
    [(LIMITS.measurement_valid_days, False), (LIMITS.measurement_valid_days + 1, True)],
)
def test_an_old_measurement_needs_renewing(age, stale):
    result = judge(measure(), audit_date=DAY + timedelta(days=age))
    assert result.needs_measurement is stale
    # The verdict is still as of the measurement's own date.
    assert result.verdict == Verdict.ACTIVE


def test_reasons_read_as_russian_sentences():
    assert rules.describe({"code": "silent", "days": 106}) == "нет собственных постов 106 дней"
    assert rules.describe({"code": "reposts", "percent": 83}) == "репосты — 83% публикаций"
