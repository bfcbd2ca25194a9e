"""Reach read from the networks (issue 30), against a loopback server that
answers as the Graph API's and t.me's documentation says: Facebook's post
fields and insights, Instagram's media insights (an empty data set, error #10,
an album), a token without the permission, the removed metrics, paging, and a
Telegram channel's public preview page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from werkzeug import Response

import networks
from networks import Limits
from networks.base import Page
from networks.errors import NetworkError
from networks.measurement import Note, Source

from .conftest import (
    GRAPH,
    PAGE_TOKEN,
    PREVIEW,
    REMOVED_METRICS,
    graph_error,
    invalid_metric,
    preview_page,
    preview_stub,
)

PAGE_ID = "104512345678901"
IG_ID = "17841400000000001"
FACEBOOK = networks.get("facebook_page")
INSTAGRAM = networks.get("instagram")
TELEGRAM = networks.get("telegram")
NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=28)


def graph_time(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S+0000")


def asked_metrics(request) -> set[str]:
    """The metrics a request asks for, in ``metric=`` or in ``insights.metric(…)``."""
    found = set(request.args.get("metric", "").split(","))
    fields = request.args.get("fields", "")
    if "insights.metric(" in fields:
        found |= set(fields.split("insights.metric(")[1].split(")")[0].split(","))
    return found - {""}


def graph_json(body, status=200):
    import json

    return Response(json.dumps(body), status=status, content_type="application/json")


def fb_post(number: int, at: datetime, *, reach=None, views=None, shares=None, **more) -> dict:
    post = {
        "id": f"{PAGE_ID}_{number}",
        "created_time": graph_time(at),
        "status_type": "mobile_status_update",
        "reactions": {"data": [], "summary": {"total_count": 10 + number}},
        "comments": {"data": [], "summary": {"total_count": number}},
        **more,
    }
    if shares is not None:
        post["shares"] = {"count": shares}
    data = []
    if reach is not None:
        data.append(
            {
                "name": "post_total_media_view_unique",
                "period": "lifetime",
                "values": [{"value": reach}],
            }
        )
    if views is not None:
        data.append({"name": "post_media_view", "period": "lifetime", "values": [{"value": views}]})
    post["insights"] = {"data": data}
    return post


# --- Facebook ----------------------------------------------------------------------------


def test_facebook_reads_reach_and_engagement_in_the_list_across_pages(network):
    """One paged list gives every post's figures (field expansion); the removed
    metrics are never asked for; an empty insights set is «not yet», not 0."""
    asked = []

    def posts(request):
        asked.append(dict(request.args))
        if asked_metrics(request) & REMOVED_METRICS:
            return graph_json(invalid_metric(), status=400)
        assert "reactions.summary(total_count)" in request.args["fields"]
        assert "comments.summary(total_count)" in request.args["fields"]
        assert request.args["since"] == str(int(SINCE.timestamp()))
        if request.args.get("after") != "page2":
            return graph_json(
                {
                    "data": [
                        fb_post(1, NOW - timedelta(hours=20), reach=1840, views=2600, shares=7),
                        fb_post(2, NOW - timedelta(days=6), reach=None),
                    ],
                    "paging": {
                        "next": network.url_for(f"{GRAPH}/{PAGE_ID}/posts")
                        + "?after=page2"
                        + "&fields="
                        + request.args["fields"]
                        + "&since="
                        + request.args["since"]
                    },
                }
            )
        shared = fb_post(
            3, NOW - timedelta(days=20), reach=300, shares=0, status_type="shared_story"
        )
        return graph_json({"data": [shared, fb_post(4, SINCE - timedelta(days=1), reach=5)]})

    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_handler(posts)
    found = FACEBOOK.insights(token=PAGE_TOKEN, page=Page("", PAGE_ID), since=SINCE)
    assert found.missing == ""
    assert [post.network_id for post in found.posts] == [
        f"{PAGE_ID}_1",
        f"{PAGE_ID}_2",
        f"{PAGE_ID}_3",
    ]  # the fourth went out before `since`
    first, second, third = found.posts
    assert (first.reach, first.views, first.reactions, first.comments, first.shares) == (
        1840,
        2600,
        11,
        1,
        7,
    )
    assert first.interactions == 11 + 1 + 7 and first.source == Source.API
    assert second.reach is None and second.views is None and second.note == Note.NOT_YET
    assert second.shares == 0  # Graph leaves out `shares` of a post nobody shared
    assert third.repost and not first.repost
    assert len(asked) == 2


def test_a_removed_metric_is_an_invalid_metric_error(network):
    """Asking for post_impressions_unique (removed in 2025) is refused; the
    portal names it a figure the network no longer gives, not a token fault."""
    network.expect_request(f"{GRAPH}/{PAGE_ID}/insights").respond_with_json(
        invalid_metric(), status=400
    )
    from networks import graph

    with pytest.raises(NetworkError) as raised:
        graph.GraphClient(PAGE_TOKEN).get(f"{PAGE_ID}/insights", metric="post_impressions_unique")
    assert raised.value.code == "invalid_metric"


def test_facebook_without_read_insights_measures_what_it_can_and_names_it(network):
    def posts(request):
        if "insights.metric(" in request.args["fields"]:
            return graph_json(
                graph_error(10, "(#10) This endpoint requires the 'read_insights' permission"),
                status=403,
            )
        item = fb_post(1, NOW - timedelta(days=1), shares=2)
        del item["insights"]
        return graph_json({"data": [item]})

    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_handler(posts)
    found = FACEBOOK.insights(token=PAGE_TOKEN, page=Page("", PAGE_ID), since=SINCE)
    assert found.missing == "read_insights"
    (post,) = found.posts
    assert post.reach is None and post.note == ""
    assert (post.reactions, post.comments, post.shares, post.interactions) == (11, 1, 2, 14)


def test_facebook_without_pages_read_engagement_reads_nothing_and_says_which(network):
    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_json(
        graph_error(200, "(#200) requires pages_read_engagement"), status=403
    )
    with pytest.raises(NetworkError) as raised:
        FACEBOOK.insights(token=PAGE_TOKEN, page=Page("", PAGE_ID), since=SINCE)
    assert raised.value.code == "insights_permission"
    assert raised.value.params == {"permission": "pages_read_engagement"}


def test_facebook_page_day_asks_page_follows_not_page_fans(network):
    def insights(request):
        if asked_metrics(request) & REMOVED_METRICS:
            return graph_json(invalid_metric(), status=400)
        assert request.args["period"] == "day"
        return graph_json(
            {
                "data": [
                    {"name": "page_follows", "period": "day", "values": [{"value": 31208}]},
                    {
                        "name": "page_total_media_view_unique",
                        "period": "day",
                        "values": [{"value": 4100}],
                    },
                    {"name": "page_media_view", "period": "day", "values": []},
                ]
            }
        )

    network.expect_request(f"{GRAPH}/{PAGE_ID}/insights").respond_with_handler(insights)
    day = FACEBOOK.page_daily(token=PAGE_TOKEN, page=Page("", PAGE_ID), day=date(2026, 12, 6))
    assert (day.follows, day.reach, day.views) == (31208, 4100, None)


# --- Instagram ---------------------------------------------------------------------------


def media(number: int, at: datetime, kind="IMAGE") -> dict:
    return {
        "id": f"1790000000000000{number}",
        "timestamp": graph_time(at),
        "media_type": kind,
        "like_count": 40 + number,
        "comments_count": number,
    }


def metrics(**values) -> dict:
    return {
        "data": [
            {"name": name, "period": "lifetime", "values": [{"value": value}]}
            for name, value in values.items()
        ]
    }


def test_instagram_media_insights_empty_too_few_viewers_and_an_album(network):
    """Only the media due are asked (one call each); an empty data set is «not
    yet», error #10 «too few viewers», neither 0; an album is asked as a whole,
    its children never."""
    listed = [
        media(1, NOW - timedelta(days=1)),
        media(2, NOW - timedelta(days=1, hours=2)),
        media(3, NOW - timedelta(days=7), kind="CAROUSEL_ALBUM"),
        media(4, NOW - timedelta(days=3)),  # not due: no call
    ]
    network.expect_request(f"{GRAPH}/{IG_ID}/media").respond_with_json({"data": listed})
    asked = []

    def insights_of(number, answer, status=200):
        def answer_it(request):
            asked.append(number)
            if asked_metrics(request) & REMOVED_METRICS:
                return graph_json(invalid_metric(), status=400)
            assert asked_metrics(request) == {
                "views",
                "reach",
                "likes",
                "comments",
                "saved",
                "shares",
                "total_interactions",
            }
            return graph_json(answer, status=status)

        return answer_it

    network.expect_request(f"{GRAPH}/17900000000000001/insights").respond_with_handler(
        insights_of(
            1,
            metrics(
                views=900, reach=610, likes=41, comments=1, saved=3, shares=2, total_interactions=47
            ),
        )
    )
    network.expect_request(f"{GRAPH}/17900000000000002/insights").respond_with_handler(
        insights_of(2, {"data": []})
    )
    network.expect_request(f"{GRAPH}/17900000000000003/insights").respond_with_handler(
        insights_of(
            3,
            graph_error(10, "(#10) Not enough viewers for the media to show insights"),
            status=400,
        )
    )
    due = {NOW - timedelta(days=1), NOW - timedelta(days=1, hours=2), NOW - timedelta(days=7)}
    found = INSTAGRAM.insights(
        token=PAGE_TOKEN, page=Page("", IG_ID), since=SINCE, due=lambda _id, at: at in due
    )
    assert sorted(asked) == [1, 2, 3]
    one, two, album, four = found.posts
    assert (one.views, one.reach, one.reactions, one.saved, one.shares, one.interactions) == (
        900,
        610,
        41,
        3,
        2,
        47,
    )
    assert two.note == Note.NOT_YET and two.reach is None and two.views is None
    assert album.note == Note.TOO_FEW_VIEWERS and album.reach is None and album.saved is None
    assert four.reach is None and four.reactions == 44  # the list's likes cost nothing
    assert found.missing == ""


def test_instagram_without_instagram_manage_insights_keeps_the_likes(network):
    network.expect_request(f"{GRAPH}/{IG_ID}/media").respond_with_json(
        {"data": [media(1, NOW - timedelta(days=1)), media(2, NOW - timedelta(days=7))]}
    )
    network.expect_request(f"{GRAPH}/17900000000000001/insights").respond_with_json(
        graph_error(10, "(#10) Application does not have permission for this action"),
        status=403,
    )
    found = INSTAGRAM.insights(token=PAGE_TOKEN, page=Page("", IG_ID), since=SINCE)
    assert found.missing == "instagram_manage_insights"
    assert [(post.reach, post.reactions) for post in found.posts] == [(None, 41), (None, 42)]
    # One refusal is enough: the second medium is not asked.
    assert len(network.log) == 2


def test_instagram_account_day(network):
    def insights(request):
        assert request.args["metric_type"] == "total_value"
        return graph_json(
            {
                "data": [
                    {"name": "reach", "period": "day", "total_value": {"value": 5210}},
                    {"name": "views", "period": "day", "total_value": {"value": 9003}},
                ]
            }
        )

    network.expect_request(f"{GRAPH}/{IG_ID}/insights").respond_with_handler(insights)
    day = INSTAGRAM.page_daily(token=PAGE_TOKEN, page=Page("", IG_ID), day=date(2026, 12, 6))
    assert (day.reach, day.views, day.follows) == (5210, 9003, None)


# --- Telegram ----------------------------------------------------------------------------


def iso(at: datetime) -> str:
    return at.isoformat()


def test_telegram_reads_views_from_the_public_page_and_pages_back(network):
    newest = [
        (212, iso(NOW - timedelta(hours=5)), "987"),
        (213, iso(NOW - timedelta(hours=2)), "1.2K"),
        (214, iso(NOW - timedelta(hours=1)), None),  # a service message: no views
    ]
    older = [
        (150, iso(SINCE - timedelta(days=2)), "5K"),
        (190, iso(NOW - timedelta(days=7)), "3.4M"),
    ]
    network.expect_request(
        f"{PREVIEW}/s/profsoyuz_kz", query_string="before=212"
    ).respond_with_data(preview_page("profsoyuz_kz", older), content_type="text/html")
    network.expect_request(f"{PREVIEW}/s/profsoyuz_kz", query_string="").respond_with_data(
        preview_page("profsoyuz_kz", newest, forwarded={213}), content_type="text/html"
    )
    found = TELEGRAM.insights(
        token="unused", page=Page("@profsoyuz_kz", "-1001234567890"), since=SINCE, limits=Limits()
    )
    by_id = {post.network_id: post for post in found.posts}
    assert list(by_id) == [
        "-1001234567890:214",
        "-1001234567890:213",
        "-1001234567890:212",
        "-1001234567890:190",
    ]  # 150 went out before `since`
    assert by_id["-1001234567890:212"].views == 987
    assert by_id["-1001234567890:213"].views == 1200 and by_id["-1001234567890:213"].repost
    assert by_id["-1001234567890:214"].views is None
    assert by_id["-1001234567890:190"].views == 3_400_000
    assert all(post.source == Source.PUBLIC_PAGE and post.reach is None for post in found.posts)


@pytest.mark.parametrize("account", ["-1001234567890", "https://t.me/+AbCdEfGhIjK"])
def test_a_private_channel_is_not_measured_and_nothing_is_asked(network, account):
    with pytest.raises(NetworkError) as raised:
        TELEGRAM.insights(token="unused", page=Page(account, "-1001234567890"), since=SINCE)
    assert raised.value.code == "not_measured"
    assert network.log == []


def test_a_channel_without_a_public_preview_is_not_measured(network):
    network.expect_request(f"{PREVIEW}/s/closed_union").respond_with_data(
        preview_stub("closed_union"), content_type="text/html"
    )
    with pytest.raises(NetworkError) as raised:
        TELEGRAM.insights(token="unused", page=Page("@closed_union", "-100555"), since=SINCE)
    assert raised.value.code == "not_measured"


@pytest.mark.parametrize(
    ("shown", "count"),
    [("987", 987), ("1.2K", 1200), ("15K", 15000), ("3.4M", 3_400_000), ("", None)],
)
def test_telegram_rounded_views(shown, count):
    from networks.telegram import views

    assert views(shown) == count
