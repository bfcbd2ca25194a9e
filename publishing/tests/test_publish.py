"""Approved posts go out by themselves, exactly once, against a loopback server
answering as the Bot API and the Graph API do."""

from __future__ import annotations

import datetime
import io
import json
import os
import socket
import subprocess
import sys
import threading

import pytest
from django.core.management import call_command
from django.db import connection as db_connection
from django.db.models import F
from werkzeug import Response

from contentplan.models import PlannedPost
from portal.models import Notification
from publishing import services, texts
from publishing.models import Publication
from publishing.services import outgoing, publish

from .conftest import (
    FB_PAGE,
    IG_USER,
    TG_CHAT,
    calls,
    moment,
    telegram_message,
    tg,
    wait_until,
)

S = Publication.State


def test_a_telegram_post_goes_out_at_its_minute_and_not_before(make_post, telegram, network):
    post = make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())

    services.publish_due(now=moment(-1))
    assert calls(network, tg("sendMessage")) == 0
    assert not Publication.objects.exists()

    services.publish_due(now=moment(0))
    sent = json.loads(network.log[-1][0].data)
    assert sent == {"chat_id": TG_CHAT, "text": post.publication_text.text}
    publication = Publication.objects.get()
    assert publication.state == S.SENT
    assert publication.network_id == f"{TG_CHAT}:501"
    assert publication.permalink == "https://t.me/vko_profsoyuz/501"
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.PUBLISHED
    assert post.published_url == "https://t.me/vko_profsoyuz/501"


def test_a_second_run_sends_nothing(make_post, telegram, network):
    make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    services.publish_due(now=moment(0))
    services.publish_due(now=moment(1))
    call_command("publish_due", now=moment(2).isoformat(), stdout=io.StringIO())
    assert calls(network, tg("sendMessage")) == 1


def test_a_post_without_a_time_goes_out_at_the_default_hour(make_post, telegram, network, settings):
    post = make_post("telegram")
    PlannedPost.objects.filter(pk=post.pk).update(time=None)
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    settings.PUBLISHING_DEFAULT_HOUR = 19
    services.publish_due(now=moment(59))
    assert calls(network, tg("sendMessage")) == 0
    services.publish_due(now=moment(60))
    assert calls(network, tg("sendMessage")) == 1


def test_only_approved_posts_of_approved_plans_go_out(make_post, telegram, network):
    post = make_post("telegram")
    PlannedPost.objects.filter(pk=post.pk).update(status=PlannedPost.Status.ON_REVIEW)
    services.publish_due(now=moment(5))
    assert calls(network, tg("sendMessage")) == 0
    assert not Publication.objects.exists()


def test_channels_without_a_connection_are_left_to_people(make_post, network):
    make_post("telegram", "aitu")
    services.publish_due(now=moment(5))
    assert not Publication.objects.exists()
    assert not network.log


def test_facebook_text_post_carries_the_invisible_marker(make_post, facebook, network):
    post = make_post("facebook_page")
    feed = f"/v26.0/{FB_PAGE}/feed"
    network.expect_request(feed, method="POST").respond_with_json({"id": f"{FB_PAGE}_77"})
    network.expect_request(f"/v26.0/{FB_PAGE}_77", method="GET").respond_with_json(
        {"id": f"{FB_PAGE}_77", "permalink_url": "https://www.facebook.com/vko/posts/77"}
    )
    services.publish_due(now=moment(0))
    request = next(r for r, _ in network.log if r.path == feed)
    message = request.form["message"]
    assert "message" not in request.args  # the text goes in the body, not the address
    publication = Publication.objects.get()
    assert texts.plain(message) == post.publication_text.text
    assert texts.marker_number(message) == texts.marker_key(publication.pk, 1)
    assert publication.permalink == "https://www.facebook.com/vko/posts/77"
    post.refresh_from_db()
    assert post.published_url == "https://www.facebook.com/vko/posts/77"


