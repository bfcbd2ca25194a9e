"""An Instagram professional account through the Graph API."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.utils import timezone

from branches.models import PageSnapshot, SocialPage
from channels import services
from channels.models import Connection

from .conftest import GRAPH, PAGE_TOKEN, graph_error

IG_ID = "17841400000000001"


def media(days_ago: float) -> dict:
    moment = (timezone.now() - timedelta(days=days_ago)).astimezone(UTC)
    return {"id": str(int(days_ago * 100)), "timestamp": moment.strftime("%Y-%m-%dT%H:%M:%S+0000")}


def test_the_account_is_found_by_its_user_name_and_measured(network, world):
    page = SocialPage.objects.create(
        region=world.region,
        platform=SocialPage.Platform.INSTAGRAM,
        url="https://www.instagram.com/profsouz_altai/",
    )
    connection = services.connection_save(page=page, user=world.users["press"], token=PAGE_TOKEN)
    assert connection.account == "profsouz_altai"
    network.expect_request(f"{GRAPH}/me").respond_with_json(
        {
            "instagram_business_account": {
                "id": IG_ID,
                "username": "profsouz_altai",
                "followers_count": 155,
            },
            "id": "104",
        }
    )
    network.expect_request(f"{GRAPH}/{IG_ID}").respond_with_json(
        {"followers_count": 155, "id": IG_ID}
    )
    network.expect_request(f"{GRAPH}/{IG_ID}/media").respond_with_json(
        {
            "data": [media(1), media(4), media(9), media(33)],
            "paging": {"cursors": {"before": "x", "after": "y"}},
        }
    )
    assert services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert connection.external_id == IG_ID
    snapshot = PageSnapshot.objects.get(page=page)
    assert (snapshot.followers, snapshot.posts_30d, snapshot.own_posts) == (155, 3, 3)
    assert snapshot.reposts == 0


def test_another_account_behind_the_token_is_refused(network, world):
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.INSTAGRAM)
    connection = services.connection_save(
        page=page, user=world.users["press"], token=PAGE_TOKEN, account="profsouz_obr"
    )
    network.expect_request(f"{GRAPH}/me").respond_with_json(
        {"instagram_business_account": {"id": IG_ID, "username": "someone_else"}}
    )
    assert not services.connection_check(connection=connection)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.REFUSED


def test_a_revoked_token(network, connect):
    connection = connect(SocialPage.Platform.INSTAGRAM, IG_ID)
    network.expect_request(f"{GRAPH}/{IG_ID}").respond_with_json(graph_error(190), status=400)
    assert not services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.EXPIRED
