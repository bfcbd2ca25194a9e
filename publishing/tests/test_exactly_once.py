"""Exactly once, where it is easy to get wrong: a look that fails, a connection
that breaks after the request went out, a run told another moment, a second
round after a failure that may have published, a card that cannot be drawn,
a post the morning marked missed. Against a loopback server answering as the
Bot API and the Graph API do (and a raw socket that hangs up)."""

from __future__ import annotations

import io
import socket
import threading

import pytest
from django.utils import timezone

from contentplan import services as plan_services
from contentplan.models import Channel, PlannedPost
from dashboards import figures
from dashboards.models import MonthFigure
from portal.models import Notification
from publishing import services
from publishing.models import Publication
from publishing.services import outgoing

from .conftest import DAY, FB_PAGE, IG_USER, calls, moment, telegram_message, tg, wait_until

S = Publication.State
FEED, POSTS = f"/v26.0/{FB_PAGE}/feed", f"/v26.0/{FB_PAGE}/posts"
UNAVAILABLE = {"error": {"code": 2, "message": "Service temporarily unavailable"}}
RATE_LIMITED = {"error": {"code": 4, "message": "Application request limit reached"}}


def _sent_message(network) -> str:
    return next(r for r, _ in network.log if r.path == FEED and r.method == "POST").form["message"]


def _page_with(message: str, post_id: str = f"{FB_PAGE}_7") -> dict:
    return {
        "data": [
            {
                "id": post_id,
                "message": message,
                "created_time": "2026-03-10T13:00:01+0000",
                "permalink_url": f"https://www.facebook.com/vko/posts/{post_id[-1]}",
            }
        ]
    }


def test_a_look_that_fails_keeps_the_doubt_and_the_post_is_found_later(
    make_post, facebook, network
):
    make_post("facebook_page")
    # The post went out, but the answer was a 503.
    network.expect_ordered_request(FEED, method="POST").respond_with_json(UNAVAILABLE, status=503)
    services.publish_due(now=moment(0))
    assert Publication.objects.get().check_first
    message = _sent_message(network)
    # The next look at the page is refused for the rate: still in doubt.
    network.expect_ordered_request(POSTS, method="GET").respond_with_json(RATE_LIMITED, status=400)
    services.publish_due(now=moment(1))
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.WAITING, "rate_limited")
    assert publication.check_first
    # The look after that finds the post: nothing is posted a second time.
    network.expect_ordered_request(POSTS, method="GET").respond_with_json(_page_with(message))
    services.publish_due(now=publication.next_attempt_at)
    assert calls(network, FEED) == 1
    publication.refresh_from_db()
    assert (publication.state, publication.network_id) == (S.SENT, f"{FB_PAGE}_7")