def test_instagram_makes_a_container_then_publishes_it_with_a_signed_image(
    make_post, instagram, network, client
):
    post = make_post("instagram", image="card")
    network.expect_request(f"/v26.0/{IG_USER}/media", method="POST").respond_with_json(
        {"id": "c-1"}
    )
    network.expect_request(f"/v26.0/{IG_USER}/media_publish", method="POST").respond_with_json(
        {"id": "m-1"}
    )
    network.expect_request("/v26.0/m-1", method="GET").respond_with_json(
        {"id": "m-1", "permalink": "https://www.instagram.com/p/ABC/"}
    )
    services.publish_due(now=moment(0))
    container = next(r for r, _ in network.log if r.path == f"/v26.0/{IG_USER}/media")
    publish = next(r for r, _ in network.log if r.path.endswith("/media_publish"))
    assert publish.form["creation_id"] == "c-1"
    image = container.form["image_url"]
    assert image.startswith("http://testserver/publishing/media/")
    answer = client.get(image.removeprefix("http://testserver"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/png"
    assert Publication.objects.get().permalink == "https://www.instagram.com/p/ABC/"
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.PUBLISHED


def test_a_post_published_everywhere_takes_the_first_networks_address(
    make_post, telegram, facebook, network
):
    post = make_post("telegram", "facebook_page")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    network.expect_request(f"/v26.0/{FB_PAGE}/feed", method="POST").respond_with_json(
        {"id": f"{FB_PAGE}_9"}
    )
    network.expect_request(f"/v26.0/{FB_PAGE}_9", method="GET").respond_with_json(
        {"permalink_url": "https://www.facebook.com/vko/posts/9"}
    )
    services.publish_due(now=moment(0))
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.PUBLISHED
    # Facebook comes first among the plan's channels.
    assert post.published_url == "https://www.facebook.com/vko/posts/9"


def test_a_post_stays_approved_while_one_network_is_not_done(
    make_post, telegram, facebook, network
):
    post = make_post("telegram", "facebook_page")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    network.expect_request(f"/v26.0/{FB_PAGE}/feed", method="POST").respond_with_json(
        {"error": {"code": 2, "message": "Service temporarily unavailable"}}, status=503
    )
    services.publish_due(now=moment(0))
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.APPROVED
    assert dict(Publication.objects.values_list("channel__code", "state")) == {
        "telegram": S.SENT,
        "facebook_page": S.WAITING,
    }


# --- Exactly once --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_one_post(make_post, telegram, network, settings):
    if db_connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (SQLite locks the whole file)")
    make_post("telegram")
    errors, finished, overlapped = [], [], []

    def slow(request):
        # The answer waits until the other run is over: it ran while this call
        # held the claim, and found nothing to send.
        overlapped.append(wait_until(lambda: len(finished) == 1, seconds=60))
        return Response(json.dumps(telegram_message()), content_type="application/json")

    network.expect_request(tg("sendMessage"), method="POST").respond_with_handler(slow)

    def run():
        try:
            services.publish_due(now=moment(0))
        except Exception as error:
            errors.append(error)
        finally:
            db_connection.close()
            finished.append(True)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert overlapped == [True], "the other run did not end while the call was held"
    assert calls(network, tg("sendMessage")) == 1
    assert Publication.objects.get().state == S.SENT


@pytest.mark.django_db(transaction=True)
def test_two_processes_at_once_make_one_post(make_post, telegram, network, settings):
    """Two real `manage.py publish_due` processes on the same database."""
    if db_connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (SQLite locks the whole file)")
    from conftest import BASE_DIR, _database_url_of_test_database

    make_post("telegram")
    processes, overlapped = [], []

    def slow(request):
        # The answer waits until the other process is over: it started, ran
        # while this call held the claim, and found nothing to send.
        overlapped.append(
            wait_until(lambda: any(p.poll() is not None for p in processes), seconds=120)
        )
        return Response(json.dumps(telegram_message()), content_type="application/json")

    network.expect_request(tg("sendMessage"), method="POST").respond_with_handler(slow)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_of_test_database(),
        "TELEGRAM_API_URL": settings.TELEGRAM_API_URL,
        "CHANNELS_KEY": settings.CHANNELS_KEY,
        "SITE_URL": settings.SITE_URL,
    }
    command = [sys.executable, "manage.py", "publish_due", "--now", moment(0).isoformat()]
    processes.extend(
        subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    )
    outputs = [process.communicate(timeout=240)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert overlapped == [True], "the other process did not end while the call was held"
    assert calls(network, tg("sendMessage")) == 1
    assert sum("attempted: sent 1" in output.splitlines() for output in outputs) == 1, outputs
    assert Publication.objects.get().state == S.SENT


class WorkerDied(BaseException):
    """A killed worker: not an `Exception` a run could catch and carry on from."""


def _die_after_the_call(monkeypatch):
    def die(*args, **kwargs):
        raise WorkerDied

    monkeypatch.setattr(publish, "_record_sent", die)


def _ten_minutes_pass() -> None:
    """A claim is old by the clock's minutes, not by the moment a run is told:
    let the claims of the dead worker be eleven minutes old."""
    Publication.objects.exclude(claimed_at=None).update(
        claimed_at=F("claimed_at") - datetime.timedelta(minutes=11)
    )


def test_facebook_reconciles_a_post_whose_worker_died_after_the_call(
    make_post, facebook, network, monkeypatch
):
    post = make_post("facebook_page")
    feed, posts = f"/v26.0/{FB_PAGE}/feed", f"/v26.0/{FB_PAGE}/posts"
    network.expect_request(feed, method="POST").respond_with_json({"id": f"{FB_PAGE}_5"})
    network.expect_request(f"/v26.0/{FB_PAGE}_5", method="GET").respond_with_json(
        {"permalink_url": "https://www.facebook.com/vko/posts/5"}
    )
    with monkeypatch.context() as patch:
        _die_after_the_call(patch)
        with pytest.raises(WorkerDied):
            services.publish_due(now=moment(0))
    assert Publication.objects.get().state == S.SENDING
    sent_message = next(r for r, _ in network.log if r.path == feed).form["message"]
    network.expect_request(posts, method="GET").respond_with_json(
        {
            "data": [
                {
                    "id": f"{FB_PAGE}_4",
                    "message": "Другой пост",
                    "created_time": "2026-03-10T11:00:00+0000",
                },
                {
                    "id": f"{FB_PAGE}_5",
                    "message": sent_message,
                    "created_time": "2026-03-10T12:00:01+0000",
                    "permalink_url": "https://www.facebook.com/vko/posts/5",
                },
            ]
        }
    )
    # A minute later the claim is young: nobody touches it.
    services.publish_due(now=moment(1))
    assert Publication.objects.get().state == S.SENDING
    # Later, the next run finds the post by its marker instead of posting again.
    _ten_minutes_pass()
    services.publish_due(now=moment(11))
    services.publish_due(now=moment(12))
    assert calls(network, feed) == 1
    publication = Publication.objects.get()
    assert publication.state == S.SENT
    assert publication.network_id == f"{FB_PAGE}_5"
    post.refresh_from_db()
    assert post.published_url == "https://www.facebook.com/vko/posts/5"


def test_facebook_posts_again_when_the_dead_workers_call_never_arrived(
    make_post, facebook, network
):
    make_post("facebook_page")
    publication = Publication.objects.create(
        post=PlannedPost.objects.get(),
        channel_id=1,
        connection=facebook,
        state=S.SENDING,
        claimed_at=moment(0),
        first_tried_at=moment(0),
        attempts=1,
    )
    Publication.objects.filter(pk=publication.pk).update(
        channel=PlannedPost.objects.get().channels.get()
    )
    feed = f"/v26.0/{FB_PAGE}/feed"
    network.expect_request(f"/v26.0/{FB_PAGE}/posts", method="GET").respond_with_json({"data": []})
    network.expect_request(feed, method="POST").respond_with_json({"id": f"{FB_PAGE}_6"})
    network.expect_request(f"/v26.0/{FB_PAGE}_6", method="GET").respond_with_json({})
    _ten_minutes_pass()
    services.publish_due(now=moment(11))
    assert calls(network, feed) == 1
    publication.refresh_from_db()
    assert publication.state == S.SENT
    assert publication.permalink == f"https://www.facebook.com/{FB_PAGE}_6"


def test_telegram_becomes_unknown_when_the_worker_died_and_press_confirms(
    make_post, telegram, network, monkeypatch, world, client_for
):
    post = make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    with monkeypatch.context() as patch:
        _die_after_the_call(patch)
        with pytest.raises(WorkerDied):
            services.publish_due(now=moment(0))
    _ten_minutes_pass()
    services.publish_due(now=moment(11))
    services.publish_due(now=moment(12))
    assert calls(network, tg("sendMessage")) == 1
    publication = Publication.objects.get()
    assert publication.state == S.UNKNOWN
    told = Notification.objects.filter(user=world.users["press"], key__startswith="publication-")
    assert told.count() == 1
    assert "неизвестно" not in told.get().title  # a question, in words
    assert "vko" not in told.get().body

    services.publication_confirm(
        publication=publication,
        user=world.users["press"],
        published=True,
        url="https://t.me/vko_profsoyuz/501",
    )
    publication.refresh_from_db()
    assert publication.state == S.SENT and publication.by_hand
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.PUBLISHED
    assert post.published_url == "https://t.me/vko_profsoyuz/501"


def test_telegram_unknown_confirmed_as_not_sent_goes_out_once_more(
    make_post, telegram, network, monkeypatch, world
):
    make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    with monkeypatch.context() as patch:
        _die_after_the_call(patch)
        with pytest.raises(WorkerDied):
            services.publish_due(now=moment(0))
    _ten_minutes_pass()
    services.publish_due(now=moment(11))
    publication = Publication.objects.get()
    services.publication_confirm(
        publication=publication, user=world.users["press"], published=False
    )
    services.publish_due()  # the confirmation asks for a run at once
    assert calls(network, tg("sendMessage")) == 2
    assert Publication.objects.get().state == S.SENT


# --- Retries and refusals -----------------------------------------------------------------


def test_an_unreachable_telegram_is_tried_again_after_back_off(
    make_post, telegram, network, settings
):
    """A refused connection: the request never arrived, so it is sent again."""
    make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    reachable = settings.TELEGRAM_API_URL
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        settings.TELEGRAM_API_URL = f"http://127.0.0.1:{closed.getsockname()[1]}"
    services.publish_due(now=moment(0))
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.WAITING, "unreachable")
    assert publication.next_attempt_at == moment(1)
    settings.TELEGRAM_API_URL = reachable
    services.publish_due(now=moment(0))
    assert calls(network, tg("sendMessage")) == 0  # not yet: the back-off holds
    services.publish_due(now=moment(1))
    assert calls(network, tg("sendMessage")) == 1
    assert Publication.objects.get().state == S.SENT


def test_a_telegram_server_error_is_not_sent_again_blindly(make_post, telegram, network, world):
    """A 5xx may come after the message went out, and Telegram cannot be asked:
    the press secretary looks and confirms rather than risk a second post."""
    make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(
        {"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502
    )
    services.publish_due(now=moment(0))
    for minute in (1, 5, 30, 90):
        services.publish_due(now=moment(minute))
    assert calls(network, tg("sendMessage")) == 1
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.UNKNOWN, "unknown_outcome")
    told = Notification.objects.filter(
        user=world.users["press"], key__startswith="publication-unknown"
    )
    assert told.count() == 1


def test_a_rate_limit_waits_as_long_as_asked(make_post, telegram, network):
    make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 300",
            "parameters": {"retry_after": 300},
        },
        status=429,
    )
    services.publish_due(now=moment(0))
    publication = Publication.objects.get()
    assert publication.state == S.WAITING
    assert publication.next_attempt_at == moment(5)
    assert publication.error_code == "rate_limited"


