"""The look for our post before sending it again (a worker died mid-call, an
answer never came): it reads the page's posts from before the first try on,
page after page, as far back as that moment, so a backlog of newer posts
does not hide ours; a walk that cannot finish leaves the post «unknown»
rather than post it twice. Against a loopback server answering as the Graph
API does: `limit` capped (pages of 5), `since` honoured, `paging.next`."""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlencode

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from networks import graph
from portal.models import Notification
from publishing import services
from publishing.models import Publication

from .conftest import FB_PAGE, IG_USER, calls, moment
from .test_publish import WorkerDied, _die_after_the_call, _ten_minutes_pass

S = Publication.State
UTC = datetime.UTC
FEED, POSTS = f"/v26.0/{FB_PAGE}/feed", f"/v26.0/{FB_PAGE}/posts"
MEDIA, MEDIA_PUBLISH = f"/v26.0/{IG_USER}/media", f"/v26.0/{IG_USER}/media_publish"


def graph_time(at: datetime.datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


class GraphList:
    """``GET /{page}/posts`` or ``/{ig-user}/media`` as the Graph API answers it:
    newest first, at most `per_page` items whatever `limit` asks, `since` (a
    Unix time) honoured unless told otherwise, a cursor `after`, and
    ``paging.next`` the same address with the same query and the next cursor
    (the token included, as Graph's links carry it)."""

    def __init__(self, server, path, items, *, time_field, per_page=5, honours_since=True):
        self.server, self.path, self.items = server, path, items
        self.time_field, self.per_page, self.honours_since = time_field, per_page, honours_since
        self.asked: list[dict] = []

    def _stamp(self, item) -> float:
        return datetime.datetime.strptime(item[self.time_field], "%Y-%m-%dT%H:%M:%S%z").timestamp()

    def __call__(self, request):
        args = dict(request.args)
        self.asked.append(args)
        items = self.items
        if self.honours_since and args.get("since"):
            items = [item for item in items if self._stamp(item) >= int(args["since"])]
        start = int(args.get("after", 0))
        size = min(int(args.get("limit", 25)), self.per_page)
        body = {
            "data": items[start : start + size],
            "paging": {"cursors": {"before": str(start), "after": str(start + size)}},
        }
        if start + size < len(items):
            query = urlencode({**args, "after": str(start + size)})
            body["paging"]["next"] = f"{self.server.url_for(self.path)}?{query}"
        return Response(json.dumps(body), content_type="application/json")


def _facebook_posts(ours: dict | None, *, newer=60, older=40) -> list[dict]:
    """The page's posts, newest first: `newer` posted after ours within ten
    minutes (a backlog catching up after an outage), then ours, then older ones."""
    start = moment(0)
    posts = [
        {
            "id": f"{FB_PAGE}_{1000 + n}",
            "message": f"Новость {n}",
            "created_time": graph_time(start + datetime.timedelta(seconds=600 - n * 9)),
        }
        for n in range(newer)
    ]
    if ours:
        posts.append(ours)
    posts += [
        {
            "id": f"{FB_PAGE}_{100 + n}",
            "message": f"Старая новость {n}",
            "created_time": graph_time(start - datetime.timedelta(hours=1 + n)),
        }
        for n in range(older)
    ]
    return posts


def _dead_worker_posted(network, monkeypatch) -> str:
    """The run calls Facebook, which publishes; the worker dies before recording
    it. Returns the message Facebook got (with its marker)."""
    network.expect_request(FEED, method="POST").respond_with_json({"id": f"{FB_PAGE}_5"})
    network.expect_request(f"/v26.0/{FB_PAGE}_5", method="GET").respond_with_json({})
    with monkeypatch.context() as patch:
        _die_after_the_call(patch)
        with pytest.raises(WorkerDied):
            services.publish_due(now=moment(0))
    assert Publication.objects.get().state == S.SENDING
    return next(r for r, _ in network.log if r.path == FEED).form["message"]


def test_facebook_finds_its_post_below_sixty_newer_ones(make_post, facebook, network, monkeypatch):
    make_post("facebook_page")
    message = _dead_worker_posted(network, monkeypatch)
    ours = {
        "id": f"{FB_PAGE}_5",
        "message": message,
        "created_time": graph_time(moment(0) + datetime.timedelta(seconds=1)),
        "permalink_url": "https://www.facebook.com/vko/posts/5",
    }
    listing = GraphList(network, POSTS, _facebook_posts(ours), time_field="created_time")
    network.expect_request(POSTS, method="GET").respond_with_handler(listing)
    _ten_minutes_pass()
    services.publish_due(now=moment(11))
    services.publish_due(now=moment(12))
    assert calls(network, FEED) == 1, "posted a second time"
    publication = Publication.objects.get()
    assert (publication.state, publication.network_id) == (S.SENT, f"{FB_PAGE}_5")
    assert publication.permalink == "https://www.facebook.com/vko/posts/5"
    # Ours was the 61st: the thirteenth page of five, each asked for from before the first try.
    assert len(listing.asked) == 13
    first_try = Publication.objects.get().first_tried_at
    assert all(int(asked["since"]) < first_try.timestamp() for asked in listing.asked)


@pytest.mark.parametrize("honours_since", [True, False], ids=["since", "since-ignored"])
def test_facebook_posts_once_when_its_post_is_not_there(
    make_post, facebook, network, honours_since
):
    """The dead worker's call never arrived: the walk goes back past the first
    try, finds nothing, and the post goes out (once)."""
    post = make_post("facebook_page")
    Publication.objects.create(
        post=post,
        channel=post.channels.get(),
        connection=facebook,
        state=S.SENDING,
        claimed_at=moment(0),
        first_tried_at=moment(0),
        attempts=1,
    )
    listing = GraphList(
        network,
        POSTS,
        _facebook_posts(None),
        time_field="created_time",
        honours_since=honours_since,
    )
    network.expect_request(POSTS, method="GET").respond_with_handler(listing)
    network.expect_request(FEED, method="POST").respond_with_json({"id": f"{FB_PAGE}_6"})
    network.expect_request(f"/v26.0/{FB_PAGE}_6", method="GET").respond_with_json({})
    _ten_minutes_pass()
    services.publish_due(now=moment(11))
    services.publish_due(now=moment(12))
    assert calls(network, FEED) == 1
    assert Publication.objects.get().state == S.SENT
    # Every newer post was read (12 pages of 5); where Graph ignores `since`, the
    # page that reaches back past the first try ends the walk, not the page's history.
    assert len(listing.asked) == (12 if honours_since else 13)


def _instagram_media(ours: dict | None, *, newer=60, older=40) -> list[dict]:
    start = moment(0)
    media = [
        {
            "id": f"1790{n:04d}",
            "caption": f"Фото {n}",
            "timestamp": graph_time(start + datetime.timedelta(seconds=600 - n * 9)),
        }
        for n in range(newer)
    ]
    if ours:
        media.append(ours)
    media += [
        {
            "id": f"1780{n:04d}",
            "caption": f"Старое фото {n}",
            "timestamp": graph_time(start - datetime.timedelta(hours=1 + n)),
        }
        for n in range(older)
    ]
    return media


def test_instagram_finds_its_post_below_sixty_newer_ones(
    make_post, instagram, network, monkeypatch
):
    make_post("instagram", image="card")
    network.expect_request(MEDIA, method="POST").respond_with_json({"id": "c-1"})
    network.expect_request(MEDIA_PUBLISH, method="POST").respond_with_json({"id": "m-1"})
    network.expect_request("/v26.0/m-1", method="GET").respond_with_json({})
    with monkeypatch.context() as patch:
        _die_after_the_call(patch)
        with pytest.raises(WorkerDied):
            services.publish_due(now=moment(0))
    caption = next(r for r, _ in network.log if r.path == MEDIA).form["caption"]
    ours = {
        "id": "m-1",
        "caption": caption,
        "timestamp": graph_time(moment(0) + datetime.timedelta(seconds=2)),
        "permalink": "https://www.instagram.com/p/OURS/",
    }
    listing = GraphList(network, MEDIA, _instagram_media(ours), time_field="timestamp")
    network.expect_request(MEDIA, method="GET").respond_with_handler(listing)
    _ten_minutes_pass()
    services.publish_due(now=moment(11))
    services.publish_due(now=moment(12))
    assert calls(network, MEDIA_PUBLISH) == 1, "published a second time"
    assert calls(network, MEDIA) == 1  # and no second container
    publication = Publication.objects.get()
    assert (publication.state, publication.network_id) == (S.SENT, "m-1")
    assert publication.permalink == "https://www.instagram.com/p/OURS/"
    assert len(listing.asked) == 13


@pytest.mark.parametrize("honours_since", [True, False], ids=["since", "since-ignored"])
def test_instagram_publishes_once_when_its_post_is_not_there(
    make_post, instagram, network, honours_since
):
    post = make_post("instagram", image="card")
    Publication.objects.create(
        post=post,
        channel=post.channels.get(),
        connection=instagram,
        state=S.SENDING,
        claimed_at=moment(0),
        first_tried_at=moment(0),
        attempts=1,
    )
    listing = GraphList(
        network, MEDIA, _instagram_media(None), time_field="timestamp", honours_since=honours_since
    )
    network.expect_request(MEDIA, method="GET").respond_with_handler(listing)
    network.expect_request(MEDIA, method="POST").respond_with_json({"id": "c-2"})
    network.expect_request(MEDIA_PUBLISH, method="POST").respond_with_json({"id": "m-2"})
    network.expect_request("/v26.0/m-2", method="GET").respond_with_json({})
    _ten_minutes_pass()
    services.publish_due(now=moment(11))
    services.publish_due(now=moment(12))
    assert calls(network, MEDIA_PUBLISH) == 1
    assert Publication.objects.get().state == S.SENT
    assert len(listing.asked) == (12 if honours_since else 13)


# --- A walk that cannot finish -----------------------------------------------------------


def _in_doubt(make_post, facebook, network, monkeypatch) -> None:
    make_post("facebook_page")
    _dead_worker_posted(network, monkeypatch)
    _ten_minutes_pass()


def test_a_list_that_never_ends_leaves_the_post_unknown_not_posted_twice(
    make_post, facebook, network, monkeypatch, world
):
    _in_doubt(make_post, facebook, network, monkeypatch)
    asked = []

    def forever(request):
        # A broken (or hostile) answer: every page is newer and says there is more.
        asked.append(dict(request.args))
        body = {
            "data": [
                {
                    "id": f"{FB_PAGE}_{9000 + len(asked)}",
                    "message": "Новость",
                    "created_time": graph_time(moment(5)),
                }
            ],
            "paging": {"next": f"{network.url_for(POSTS)}?{urlencode(request.args)}"},
        }
        return Response(json.dumps(body), content_type="application/json")

    network.expect_request(POSTS, method="GET").respond_with_handler(forever)
    services.publish_due(now=moment(11))
    services.publish_due(now=moment(12))
    assert calls(network, FEED) == 1, "posted a second time"
    assert len(asked) == graph.LOOK_PAGES
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.UNKNOWN, "unknown_outcome")
    told = Notification.objects.filter(key__startswith="publication-unknown")
    assert told.count() == 1

    # The press secretary looked: it is not there. It goes out, without another walk.
    network.expect_request(f"/v26.0/{FB_PAGE}_6", method="GET").respond_with_json({})
    services.publication_confirm(
        publication=publication, user=world.users["press"], published=False
    )
    services.publish_due()
    assert calls(network, FEED) == 2
    assert len(asked) == graph.LOOK_PAGES
    assert Publication.objects.get().state == S.SENT