class HangUp:
    """A server that reads the whole request and closes without a word: the
    request arrived (the message may be out), the answer never came."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.requests = 0
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head, _sep, body = data.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                while len(body) < length:
                    body += conn.recv(65536)
                self.requests += 1

    def close(self):
        self.sock.close()


@pytest.fixture
def hang_up():
    server = HangUp()
    yield server
    server.close()


def test_telegram_whose_connection_broke_after_the_request_is_not_sent_again(
    make_post, telegram, network, hang_up, settings, world
):
    make_post("telegram")
    settings.TELEGRAM_API_URL = hang_up.url
    for minute in (0, 1, 5, 30):
        services.publish_due(now=moment(minute))
    assert hang_up.requests == 1
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.UNKNOWN, "unknown_outcome")
    assert Notification.objects.filter(key__startswith="publication-unknown").count() == 1


def test_facebook_whose_connection_broke_looks_before_posting_again(
    make_post, facebook, network, hang_up, settings
):
    make_post("facebook_page")
    reachable = settings.GRAPH_API_URL
    settings.GRAPH_API_URL = hang_up.url + "/v26.0"
    services.publish_due(now=moment(0))
    publication = Publication.objects.get()
    assert (publication.state, publication.error_code) == (S.WAITING, "dropped")
    assert publication.check_first
    assert "оборвалось" in publication.last_error
    settings.GRAPH_API_URL = reachable
    network.expect_request(POSTS, method="GET").respond_with_json({"data": []})
    network.expect_request(FEED, method="POST").respond_with_json({"id": f"{FB_PAGE}_8"})
    network.expect_request(f"/v26.0/{FB_PAGE}_8", method="GET").respond_with_json({})
    services.publish_due(now=publication.next_attempt_at)
    # Asked first, found nothing, then posted.
    assert [r.path for r, _ in network.log][:2] == [POSTS, FEED]
    assert Publication.objects.get().state == S.SENT


def test_a_run_told_an_earlier_moment_does_not_make_live_claims_look_dead(
    make_post, telegram, network
):
    make_post("telegram")
    publication = Publication.objects.create(
        post=PlannedPost.objects.get(),
        channel=Channel.objects.get(code="telegram"),
        connection=telegram,
        next_attempt_at=moment(0),
    )
    # `manage.py publish_due --now <that minute>` claims it, long after the minute...
    assert services._claim(publication.pk, moment(0))
    # ...and the beat's own run, at the clock's time, sees a young claim.
    result = services.reconcile(now=timezone.now())
    assert result == {"to_check": 0, "unknown": 0}
    assert Publication.objects.get().state == S.SENDING


def test_repeat_after_an_hour_in_doubt_finds_the_first_rounds_post(
    make_post, facebook, network, world
):
    make_post("facebook_page")
    network.expect_request(FEED, method="POST").respond_with_json(UNAVAILABLE, status=500)
    looks = network.expect_request(POSTS, method="GET")
    looks.respond_with_json({"data": []})
    minute = 0
    for _ in range(20):
        services.publish_due(now=moment(minute))
        publication = Publication.objects.get()
        if publication.state != S.WAITING:
            break
        minute = int((publication.next_attempt_at - moment(0)).total_seconds() // 60)
    assert publication.state == S.FAILED
    posted = calls(network, FEED)
    # The first post of the first round did go out after all, and shows now.
    network.clear()
    network.expect_request(POSTS, method="GET").respond_with_json(
        _page_with(_sent_message_of_round())
    )
    services.publication_retry(publication=publication, user=world.users["press"])
    services.publish_due()  # «Повторить» asks for a run at once
    assert calls(network, FEED) == 0, "posted again although the first round's post was there"
    publication.refresh_from_db()
    assert (publication.state, publication.round) == (S.SENT, 2)
    assert posted >= 2


def _sent_message_of_round() -> str:
    from publishing import texts

    publication = Publication.objects.get()
    return "Сегодня в Усть-Каменогорске прошёл форум молодых педагогов." + texts.marker(
        texts.marker_key(publication.pk, 1)
    )


def test_a_card_that_cannot_be_drawn_holds_up_neither_it_nor_the_others(
    make_post, telegram, network, monkeypatch
):
    broken = make_post("telegram", image="card")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    plain = make_post("telegram")
    drawn = services.image_names

    def card_fails(post, **kwargs):
        if post.pk == broken.pk:
            raise OSError("no space left on device")
        return drawn(post, **kwargs)

    monkeypatch.setattr(outgoing, "image_names", card_fails)
    services.publish_due(now=moment(0))
    states = dict(Publication.objects.values_list("post_id", "state"))
    assert states == {broken.pk: S.WAITING, plain.pk: S.SENT}
    publication = Publication.objects.get(post=broken)
    assert publication.error_code == "internal"
    assert "подготовить" in publication.last_error
    # Nothing went to Telegram for it, so it is tried again (not «unknown»).
    assert not publication.check_first
    assert calls(network, tg("sendMessage")) == 1


def test_a_second_run_creates_nothing_and_renews_no_cached_page(make_post, facebook, network):
    make_post("facebook_page")
    network.expect_request(FEED, method="POST").respond_with_json(
        {"error": {"code": 200, "message": "(#200) permission"}}, status=403
    )
    first = services.publish_due(now=moment(0))
    assert first.created == 1
    assert Publication.objects.get().state == S.FAILED
    second = services.publish_due(now=moment(1))
    assert second.created == 0


def test_a_run_counts_only_the_publications_it_created(make_post, telegram, facebook, network):
    posts = [make_post("telegram", "facebook_page") for _ in range(3)]
    # Another run created one post's publications already.
    assert services.publications_create(now=moment(0)) == 6
    Publication.objects.exclude(post=posts[0]).delete()
    assert services.publications_create(now=moment(1)) == 4
    assert services.publications_create(now=moment(2)) == 0
    assert Publication.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_count_each_publication_once(make_post, telegram, facebook, network):
    """Both runs see no publication yet and insert at the same moment (held
    back by a lock until both are waiting): between them they report the
    publications that exist, not twice as many."""
    import time

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (SQLite locks the whole file)")
    for _ in range(7):
        make_post("telegram", "facebook_page")
    created, errors = [], []

    def run():
        try:
            created.append(services.publications_create(now=moment(0)))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Reading goes on; inserting waits until this transaction ends.
            cursor.execute("LOCK TABLE publishing_publication IN SHARE MODE")
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks"
                    " WHERE relation = 'publishing_publication'::regclass AND NOT granted"
                )
                if cursor.fetchone()[0] >= 2:
                    break  # both runs are about to insert
            assert time.monotonic() < deadline, "the two runs never both reached their insert"
            time.sleep(0.01)
    for thread in threads:
        thread.join()
    assert errors == []
    assert Publication.objects.count() == 14
    assert sum(created) == 14, created


def test_repeat_of_a_post_the_morning_marked_missed_publishes_it(
    make_post, telegram, network, world
):
    post = make_post("telegram")
    network.expect_ordered_request(tg("sendMessage"), method="POST").respond_with_json(
        {"ok": False, "error_code": 403, "description": "Forbidden: bot is not a member"},
        status=403,
    )
    services.publish_due(now=moment(0))
    assert Publication.objects.get().state == S.FAILED
    plan_services.reminders_posts_missed(today=DAY.replace(day=DAY.day + 1))
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.MISSED
    # The bot is made an administrator; press repeats.
    network.expect_ordered_request(tg("sendMessage"), method="POST").respond_with_json(
        telegram_message(502)
    )
    services.publication_retry(publication=Publication.objects.get(), user=world.users["press"])
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.APPROVED
    services.publish_due()  # «Повторить» asks for a run at once
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.PUBLISHED
    assert post.published_url == "https://t.me/vko_profsoyuz/502"


def test_an_unknown_confirmed_after_the_morning_marked_it_missed_is_published(
    make_post, telegram, network, hang_up, settings, world
):
    post = make_post("telegram")
    settings.TELEGRAM_API_URL = hang_up.url
    services.publish_due(now=moment(0))
    assert Publication.objects.get().state == S.UNKNOWN
    plan_services.reminders_posts_missed(today=DAY.replace(day=DAY.day + 1))
    services.publication_confirm(
        publication=Publication.objects.get(),
        user=world.users["press"],
        published=True,
        url="https://t.me/vko_profsoyuz/503",
    )
    post.refresh_from_db()
    assert (post.status, post.published_url) == (
        PlannedPost.Status.PUBLISHED,
        "https://t.me/vko_profsoyuz/503",
    )


def test_a_found_posts_address_that_is_not_https_is_not_kept(make_post, facebook, network):
    make_post("facebook_page")
    network.expect_ordered_request(FEED, method="POST").respond_with_json(UNAVAILABLE, status=503)
    services.publish_due(now=moment(0))
    answer = _page_with(_sent_message(network))
    answer["data"][0]["permalink_url"] = "javascript:alert(1)"
    network.expect_ordered_request(POSTS, method="GET").respond_with_json(answer)
    services.publish_due(now=Publication.objects.get().next_attempt_at)
    publication = Publication.objects.get()
    assert publication.state == S.SENT
    assert publication.permalink == f"https://www.facebook.com/{FB_PAGE}_7"


def test_channels_without_an_api_do_not_count_when_the_portal_published_the_post(
    make_post, telegram, network, world
):
    post = make_post("telegram", "aitu")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    services.publish_due(now=moment(0))
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.PUBLISHED  # Telegram has it
    figures.rebuild(world.region.pk, DAY.replace(day=1))
    code_of = dict(Channel.objects.values_list("pk", "code"))
    counted = {
        code_of[key]: n
        for key, n in MonthFigure.objects.filter(kind=MonthFigure.Kind.CHANNEL).values_list(
            "key", "published"
        )
        if n
    }
    # Nobody put it on Aitu: Telegram's address says nothing of it.
    assert counted == {"telegram": 1}


def test_instagram_gets_a_portrait_photo_as_the_square_its_preview_shows(
    make_post, instagram, network, client, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage
    from PIL import Image

    from brand.tests.conftest import add_photo
    from publishing import media

    post = make_post("instagram", image="auto")
    # A phone's portrait photo, 3:4: Instagram refuses anything narrower than 4:5.
    add_photo(post, colour=(20, 120, 200), size=(900, 1200))
    network.expect_request(f"/v26.0/{IG_USER}/media", method="POST").respond_with_json(
        {"id": "c-9"}
    )
    network.expect_request(f"/v26.0/{IG_USER}/media_publish", method="POST").respond_with_json(
        {"id": "m-9"}
    )
    network.expect_request("/v26.0/m-9", method="GET").respond_with_json({})
    services.publish_due(now=moment(0))
    assert Publication.objects.get().state == S.SENT
    container = next(r for r, _ in network.log if r.path == f"/v26.0/{IG_USER}/media")
    answer = client.get(container.form["image_url"].removeprefix("http://testserver"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(answer.streaming_content))) as sent:
        assert sent.size == (900, 900)
        # The centre of the photo, not a stretched or padded one.
        assert sent.getpixel((450, 450)) == pytest.approx((20, 120, 200), abs=3)
    folder = f"{media.FOLDER}/{post.pk}"
    assert len(default_storage.listdir(folder)[1]) == 1
    # The square goes with the post, once the deletion commits.
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert not default_storage.exists(folder) or not default_storage.listdir(folder)[1]


def test_publishing_has_a_queue_of_its_own_that_every_worker_also_takes():
    """A post due at 18:00 does not wait behind a report: the `publisher`
    (`-Q publishing`) takes only publishing's tasks, and a worker started
    without -Q (make run, an older unit) takes both queues."""
    from config.celery import app

    def queue_of(task: str) -> str:
        return app.amqp.router.route({}, task, (), {})["queue"].name

    assert queue_of("publishing.tasks.publish_due_task") == "publishing"
    assert queue_of("publishing.tasks.publication_edit_task") == "publishing"
    assert queue_of("dashboards.tasks.sweep_jobs_task") == "celery"
    assert set(app.conf.task_queues) == {"celery", "publishing"}


def test_the_task_told_a_moment_without_a_zone_reads_it_as_almaty(make_post, telegram, network):
    from publishing.tasks import publish_due_task

    make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    assert publish_due_task("2026-03-10T17:59:00")["created"] == 0  # a minute early
    assert publish_due_task("2026-03-10T18:00:00") == {
        "created": 1,
        "reconciled": {"to_check": 0, "unknown": 0},
        "attempted": {"sent": 1},
        "held": 0,
        "deletions": {},
        "edits": {},
    }


def test_the_runs_summary_tells_a_dead_workers_unknown_from_an_attempts(
    make_post, telegram, network, hang_up, settings
):
    """One Telegram post's worker died mid-call (the reconcile makes it unknown),
    another's call hangs up in this run (the attempt makes it unknown): the
    summary and the command's output say which is which."""
    import datetime

    from django.core.management import call_command

    dead = make_post("telegram")
    Publication.objects.create(
        post=dead,
        channel=dead.channels.get(),
        connection=telegram,
        state=S.SENDING,
        claimed_at=timezone.now() - datetime.timedelta(minutes=11),
        first_tried_at=moment(0),
        attempts=1,
    )
    make_post("telegram")
    settings.TELEGRAM_API_URL = hang_up.url
    out = io.StringIO()
    call_command("publish_due", now=moment(0).isoformat(), stdout=out)
    assert out.getvalue().splitlines() == [
        "created: 1",
        "reconciled: to_check 0, unknown 1",
        "attempted: unknown 1",
    ]
    assert hang_up.requests == 1
    assert Publication.objects.filter(state=S.UNKNOWN).count() == 2