def test_failures_for_an_hour_fail_the_post_and_tell_press_once(
    make_post, facebook, network, world
):
    make_post("facebook_page")
    network.expect_request(f"/v26.0/{FB_PAGE}/feed", method="POST").respond_with_json(
        {"error": {"code": 2, "message": "Service temporarily unavailable"}}, status=500
    )
    network.expect_request(f"/v26.0/{FB_PAGE}/posts", method="GET").respond_with_json({"data": []})
    minute, minutes = 0, []
    for _ in range(20):
        services.publish_due(now=moment(minute))
        publication = Publication.objects.get()
        if publication.state != S.WAITING:
            break
        minute = int((publication.next_attempt_at - moment(0)).total_seconds() // 60)
        minutes.append(minute)
    assert publication.state == S.FAILED
    # Waits of 1, 2, 4, 8 minutes, then every 15, for an hour.
    assert minutes == [1, 3, 7, 15, 30, 45, 60]
    posts = calls(network, f"/v26.0/{FB_PAGE}/feed")
    assert posts == publication.attempts == 8
    # Before every new post, the page was asked whether the last one went out.
    assert calls(network, f"/v26.0/{FB_PAGE}/posts", "GET") == posts - 1
    told = Notification.objects.filter(
        user=world.users["press"], key__startswith="publication-failed"
    )
    services.publish_due(now=moment(90))
    assert told.count() == 1
    assert "HTTP 500" in told.get().body


REFUSALS = [
    (
        {"error": {"code": 190, "message": "Error validating access token"}},
        400,
        "token_expired",
        "подключите страницу заново",
    ),
    (
        {"error": {"code": 200, "message": "(#200) permission"}},
        403,
        "no_permission",
        "нет прав",
    ),
    (
        {"error": {"code": 324, "message": "Missing or invalid image file"}},
        400,
        "image_refused",
        "изображение",
    ),
    ({"error": {"code": 506, "message": "Duplicate status message"}}, 400, "duplicate", "повтор"),
    ({"error": {"code": 100, "message": "Invalid parameter"}}, 400, "refused", "100"),
]


@pytest.mark.parametrize(("body", "status", "code", "words"), REFUSALS)
def test_a_facebook_refusal_fails_at_once_with_its_reason(
    make_post, facebook, network, world, body, status, code, words
):
    make_post("facebook_page")
    network.expect_request(f"/v26.0/{FB_PAGE}/feed", method="POST").respond_with_json(
        body, status=status
    )
    services.publish_due(now=moment(0))
    services.publish_due(now=moment(30))
    assert calls(network, f"/v26.0/{FB_PAGE}/feed") == 1
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.FAILED, code)
    told = Notification.objects.get(user=world.users["press"])
    assert words in told.body
    assert "Error validating" not in told.body and "Invalid parameter" not in told.body


