"""The daily collection measures the posts' reach (issue 30): each post at about
1, 7 and 28 days, one row each, never overwritten, unknown stored as NULL;
twice is once; a missing permission is told and the rest measured."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from werkzeug import Response

from branches.models import SocialPage
from channels import services
from channels.models import Connection, NetworkPost, PageDay, PostMeasurement
from networks.tests.conftest import PREVIEW, preview_page

from .conftest import GRAPH, graph_error

P = SocialPage.Platform
PAGE_ID = "104512345678901"
IG_ID = "17841400000000001"


def graph_time(at) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def answer(body, status=200):
    return Response(json.dumps(body), status=status, content_type="application/json")


def fb_posts(now, reach_by_number: dict[int, int | None], days: dict[int, float]):
    """A /posts handler: posts `days` old, with these reaches (None: empty insights)."""

    def handler(request):
        data = []
        for number, age in days.items():
            reach = reach_by_number.get(number)
            item = {
                "id": f"{PAGE_ID}_{number}",
                "created_time": graph_time(now - timedelta(days=age)),
                "status_type": "mobile_status_update",
                "reactions": {"data": [], "summary": {"total_count": 20}},
                "comments": {"data": [], "summary": {"total_count": 3}},
                "shares": {"count": 2},
                "insights": {
                    "data": []
                    if reach is None
                    else [
                        {
                            "name": "post_total_media_view_unique",
                            "period": "lifetime",
                            "values": [{"value": reach}],
                        }
                    ]
                },
            }
            data.append(item)
        return answer({"data": data})

    return handler


def page_day(request):
    return answer(
        {
            "data": [
                {"name": "page_follows", "period": "day", "values": [{"value": 2000}]},
                {
                    "name": "page_total_media_view_unique",
                    "period": "day",
                    "values": [{"value": 750}],
                },
            ]
        }
    )


def test_collect_metrics_measures_posts_at_1_7_28_days_once_and_never_over(
    network, connect, settings
):
    settings.REACH_DAYS = 28
    connection = connect(P.FACEBOOK_PAGE, PAGE_ID)
    now = timezone.now()
    days = {1: 1.2, 2: 3.0, 3: 7.5, 4: 28.4, 5: 0.3}
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json({"followers_count": 2000})
    network.expect_request(f"{GRAPH}/{PAGE_ID}/insights").respond_with_handler(page_day)
    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_handler(
        fb_posts(now, {1: 180, 2: 90, 3: None, 4: 640, 5: 10}, days)
    )
    call_command("collect_metrics", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rows = {(m.post.network_id, m.age): m for m in PostMeasurement.objects.select_related("post")}
    # Day-old post at 1 day, four-week-old at 28, 7-hour-old on its first day;
    # the week-old one's insights are not there yet (left for the next
    # collection); the 3-day-old is about no age.
    assert set(rows) == {(f"{PAGE_ID}_1", 1), (f"{PAGE_ID}_4", 28), (f"{PAGE_ID}_5", 0)}
    first = rows[(f"{PAGE_ID}_1", 1)]
    assert (first.reach, first.reactions, first.comments, first.shares) == (180, 20, 3, 2)
    assert first.interactions == 25 and first.views is None and first.saved is None
    assert NetworkPost.objects.filter(connection=connection).count() == 5
    assert PageDay.objects.get(connection=connection).follows == 2000
    connection.refresh_from_db()
    assert connection.status == Connection.Status.WORKING and connection.reach_error == ""

    # The same run again, the network's figures grown meanwhile: nothing new,
    # nothing overwritten (the week-old post now has its figures).
    network.clear()
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json({"followers_count": 2001})
    network.expect_request(f"{GRAPH}/{PAGE_ID}/insights").respond_with_handler(page_day)
    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_handler(
        fb_posts(now, {1: 999, 2: 999, 3: 420, 4: 999, 5: 999}, days)
    )
    call_command("collect_metrics", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert PostMeasurement.objects.count() == 4
    assert PostMeasurement.objects.get(post__network_id=f"{PAGE_ID}_1").reach == 180
    assert PostMeasurement.objects.get(post__network_id=f"{PAGE_ID}_5").reach == 10
    assert PostMeasurement.objects.get(post__network_id=f"{PAGE_ID}_3").reach == 420
    assert PageDay.objects.count() == 1
    # No page day was asked the second time: yesterday is stored.
    assert not [r for r, _ in network.log if r.path.endswith("/insights")]


def test_instagram_asks_only_what_is_due_and_keeps_none_as_null(network, connect):
    connection = connect(P.INSTAGRAM, IG_ID)
    now = timezone.now()
    listed = [
        {"id": "901", "timestamp": graph_time(now - timedelta(days=1.1)), "media_type": "IMAGE"},
        {"id": "902", "timestamp": graph_time(now - timedelta(days=7.2)), "like_count": 5},
        {"id": "903", "timestamp": graph_time(now - timedelta(days=2)), "like_count": 5},
    ]
    network.expect_request(f"{GRAPH}/{IG_ID}/media").respond_with_json({"data": listed})
    network.expect_request(f"{GRAPH}/901/insights").respond_with_json(
        {
            "data": [
                {"name": "reach", "period": "lifetime", "values": [{"value": 310}]},
                {"name": "saved", "period": "lifetime", "values": [{"value": 0}]},
            ]
        }
    )
    network.expect_request(f"{GRAPH}/902/insights").respond_with_json(
        graph_error(10, "(#10) Not enough viewers for the media to show insights"), status=400
    )
    network.expect_request(f"{GRAPH}/{IG_ID}/insights").respond_with_json({"data": []})
    services.collect_reach(connection=connection, now=now)
    one = PostMeasurement.objects.get(post__network_id="901")
    assert (one.reach, one.saved, one.views, one.shares) == (310, 0, None, None)
    few = PostMeasurement.objects.get(post__network_id="902")
    assert few.note == "too_few_viewers" and few.reach is None and few.reactions == 5
    assert not PostMeasurement.objects.filter(post__network_id="903").exists()
    assert not PageDay.objects.exists()  # an empty day is no day

    asked = len(network.log)
    services.collect_reach(connection=connection, now=now + timedelta(hours=2))
    # Only the list (and the still empty day) again: no medium is asked twice.
    again = [r.path for r, _ in network.log[asked:]]
    assert sorted(again) == sorted([f"{GRAPH}/{IG_ID}/media", f"{GRAPH}/{IG_ID}/insights"])
    assert PostMeasurement.objects.count() == 2


def test_a_missing_permission_is_kept_and_the_rest_measured(network, connect):
    connection = connect(P.FACEBOOK_PAGE, PAGE_ID)
    now = timezone.now()

    def posts(request):
        if "insights.metric(" in request.args["fields"]:
            return answer(graph_error(10, "(#10) requires read_insights"), status=403)
        return fb_posts(now, {}, {1: 1.5})(request)

    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_handler(posts)
    network.expect_request(f"{GRAPH}/{PAGE_ID}/insights").respond_with_json(
        graph_error(10, "(#10) requires read_insights"), status=403
    )
    services.collect_reach(connection=connection, now=now)
    connection.refresh_from_db()
    assert connection.reach_error == "insights_permission"
    assert connection.reach_params == {"permission": "read_insights"}
    assert "read_insights" in connection.reach_problem
    row = PostMeasurement.objects.get()
    assert row.reach is None and row.reactions == 20 and row.interactions == 25
    assert connection.status == Connection.Status.WORKING


@pytest.mark.parametrize(("account", "code"), [("-1001234567890", "not_measured")])
def test_a_private_channel_says_it_is_not_measured(network, connect, account, code):
    connection = connect(P.TELEGRAM, account)
    services.collect_reach(connection=connection)
    connection.refresh_from_db()
    assert connection.reach_error == code
    assert not NetworkPost.objects.exists()


def test_a_public_channel_views_are_stored_as_read_from_the_public_page(network, connect):
    connection = connect(P.TELEGRAM, "@profsoyuz_kz", external_id="-1001234567890")
    now = timezone.now()
    network.expect_request(f"{PREVIEW}/s/profsoyuz_kz").respond_with_data(
        preview_page(
            "profsoyuz_kz",
            [
                (77, (now - timedelta(days=1.5)).isoformat(), "1.2K"),
                (78, (now - timedelta(hours=3)).isoformat(), "987"),
            ],
        ),
        content_type="text/html",
    )
    services.collect_reach(connection=connection, now=now)
    fresh, row = PostMeasurement.objects.order_by("age")
    assert (fresh.post.network_id, fresh.age, fresh.views) == ("-1001234567890:78", 0, 987)
    assert (row.post.network_id, row.age, row.views, row.reach) == (
        "-1001234567890:77",
        1,
        1200,
        None,
    )
    assert row.source == "public_page"
    assert NetworkPost.objects.count() == 2


def test_the_ages(settings):
    now = timezone.now()
    settings.REACH_DAYS = 28
    assert services.age_due(now - timedelta(hours=23), now) == 0
    assert services.age_due(now - timedelta(minutes=5), now) == 0
    assert services.age_due(now + timedelta(minutes=5), now) is None
    assert services.age_due(now - timedelta(days=1), now) == 1
    assert services.age_due(now - timedelta(days=1.9), now) == 1
    assert services.age_due(now - timedelta(days=3), now) is None
    assert services.age_due(now - timedelta(days=8), now) == 7
    assert services.age_due(now - timedelta(days=9), now) is None
    assert services.age_due(now - timedelta(days=34), now) == 28
    assert services.age_due(now - timedelta(days=35), now) is None
    assert services.reach_since(now) == now - timedelta(days=35)
    settings.REACH_DAYS = 7
    assert services.age_due(now - timedelta(days=28.5), now) is None
    assert services.reach_since(now) == now - timedelta(days=8.75)


def test_the_connection_page_names_the_missing_permission_in_russian(
    network, connect, client_for, world
):
    from django.urls import reverse

    connection = connect(P.FACEBOOK_PAGE, PAGE_ID)
    Connection.objects.filter(pk=connection.pk).update(
        reach_error="insights_permission", reach_params={"permission": "read_insights"}
    )
    channel = connect(P.TELEGRAM, "-1001234567890")
    Connection.objects.filter(pk=channel.pk).update(reach_error="not_measured")
    client = client_for(world.users["press"])
    page = client.get(reverse("channels:page_connection", args=[connection.page_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Охват постов" in text
    assert "Токену не хватает разрешения read_insights" in text
    assert "То, что можно прочитать без него, измеряется." in text
    text = client.get(reverse("channels:page_connection", args=[channel.page_id])).content.decode()
    assert "Охват этого канала не измеряется" in text