def test_a_post_being_sent_right_now_is_not_deleted_meanwhile(make_post, telegram, network, world):
    from portal.exceptions import Refused

    post = make_post("telegram")
    services.publications_create(now=moment(0))
    publication = Publication.objects.get()
    assert services._claim(publication.pk, moment(0))  # a worker is calling Telegram
    with pytest.raises(Refused, match="публикуется прямо сейчас"):
        plan_services.post_delete(
            post=post, user=world.users["press"], version=post.version, networks="keep"
        )
    assert PlannedPost.objects.filter(pk=post.pk).exists()
    assert Publication.objects.get().state == S.SENDING


def test_deleting_a_post_whose_telegram_copy_is_unknown_says_to_look(
    make_post, telegram, network, hang_up, settings, world, client_for
):
    from django.urls import reverse

    post = make_post("telegram")
    settings.TELEGRAM_API_URL = hang_up.url
    services.publish_due(now=moment(0))
    assert Publication.objects.get().state == S.UNKNOWN
    client = client_for(world.users["press"])
    page = client.post(
        reverse("contentplan:post_delete", args=[post.pk]),
        {"version": PlannedPost.objects.get(pk=post.pk).version},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'data-testid="delete-question"' in page
    assert 'data-testid="copy-uncertain"' in page and "проверьте канал" in page
    assert PlannedPost.objects.filter(pk=post.pk).exists()
    client.post(
        reverse("contentplan:post_delete", args=[post.pk]),
        {"version": PlannedPost.objects.get(pk=post.pk).version, "networks": "keep"},
        HTTP_HX_REQUEST="true",
    )
    assert not PlannedPost.objects.filter(pk=post.pk).exists()
    assert hang_up.requests == 1  # nothing was sent again, nothing deleted blindly


# --- Real workers ---------------------------------------------------------------------------


def _worker_env(settings, monkeypatch) -> None:
    for name in ("TELEGRAM_API_URL", "GRAPH_API_URL", "CHANNELS_KEY", "SITE_URL"):
        monkeypatch.setenv(name, str(getattr(settings, name)))


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_killed_during_the_call_leaves_one_post(
    make_post, facebook, network, settings, monkeypatch, redis_available
):
    """SIGKILL while Facebook is answering: the post is out, the record is not;
    the run after the claim has aged finds it by its marker instead of posting
    it again."""
    import datetime
    import json

    from django.db.models import F
    from werkzeug import Response

    from config.celery import app
    from conftest import running_worker

    make_post("facebook_page")
    arrived, killed, messages = threading.Event(), threading.Event(), []

    def slow(request):
        messages.append(request.form["message"])
        arrived.set()
        killed.wait(60)  # Facebook has posted; its answer comes after the worker died
        return Response(json.dumps({"id": f"{FB_PAGE}_5"}), content_type="application/json")

    network.expect_request(FEED, method="POST").respond_with_handler(slow)
    _worker_env(settings, monkeypatch)
    with running_worker(redis_available) as worker:
        app.send_task(
            "publishing.tasks.publish_due_task", [moment(0).isoformat()], queue=worker.queue
        )
        try:
            assert arrived.wait(60), "the worker never called Facebook"
            worker.process.kill()
            worker.process.wait(timeout=10)
        finally:
            killed.set()
    publication = Publication.objects.get()
    assert publication.state == S.SENDING  # called, never recorded
    network.expect_request(POSTS, method="GET").respond_with_json(_page_with(messages[0]))
    Publication.objects.update(claimed_at=F("claimed_at") - datetime.timedelta(minutes=11))
    services.publish_due(now=moment(11))
    services.publish_due(now=moment(12))
    assert len(messages) == 1
    publication.refresh_from_db()
    assert (publication.state, publication.network_id) == (S.SENT, f"{FB_PAGE}_7")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_two_real_workers_given_the_minute_twice_post_once(
    make_post, telegram, network, settings, monkeypatch, redis_available
):
    import json
    import uuid

    from celery.result import AsyncResult
    from werkzeug import Response

    from config.celery import app
    from conftest import running_worker

    make_post("telegram")
    sent, overlapped = [], []

    def slow(request):
        # The answer waits until the other worker's run is over: it ran while
        # this call held the claim, and found nothing to send.
        overlapped.append(
            wait_until(lambda: any(AsyncResult(t.id, app=app).ready() for t in sent), seconds=60)
        )
        return Response(json.dumps(telegram_message()), content_type="application/json")

    network.expect_request(tg("sendMessage"), method="POST").respond_with_handler(slow)
    _worker_env(settings, monkeypatch)
    queue = f"profinfo-test-{uuid.uuid4().hex[:8]}"
    with running_worker(redis_available, queue=queue), running_worker(redis_available, queue=queue):
        sent.extend(
            app.send_task("publishing.tasks.publish_due_task", [moment(0).isoformat()], queue=queue)
            for _ in range(2)
        )
        summaries = [AsyncResult(task.id, app=app).get(timeout=120) for task in sent]
    assert overlapped == [True], "the other worker's run did not end while the call was held"
    assert calls(network, tg("sendMessage")) == 1
    assert sorted(summary["attempted"].get("sent", 0) for summary in summaries) == [0, 1]
    assert Publication.objects.get().state == S.SENT