TELEGRAM_REFUSALS = [
    (401, "Unauthorized", "token_expired"),
    (403, "Forbidden: bot is not a member of the channel chat", "no_permission"),
    (400, "Bad Request: message is too long", "text_too_long"),
    (400, "Bad Request: chat not found", "not_found"),
    (400, "Bad Request: wrong file identifier/HTTP URL specified", "image_refused"),
    (400, "Bad Request: something else", "refused"),
]


@pytest.mark.parametrize(("status", "description", "code"), TELEGRAM_REFUSALS)
def test_a_telegram_refusal_fails_at_once(make_post, telegram, network, status, description, code):
    make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(
        {"ok": False, "error_code": status, "description": description}, status=status
    )
    services.publish_due(now=moment(0))
    services.publish_due(now=moment(5))
    assert calls(network, tg("sendMessage")) == 1
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.FAILED, code)
    assert publication.last_error


def test_instagram_without_an_image_fails_before_any_call(make_post, instagram, network):
    make_post("instagram", image="none")
    services.publish_due(now=moment(0))
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.FAILED, "image_required")
    assert not network.log


def test_a_caption_too_long_for_telegram_fails_before_any_call(make_post, telegram, network):
    make_post("telegram", text="Қазақ тілі " * 100, image="card")  # 1099 characters once trimmed
    services.publish_due(now=moment(0))
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.FAILED, "text_too_long")
    assert publication.error_params == {"length": 1099, "limit": 1024}  # without the last space
    assert not network.log


