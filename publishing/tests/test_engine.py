"""One engine drives publish, edit and delete: each claims once, records a
failure and sweeps what is due the same way."""

from __future__ import annotations

import pytest
from django.utils import timezone

import networks
from contentplan import services as plan_services
from publishing import engine, services
from publishing.models import Publication

from .conftest import FB_PAGE, calls, moment, telegram_message, tg

S = Publication.State
E = Publication.Edit
TELEGRAM = networks.get("telegram")
FB_POST = f"/v26.0/{FB_PAGE}_8"


def _published(make_post, network):
    post = make_post("telegram", "facebook_page")
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


def _breaks(**kwargs):
    raise RuntimeError("the worker's database connection broke")


KINDS = {
    "publish": (S.SENDING, {"state": S.WAITING, "next_attempt_at": moment(0)}),
    "delete": (S.DELETING, {"state": S.DELETING, "next_attempt_at": moment(0)}),
    "edit": (E.EDITING, {"state": S.SENT, "edit_state": E.WAITING, "edit_next_at": moment(0)}),
}


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_is_claimed_by_one_caller(name, make_post, telegram):
    kind = {"publish": services.PUBLISH, "delete": services.DELETE, "edit": services.EDIT}[name]
    busy, fields = KINDS[name]
    post = make_post("telegram")
    publication = Publication.objects.create(
        post=post, channel=post.channels.get(), connection=telegram, **fields
    )
    assert engine.claim(kind, publication.pk, moment(0))
    assert not engine.claim(kind, publication.pk, moment(0))
    publication.refresh_from_db()
    assert getattr(publication, kind.axis) == busy
    assert getattr(publication, kind.columns.attempts) == 1
    assert getattr(publication, kind.columns.first_tried_at) == moment(0)


def test_a_deletion_that_breaks_does_not_hold_up_the_next(
    make_post, telegram, facebook, network, world, monkeypatch
):
    post = _published(make_post, network)
    plan_services.post_delete(
        post=post, user=world.users["press"], version=post.version, networks="delete"
    )
    network.expect_request(FB_POST, method="DELETE").respond_with_json({"success": True})
    monkeypatch.setattr(TELEGRAM, "delete", _breaks)

    run = services.publish_due(now=timezone.now())

    assert run.deletions == {"deleted": 1, "delete_error": 1}
    assert calls(network, FB_POST, "DELETE") == 1
    states = dict(Publication.objects.values_list("channel__code", "state"))
    # The broken one keeps its claim (a lease): a later run tries it again.
    assert states == {"facebook_page": S.DELETED, "telegram": S.DELETING}


def test_an_edit_that_breaks_does_not_hold_up_the_next(
    make_post, telegram, facebook, network, world, monkeypatch
):
    post = _published(make_post, network)
    network.expect_request(FB_POST, method="POST").respond_with_json({"success": True})
    services.text_save(post=post, user=world.users["press"], text="Форум перенесён на пятницу.")
    monkeypatch.setattr(TELEGRAM, "edit", _breaks)

    run = services.publish_due(now=timezone.now())

    assert run.edits == {"edited": 1, "edit_error": 1}
    assert calls(network, FB_POST) == 1
    states = dict(Publication.objects.values_list("channel__code", "edit_state"))
    # The broken one is picked up once its claim is stale, as a dead worker's.
    assert states == {"facebook_page": E.NONE, "telegram": E.EDITING}
