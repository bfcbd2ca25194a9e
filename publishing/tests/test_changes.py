"""Changing and deleting what went out: a changed text is put on Telegram and
Facebook by itself after the save; a post deleted from the plan is deleted
from the networks too if the press secretary says so. Both are recorded in the
caller's transaction and done by a task, or by the minute's run if the task
was lost, against a loopback server answering as the Bot API and the Graph
API do."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

import networks
from contentplan.models import PlannedPost
from portal.exceptions import Refused
from portal.models import Notification
from publishing import services, tasks, texts
from publishing.models import Publication, PublicationText

from .conftest import FB_PAGE, TG_CHAT, calls, moment, telegram_message, tg

S = Publication.State
TELEGRAM = networks.get("telegram")
E = Publication.Edit
NEW_TEXT = "Исправленный текст: форум перенесён на пятницу."
FB_POST = f"/v26.0/{FB_PAGE}_8"


def _published(make_post, network, *codes, **fields):
    """The post published at 18:00 on the networks asked for."""
    post = make_post(*codes, **fields)
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    network.expect_request(f"/v26.0/{FB_PAGE}/feed", method="POST").respond_with_json(
        {"id": f"{FB_PAGE}_8"}
    )
    network.expect_request(FB_POST, method="GET").respond_with_json(
        {"permalink_url": "https://www.facebook.com/vko/posts/8"}
    )
    services.publish_due(now=moment(0))
    assert set(Publication.objects.values_list("state", flat=True)) == {S.SENT}
    post.refresh_from_db()
    return post


def _save(post, user, text=NEW_TEXT, **variants):
    current = post.publication_text
    return services.text_save(
        post=post,
        user=user,
        text=text,
        variants={
            code: variants.get(code, current.variant(code))
            for code in ("telegram", "facebook_page", "instagram")
        },
        image=variants.get("image", current.image),
    )


def _sent_by_hand(post, code, connection, **fields):
    return Publication.objects.create(
        post=post,
        channel=post.channels.get(code=code),
        connection=connection,
        state=S.SENT,
        **fields,
    )


# --- The text, edited on the networks after a save ------------------------------------------


def test_a_changed_text_is_edited_once_on_each_network(
    make_post, telegram, facebook, network, world
):
    post = _published(make_post, network, "telegram", "facebook_page")
    network.expect_request(tg("editMessageText"), method="POST").respond_with_json(
        telegram_message()
    )
    network.expect_request(FB_POST, method="POST").respond_with_json({"success": True})

    _save(post, world.users["press"])
    # Marked in the save's transaction; the call is the task's (or the minute's run).
    assert set(Publication.objects.values_list("edit_state", flat=True)) == {E.WAITING}
    assert not calls(network, tg("editMessageText"))
    services.publish_due()
    services.publish_due()
    for publication in Publication.objects.all():
        tasks.publication_edit_task(publication.pk)  # a task that comes late finds nothing

    assert calls(network, tg("editMessageText")) == 1
    assert calls(network, FB_POST) == 1
    edit = next(json.loads(r.data) for r, _ in network.log if r.path == tg("editMessageText"))
    assert edit == {"chat_id": TG_CHAT, "message_id": 501, "text": NEW_TEXT}
    message = next(
        r.form["message"] for r, _ in network.log if r.path == FB_POST and r.method == "POST"
    )
    facebook_publication = Publication.objects.get(channel__code="facebook_page")
    assert texts.plain(message) == NEW_TEXT
    assert texts.marker_number(message) == texts.marker_key(facebook_publication.pk, 1)
    for publication in Publication.objects.all():
        assert (publication.edit_state, publication.edit_error_code) == (E.NONE, "")
        assert publication.edited_at is not None


def test_the_same_text_saved_again_edits_nothing(make_post, telegram, facebook, network, world):
    post = _published(make_post, network, "telegram", "facebook_page")
    _save(post, world.users["press"], text=post.publication_text.text)
    # A variant equal to the common text changes nothing either.
    same = post.publication_text.text
    _save(post, world.users["press"], text=same, telegram=same)
    services.publish_due()
    assert set(Publication.objects.values_list("edit_state", flat=True)) == {E.NONE}
    assert not calls(network, tg("editMessageText")) and not calls(network, FB_POST)


def test_only_the_network_whose_text_changed_is_edited(
    make_post, telegram, facebook, network, world
):
    post = _published(make_post, network, "telegram", "facebook_page")
    network.expect_request(tg("editMessageText"), method="POST").respond_with_json(
        telegram_message()
    )
    _save(post, world.users["press"], text=post.publication_text.text, telegram=NEW_TEXT)
    services.publish_due()
    assert calls(network, tg("editMessageText")) == 1
    assert not calls(network, FB_POST)


def test_a_photo_message_gets_its_caption_edited(make_post, telegram, network, world):
    post = _published(make_post, network, "telegram")
    network.expect_request(tg("editMessageText"), method="POST").respond_with_json(
        {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: there is no text in the message to edit",
        },
        status=400,
    )
    network.expect_request(tg("editMessageCaption"), method="POST").respond_with_json(
        telegram_message()
    )
    _save(post, world.users["press"])
    services.publish_due()
    assert calls(network, tg("editMessageCaption")) == 1
    assert Publication.objects.get().edit_state == E.NONE


def test_an_edit_is_tried_again_after_a_server_error(make_post, telegram, network, world):
    post = _published(make_post, network, "telegram")
    network.expect_ordered_request(tg("editMessageText"), method="POST").respond_with_json(
        {"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502
    )
    network.expect_ordered_request(tg("editMessageText"), method="POST").respond_with_json(
        telegram_message()
    )
    _save(post, world.users["press"])
    publication = Publication.objects.get()
    start = timezone.now()
    assert services.edit_attempt(publication_id=publication.pk, now=start) == E.WAITING
    publication.refresh_from_db()
    assert publication.edit_next_at == start + datetime.timedelta(minutes=1)
    assert publication.edit_error_code == "server_error"
    # The back-off holds, for the task and for the minute's run alike.
    assert services.edit_attempt(publication_id=publication.pk, now=start) == ""
    services.publish_due(now=start + datetime.timedelta(seconds=30))
    assert calls(network, tg("editMessageText")) == 1
    services.publish_due(now=start + datetime.timedelta(minutes=1))
    assert calls(network, tg("editMessageText")) == 2
    publication.refresh_from_db()
    assert (publication.edit_state, publication.edit_error_code) == (E.NONE, "")


def test_an_edit_refused_says_why_once_and_retry_goes_again(make_post, telegram, network, world):
    post = _published(make_post, network, "telegram")
    network.expect_ordered_request(tg("editMessageText"), method="POST").respond_with_json(
        {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
    )
    network.expect_ordered_request(tg("editMessageText"), method="POST").respond_with_json(
        telegram_message()
    )
    press = world.users["press"]
    _save(post, press)
    services.publish_due()
    services.publish_due()
    publication = Publication.objects.get()
    assert (publication.edit_state, publication.edit_error_code) == (E.FAILED, "token_expired")
    with translation.override("ru"):
        assert "подключите страницу заново" in publication.edit_error
    told = Notification.objects.filter(user=press, key__startswith="publication-edit-failed")
    assert told.count() == 1
    assert "Unauthorized" not in told.get().body
    assert calls(network, tg("editMessageText")) == 1

    services.publication_update_text(publication=publication, user=press)  # «Повторить»
    services.publish_due()
    publication.refresh_from_db()
    assert (publication.edit_state, publication.edit_error_code) == (E.NONE, "")
    assert calls(network, tg("editMessageText")) == 2


def test_a_caption_over_telegrams_limit_is_refused_before_any_call(
    make_post, telegram, network, world
):
    post = make_post("telegram", image="card")
    _sent_by_hand(post, "telegram", telegram, network_id=f"{TG_CHAT}:501")
    long = "Қазақ тілі " * 100  # 1099 characters once trimmed: over a caption's 1024
    _save(post, world.users["press"], text=long)
    services.publish_due()
    publication = Publication.objects.get()
    assert (publication.edit_state, publication.edit_error_code) == (E.FAILED, "text_too_long")
    assert publication.edit_error_params == {"length": 1099, "limit": 1024}
    with translation.override("ru"):
        assert "1099" in publication.edit_error and "1024" in publication.edit_error
    assert not network.log


def test_instagram_captions_are_left_to_people(make_post, instagram, network, world, client_for):
    post = make_post("instagram", image="card")
    _sent_by_hand(
        post, "instagram", instagram, network_id="m-1", permalink="https://www.instagram.com/p/A/"
    )
    _save(post, world.users["press"])
    services.publish_due()
    assert Publication.objects.get().edit_state == E.MANUAL
    assert not network.log
    page = client_for(world.users["press"]).get(
        reverse("publishing:post", args=[post.pk]), HTTP_HX_REQUEST="true"
    )
    assert "Instagram не даёт порталу изменить подпись" in page.content.decode()


class WorkerDied(Exception):
    pass


def test_an_edit_whose_worker_died_is_made_by_a_later_run(
    make_post, telegram, network, world, monkeypatch
):
    post = _published(make_post, network, "telegram")
    network.expect_request(tg("editMessageText"), method="POST").respond_with_json(
        telegram_message()
    )
    _save(post, world.users["press"])
    start = timezone.now()
    with monkeypatch.context() as patch:

        def die(**kwargs):
            raise WorkerDied

        patch.setattr(TELEGRAM, "edit", die)
        with pytest.raises(WorkerDied):
            services.edit_attempt(publication_id=Publication.objects.get().pk, now=start)
    assert Publication.objects.get().edit_state == E.EDITING
    services.publish_due(now=start + datetime.timedelta(minutes=1))  # still its worker's
    assert not calls(network, tg("editMessageText"))
    services.publish_due(now=start + datetime.timedelta(minutes=11))
    assert calls(network, tg("editMessageText")) == 1
    assert Publication.objects.get().edit_state == E.NONE


def test_a_text_saved_during_an_edit_goes_next(make_post, telegram, network, world, monkeypatch):
    post = _published(make_post, network, "telegram")
    sent = []
    real_edit = TELEGRAM.edit

    def edit(**kwargs):
        sent.append(kwargs["text"])
        if len(sent) == 1:  # the press secretary saves once more meanwhile
            _save(PlannedPost.objects.get(pk=post.pk), world.users["press"], text="Третий текст")
        return real_edit(**kwargs)

    monkeypatch.setattr(TELEGRAM, "edit", edit)
    network.expect_request(tg("editMessageText"), method="POST").respond_with_json(
        telegram_message()
    )
    _save(post, world.users["press"])
    services.publish_due()
    assert Publication.objects.get().edit_state == E.WAITING  # not cleared by the older text
    services.publish_due()
    assert sent == [NEW_TEXT, "Третий текст"]
    assert Publication.objects.get().edit_state == E.NONE


def test_a_text_saved_while_the_post_is_being_sent_is_edited_after(
    make_post, telegram, network, world, monkeypatch
):
    post = make_post("telegram")
    real_publish = TELEGRAM.publish

    def publish(**kwargs):
        _save(PlannedPost.objects.get(pk=post.pk), world.users["press"])  # during the call
        return real_publish(**kwargs)

    monkeypatch.setattr(TELEGRAM, "publish", publish)
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    network.expect_request(tg("editMessageText"), method="POST").respond_with_json(
        telegram_message()
    )
    services.publish_due(now=moment(0))
    publication = Publication.objects.get()
    assert (publication.state, publication.edit_state) == (S.SENT, E.WAITING)
    services.publish_due()
    services.publish_due()
    edits = [json.loads(r.data)["text"] for r, _ in network.log if "editMessage" in r.path]
    assert edits == [NEW_TEXT]
    assert Publication.objects.get().edit_state == E.NONE


def test_the_panel_shows_each_networks_edit(make_post, telegram, facebook, world, client_for):
    post = make_post("telegram", "facebook_page")
    tg_pub = _sent_by_hand(post, "telegram", telegram, network_id=f"{TG_CHAT}:5")
    fb_pub = _sent_by_hand(post, "facebook_page", facebook, network_id=f"{FB_PAGE}_5")
    Publication.objects.filter(pk=tg_pub.pk).update(edit_state=E.WAITING)
    Publication.objects.filter(pk=fb_pub.pk).update(
        edit_state=E.FAILED, edit_error_code="no_permission", edit_error_params={"error": 200}
    )
    page = client_for(world.users["press"]).get(
        reverse("publishing:post", args=[post.pk]), HTTP_HX_REQUEST="true"
    )
    text = page.content.decode()
    assert "текст обновляется" in text
    assert "текст не обновлён в сети:" in text and "ошибка сети 200" in text
    assert text.count('data-testid="update-on-network"') == 1  # «Повторить» where it failed
    Publication.objects.filter(pk=fb_pub.pk).update(edit_state=E.NONE, edited_at=moment(65))
    page = client_for(world.users["press"]).get(
        reverse("publishing:post", args=[post.pk]), HTTP_HX_REQUEST="true"
    )
    assert "текст обновлён в сети в 19:05" in page.content.decode()


def test_others_cannot_ask_for_an_edit(make_post, telegram, network, world):
    _published(make_post, network, "telegram")
    with pytest.raises(Refused):
        services.publication_update_text(
            publication=Publication.objects.get(), user=world.users["chair"]
        )
    assert Publication.objects.get().edit_state == E.NONE


# --- Deleting from the plan, and from the networks ----------------------------------------------


def _delete(client, post, **data):
    return client.post(
        reverse("contentplan:post_delete", args=[post.pk]),
        {"version": post.version, **data},
        HTTP_HX_REQUEST="true",
    )


def _expect_deletions(network):
    network.expect_request(tg("deleteMessage"), method="POST").respond_with_json(
        {"ok": True, "result": True}
    )
    network.expect_request(FB_POST, method="DELETE").respond_with_json({"success": True})


def test_deleting_a_published_post_asks_first(
    make_post, telegram, facebook, network, world, client_for
):
    post = _published(make_post, network, "telegram", "facebook_page")
    answer = _delete(client_for(world.users["press"]), post)
    page = answer.content.decode()
    assert answer.status_code == 200
    assert PlannedPost.objects.filter(pk=post.pk).exists()
    assert 'data-testid="delete-question"' in page
    assert "Удалить и из сетей" in page and "Только из плана" in page
    assert "https://t.me/vko_profsoyuz/501" in page
    assert "https://www.facebook.com/vko/posts/8" in page
    assert not calls(network, tg("deleteMessage"))


def test_deleting_from_the_networks_too(make_post, telegram, facebook, network, world, client_for):
    post = _published(make_post, network, "telegram", "facebook_page")
    _expect_deletions(network)
    answer = _delete(client_for(world.users["press"]), post, networks="delete")
    assert answer.status_code == 200
    assert not PlannedPost.objects.filter(pk=post.pk).exists()
    # The wish outlives the post, with its region and title, in the same transaction.
    left = list(Publication.objects.values_list("post", "state", "region", "title"))
    assert left == [(None, S.DELETING, world.region.pk, post.title)] * 2
    # The task is lost (no worker here): the minute's run deletes them.
    services.publish_due()
    services.publish_due()
    assert calls(network, tg("deleteMessage")) == 1
    assert json.loads(next(r.data for r, _ in network.log if r.path == tg("deleteMessage"))) == {
        "chat_id": TG_CHAT,
        "message_id": 501,
    }
    assert calls(network, FB_POST, "DELETE") == 1
    assert set(Publication.objects.values_list("state", flat=True)) == {S.DELETED}


def test_deleting_only_from_the_plan(make_post, telegram, facebook, network, world, client_for):
    post = _published(make_post, network, "telegram", "facebook_page")
    answer = _delete(client_for(world.users["press"]), post, networks="keep")
    assert answer.status_code == 200
    assert not PlannedPost.objects.filter(pk=post.pk).exists()
    assert not Publication.objects.exists()
    services.publish_due()
    assert not calls(network, tg("deleteMessage")) and not calls(network, FB_POST, "DELETE")


def test_instagram_is_deleted_by_hand_with_its_link(
    make_post, instagram, network, world, client_for
):
    post = make_post("instagram", image="card")
    link = "https://www.instagram.com/p/ABC/"
    _sent_by_hand(post, "instagram", instagram, network_id="m-1", permalink=link)
    client = client_for(world.users["press"])
    page = _delete(client, post).content.decode()
    assert "удалите его вручную" in page and link in page
    assert 'data-testid="delete-from-networks"' not in page  # nothing for the portal to delete
    done = _delete(client, post, networks="keep").content.decode()
    assert not PlannedPost.objects.filter(pk=post.pk).exists()
    assert link in done
    assert not network.log


def test_a_post_never_published_is_deleted_without_a_question(make_post, world, client_for):
    post = make_post("telegram")
    answer = _delete(client_for(world.users["press"]), post)
    assert answer.status_code == 200
    assert not PlannedPost.objects.filter(pk=post.pk).exists()


@pytest.mark.parametrize("answer", ["<script>alert(1)</script>", "delete' OR 1=1", "x" * 5000])
def test_a_hostile_answer_changes_nothing(make_post, telegram, network, world, client_for, answer):
    post = _published(make_post, network, "telegram")
    response = _delete(client_for(world.users["press"]), post, networks=answer)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    assert PlannedPost.objects.filter(pk=post.pk).exists()
    assert Publication.objects.get().state == S.SENT


def _bulk(client, posts, **data):
    return client.post(
        reverse("contentplan:bulk"),
        {"action": "delete", "posts": [f"{p.pk}:{p.version}" for p in posts], **data},
        follow=True,
    )


def test_bulk_delete_asks_one_answer_for_all(
    make_post, telegram, facebook, network, world, client_for
):
    published = _published(make_post, network, "telegram", "facebook_page")
    plain = make_post("telegram")
    plain.refresh_from_db()
    client = client_for(world.users["press"])
    page = _bulk(client, [published, plain]).content.decode()
    assert "удалять ли его и из сетей" in page
    assert PlannedPost.objects.count() == 2
    _expect_deletions(network)
    _bulk(client, [published, plain], networks="delete")
    assert not PlannedPost.objects.exists()
    services.publish_due()
    assert calls(network, tg("deleteMessage")) == 1 and calls(network, FB_POST, "DELETE") == 1


def test_bulk_delete_only_from_the_plan_tells_of_instagram(
    make_post, telegram, instagram, network, world, client_for
):
    post = _published(make_post, network, "telegram")
    link = "https://www.instagram.com/p/XYZ/"
    other = make_post("instagram")
    other.refresh_from_db()
    _sent_by_hand(other, "instagram", instagram, network_id="m-2", permalink=link)
    page = _bulk(client_for(world.users["press"]), [post, other], networks="keep").content.decode()
    assert not PlannedPost.objects.exists() and not Publication.objects.exists()
    assert link in page
    services.publish_due()
    assert not calls(network, tg("deleteMessage"))


# --- The deletion's task: retries, refusals, exactly one call ----------------------------------


def _deleting(make_post, network, world, *codes):
    post = _published(make_post, network, *codes)
    from contentplan import services as plan_services

    plan_services.post_delete(
        post=post, user=world.users["press"], version=post.version, networks="delete"
    )
    return Publication.objects.get()


def test_the_task_run_twice_deletes_once(make_post, telegram, network, world):
    publication = _deleting(make_post, network, world, "telegram")
    network.expect_request(tg("deleteMessage"), method="POST").respond_with_json(
        {"ok": True, "result": True}
    )
    assert tasks.publication_delete_task(publication.pk) == S.DELETED
    assert tasks.publication_delete_task(publication.pk) == ""
    services.publish_due()
    assert calls(network, tg("deleteMessage")) == 1


def test_an_album_is_deleted_whole(make_post, telegram, network, world):
    publication = _deleting(make_post, network, world, "telegram")
    Publication.objects.filter(pk=publication.pk).update(album=["502", "503"])
    network.expect_request(tg("deleteMessages"), method="POST").respond_with_json(
        {"ok": True, "result": True}
    )
    tasks.publication_delete_task(publication.pk)
    sent = json.loads(next(r.data for r, _ in network.log if r.path == tg("deleteMessages")))
    assert sent == {"chat_id": TG_CHAT, "message_ids": [501, 502, 503]}
    assert not calls(network, tg("deleteMessage"))
    assert Publication.objects.get().state == S.DELETED


def test_a_message_already_gone_counts_as_deleted(make_post, telegram, network, world):
    publication = _deleting(make_post, network, world, "telegram")
    network.expect_request(tg("deleteMessage"), method="POST").respond_with_json(
        {"ok": False, "error_code": 400, "description": "Bad Request: message to delete not found"},
        status=400,
    )
    tasks.publication_delete_task(publication.pk)
    publication.refresh_from_db()
    assert (publication.state, publication.error_code) == (S.DELETED, "")
    assert not Notification.objects.filter(key__startswith="publication-kept").exists()


def test_a_deletion_is_retried_then_a_refusal_tells_press_in_plain_words(
    make_post, telegram, network, world
):
    publication = _deleting(make_post, network, world, "telegram")
    network.expect_ordered_request(tg("deleteMessage"), method="POST").respond_with_json(
        {"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502
    )
    network.expect_ordered_request(tg("deleteMessage"), method="POST").respond_with_json(
        {"ok": False, "error_code": 400, "description": "Bad Request: message can't be deleted"},
        status=400,
    )
    start = timezone.now()
    assert services.deletion_attempt(publication_id=publication.pk, now=start) == S.DELETING
    publication.refresh_from_db()
    assert publication.next_attempt_at == start + datetime.timedelta(minutes=1)
    services.publish_due(now=start + datetime.timedelta(seconds=59))
    assert calls(network, tg("deleteMessage")) == 1
    services.publish_due(now=start + datetime.timedelta(minutes=1))
    services.publish_due(now=start + datetime.timedelta(minutes=30))
    assert calls(network, tg("deleteMessage")) == 2
    publication.refresh_from_db()
    assert (publication.state, publication.error_code) == (S.KEPT, "cannot_delete")
    told = Notification.objects.get(user=world.users["press"], key__startswith="publication-kept")
    assert "48 часов" in told.body
    assert "https://t.me/vko_profsoyuz/501" in told.body
    assert "can't be deleted" not in told.body
    assert told.url == ""  # the post is gone from the plan; the address is in the words


def test_deletion_gives_up_after_an_hour_of_rate_limits(make_post, facebook, network, world):
    publication = _deleting(make_post, network, world, "facebook_page")
    network.expect_request(FB_POST, method="DELETE").respond_with_json(
        {"error": {"code": 4, "message": "Application request limit reached"}}, status=400
    )
    start, minute = timezone.now(), 0
    for _ in range(20):
        services.publish_due(now=start + datetime.timedelta(minutes=minute))
        publication.refresh_from_db()
        if publication.state != S.DELETING:
            break
        minute = (publication.next_attempt_at - start).total_seconds() / 60
    assert publication.state == S.KEPT
    assert calls(network, FB_POST, "DELETE") == publication.attempts > 3
    assert Notification.objects.filter(key__startswith="publication-kept").count() == 1


def test_a_deletion_whose_worker_died_is_made_by_a_later_run(
    make_post, telegram, network, world, monkeypatch
):
    publication = _deleting(make_post, network, world, "telegram")
    network.expect_request(tg("deleteMessage"), method="POST").respond_with_json(
        {"ok": True, "result": True}
    )
    start = timezone.now()
    with monkeypatch.context() as patch:

        def die(**kwargs):
            raise WorkerDied

        patch.setattr(TELEGRAM, "delete", die)
        with pytest.raises(WorkerDied):
            services.deletion_attempt(publication_id=publication.pk, now=start)
    services.publish_due(now=start + datetime.timedelta(minutes=1))  # still its worker's
    assert not calls(network, tg("deleteMessage"))
    services.publish_due(now=start + datetime.timedelta(minutes=11))
    assert calls(network, tg("deleteMessage")) == 1
    assert Publication.objects.get().state == S.DELETED


def test_the_publications_delete_button_takes_the_same_path(
    make_post, telegram, network, world, client_for
):
    post = _published(make_post, network, "telegram")
    publication = Publication.objects.get()
    client = client_for(world.users["press"])
    answer = client.post(
        reverse("publishing:delete", args=[publication.pk]), HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    assert "удаляется из сети" in answer.content.decode()
    assert Publication.objects.get().state == S.DELETING
    network.expect_request(tg("deleteMessage"), method="POST").respond_with_json(
        {"ok": False, "error_code": 403, "description": "Forbidden: not enough rights"},
        status=403,
    )
    services.publish_due()
    page = client.get(reverse("publishing:post", args=[post.pk]), HTTP_HX_REQUEST="true")
    assert "не удалён из сети" in page.content.decode()
    # «Повторить» asks again; this time the message is gone.
    network.clear()
    network.expect_request(tg("deleteMessage"), method="POST").respond_with_json(
        {"ok": True, "result": True}
    )
    client.post(reverse("publishing:retry", args=[publication.pk]), HTTP_HX_REQUEST="true")
    services.publish_due()
    assert Publication.objects.get().state == S.DELETED
    assert PublicationText.objects.filter(post=post).exists()  # the post stays in the plan


def test_bulk_delete_of_another_regions_post_changes_nothing(
    make_post, telegram, network, world, client_for
):
    from contentplan.tests.factories import PlanFactory, PostFactory

    own = _published(make_post, network, "telegram")
    theirs = PostFactory(plan=PlanFactory(region=world.other_region, month=own.plan.month))
    _bulk(client_for(world.users["press"]), [own, theirs], networks="delete")
    assert PlannedPost.objects.filter(pk__in=[own.pk, theirs.pk]).count() == 2
    assert Publication.objects.get().state == S.SENT
    services.publish_due()
    assert not calls(network, tg("deleteMessage"))


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_edits_then_deletes_after_the_commit(
    make_post, telegram, network, world, settings, monkeypatch, redis_available
):
    """The tasks go by name through Redis to a real worker once the save and the
    delete commit; each makes its one call."""
    import time

    from conftest import running_worker
    from contentplan import services as plan_services

    post = _published(make_post, network, "telegram")
    network.expect_request(tg("editMessageText"), method="POST").respond_with_json(
        telegram_message()
    )
    network.expect_request(tg("deleteMessage"), method="POST").respond_with_json(
        {"ok": True, "result": True}
    )
    for name in ("TELEGRAM_API_URL", "GRAPH_API_URL", "CHANNELS_KEY", "SITE_URL"):
        monkeypatch.setenv(name, str(getattr(settings, name)))

    def until(condition):
        deadline = time.monotonic() + 60
        while not condition():
            assert time.monotonic() < deadline, "the worker did not do it in a minute"
            time.sleep(0.2)

    with running_worker(redis_available) as worker:
        settings.PUBLISHING_TASK_QUEUE = worker.queue
        _save(post, world.users["press"])
        until(lambda: Publication.objects.get().edit_state == E.NONE)
        assert calls(network, tg("editMessageText")) == 1
        post.refresh_from_db()
        plan_services.post_delete(
            post=post, user=world.users["press"], version=post.version, networks="delete"
        )
        until(lambda: Publication.objects.get().state == S.DELETED)
    assert calls(network, tg("deleteMessage")) == 1
    assert Publication.objects.get().post_id is None