def test_a_post_without_text_fails_and_says_so(make_post, telegram, network):
    make_post("telegram", text="")
    services.publish_due(now=moment(0))
    assert Publication.objects.get().error_code == "no_text"
    assert not network.log


def test_retry_starts_a_new_round_and_tells_again_if_it_fails_again(
    make_post, telegram, network, world
):
    make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(
        {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
    )
    services.publish_due(now=moment(0))
    publication = Publication.objects.get()
    services.publication_retry(publication=publication, user=world.users["press"])
    publication.refresh_from_db()
    assert (publication.state, publication.round) == (S.WAITING, 2)
    services.publish_due(
        now=moment(1) + (publication.next_attempt_at - publication.next_attempt_at)
    )
    services.publish_due()  # «Повторить» asks for a run at once
    assert calls(network, tg("sendMessage")) == 2
    assert Notification.objects.filter(user=world.users["press"]).count() == 2


def test_retry_is_refused_to_others_and_for_a_publication_not_failed(make_post, telegram, world):
    from portal.exceptions import Refused

    make_post("telegram")
    services.publications_create(now=moment(0))
    publication = Publication.objects.get()
    with pytest.raises(Refused):
        services.publication_retry(publication=publication, user=world.users["press"])
    with pytest.raises(Refused):
        services.publication_retry(publication=publication, user=world.users["chair"])


def test_album_and_photo_calls(make_post, telegram, network, monkeypatch):
    make_post("telegram", image="auto")
    monkeypatch.setattr(
        outgoing, "image_names", lambda post, channel_code, choice: (["a.jpg", "b.jpg"], 2)
    )
    network.expect_request(tg("sendMediaGroup"), method="POST").respond_with_json(
        {"ok": True, "result": [telegram_message(700)["result"], telegram_message(701)["result"]]}
    )
    services.publish_due(now=moment(0))
    sent = json.loads(network.log[-1][0].data)
    assert [item["type"] for item in sent["media"]] == ["photo", "photo"]
    assert sent["media"][0]["caption"]
    assert "caption" not in sent["media"][1]
    assert Publication.objects.get().permalink == "https://t.me/vko_profsoyuz/700"
    assert Publication.objects.get().album == ["701"]  # deleted with the first


def test_a_post_moved_later_waits_for_its_new_minute(make_post, telegram, network):
    post = make_post("telegram")
    services.publications_create(now=moment(0))
    PlannedPost.objects.filter(pk=post.pk).update(time=moment(60).time())
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    services.publish_due(now=moment(1))
    assert calls(network, tg("sendMessage")) == 0
    services.publish_due(now=moment(60))
    assert calls(network, tg("sendMessage")) == 1


def test_a_post_sent_back_to_work_is_not_published(make_post, telegram, network):
    post = make_post("telegram")
    services.publications_create(now=moment(0))
    PlannedPost.objects.filter(pk=post.pk).update(status=PlannedPost.Status.IN_WORK)
    services.publish_due(now=moment(1))
    assert not network.log
    assert Publication.objects.get().state == S.WAITING


def test_the_dashboards_count_a_network_only_with_its_id_or_address(
    make_post, telegram, facebook, network, world
):
    from contentplan.models import Channel
    from dashboards import figures
    from dashboards.models import MonthFigure

    post = make_post("telegram", "facebook_page", "aitu")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    network.expect_request(f"/v26.0/{FB_PAGE}/feed", method="POST").respond_with_json(
        {"error": {"code": 190, "message": "Error validating access token"}}, status=400
    )
    services.publish_due(now=moment(0))
    # Someone marks the post published by hand all the same, with Aitu's address.
    PlannedPost.objects.filter(pk=post.pk).update(
        status=PlannedPost.Status.PUBLISHED, published_url="https://aitu.me/vko/1"
    )
    figures.rebuild(world.region.pk, post.date.replace(day=1))
    counted = dict(
        MonthFigure.objects.filter(kind=MonthFigure.Kind.CHANNEL).values_list("key", "published")
    )
    code_of = dict(Channel.objects.values_list("pk", "code"))
    # Facebook refused the post: it does not count there, whatever the status says.
    assert {code_of[key]: n for key, n in counted.items() if n} == {"telegram": 1, "aitu": 1}


def test_telegram_that_does_not_answer_in_time_becomes_unknown(
    make_post, telegram, network, settings, world
):
    make_post("telegram")
    settings.CHANNELS_TIMEOUT_SECONDS = 0.3
    released, answered = threading.Event(), threading.Event()

    def slow(request):
        # No answer until both runs are over (the message may well have gone
        # out meanwhile); the run gave up waiting after 0.3 s.
        released.wait(60)
        answered.set()
        return Response(json.dumps(telegram_message()), content_type="application/json")

    network.expect_request(tg("sendMessage"), method="POST").respond_with_handler(slow)
    try:
        services.publish_due(now=moment(0))
        services.publish_due(now=moment(30))
    finally:
        released.set()
    assert answered.wait(60)  # the slow answer finishes inside this test
    assert calls(network, tg("sendMessage")) == 1
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.UNKNOWN, "unknown_outcome")
    assert Notification.objects.filter(key__startswith="publication-unknown").count() == 1