def test_a_next_page_elsewhere_is_not_followed_and_gets_no_token(
    make_post, facebook, network, monkeypatch
):
    _in_doubt(make_post, facebook, network, monkeypatch)
    elsewhere = HTTPServer(host="127.0.0.1", port=0)
    elsewhere.start()
    try:
        elsewhere.expect_request(POSTS).respond_with_json({"data": []})
        first_page = {
            "data": [
                {
                    "id": f"{FB_PAGE}_{9000 + n}",
                    "message": "Новость",
                    "created_time": graph_time(moment(5)),
                }
                for n in range(5)
            ],
            "paging": {"next": f"{elsewhere.url_for(POSTS)}?limit=5&after=5"},
        }
        network.expect_request(POSTS, method="GET").respond_with_json(first_page)
        services.publish_due(now=moment(11))
        assert elsewhere.log == []
    finally:
        elsewhere.clear()
        elsewhere.stop()
    assert calls(network, FEED) == 1
    assert Publication.objects.get().state == S.UNKNOWN


def test_a_page_that_is_no_list_is_not_taken_for_an_empty_one(
    make_post, facebook, network, monkeypatch
):
    _in_doubt(make_post, facebook, network, monkeypatch)
    network.expect_request(POSTS, method="GET").respond_with_json({"data": {"id": "1"}})
    services.publish_due(now=moment(11))
    assert calls(network, FEED) == 1
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.WAITING, "malformed")
    assert publication.check_first