def test_instagram_publishes_the_same_container_after_a_failed_publish(
    make_post, instagram, network
):
    make_post("instagram", image="card")
    media, publish = f"/v26.0/{IG_USER}/media", f"/v26.0/{IG_USER}/media_publish"
    network.expect_request(media, method="POST").respond_with_json({"id": "c-7"})
    answers = [
        ({"error": {"code": 2, "message": "Service temporarily unavailable"}}, 503),
        ({"id": "m-7"}, 200),
    ]

    def publish_answer(request):
        body, status = answers.pop(0)
        return Response(json.dumps(body), status=status, content_type="application/json")

    network.expect_request(publish, method="POST").respond_with_handler(publish_answer)
    network.expect_request(media, method="GET").respond_with_json({"data": []})
    network.expect_request("/v26.0/m-7", method="GET").respond_with_json({})
    services.publish_due(now=moment(0))
    assert Publication.objects.get().state == S.WAITING
    services.publish_due(now=moment(1))
    assert calls(network, media) == 1  # one container
    assert [r.form["creation_id"] for r, _ in network.log if r.path == publish] == ["c-7", "c-7"]
    # Before publishing again, the account's media were searched for the post.
    assert calls(network, media, "GET") == 1
    publication = Publication.objects.get()
    assert (publication.state, publication.network_id) == (S.SENT, "m-7")
