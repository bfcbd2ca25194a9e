"""A database whose Facebook page's channel is still `facebook` (contentplan
0008, publishing 0005) keeps every row when the channel takes its network's
code, `facebook_page` (contentplan 0009, publishing 0006): the channel keeps
its id, so posts and publications keep pointing at it, and a network's own
words follow the code. Reversed, it is all as it was."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contentplan.models import Channel, PlannedPost
from publishing.models import Publication, PublicationText, PublicationVariant

OLD = [
    ("contentplan", "0008_calendar_views_campaigns"),
    ("publishing", "0005_remove_publication_text_columns"),
]


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _latest():
    graph = MigrationExecutor(connection).loader.graph
    return [(app, graph.leaf_nodes(app)[0][1]) for app in ("contentplan", "publishing")]


def _rows() -> dict:
    """Every row the rename could touch, as plain values."""
    links = PlannedPost.channels.through.objects
    return {
        "channels": sorted(Channel.objects.values_list("pk", "code", "name", "position")),
        "links": sorted(links.values_list("pk", "plannedpost_id", "channel_id")),
        "variants": sorted(
            PublicationVariant.objects.values_list("pk", "text_id", "network", "body")
        ),
        "publications": sorted(
            Publication.objects.values_list("pk", "post_id", "channel_id", "state")
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_the_facebook_pages_channel_takes_its_networks_code_forward_and_back(make_post):
    latest = _latest()
    assert dict(latest) != dict(OLD)
    post = make_post("telegram", "facebook_page", "instagram", text="Общий текст.")
    other = make_post("facebook_page", text="Ещё один.")
    try:
        _migrate(OLD)
        facebook = Channel.objects.get(code="facebook")
        assert not Channel.objects.filter(code="facebook_page").exists()
        # Rows written the old way: words and a publication on `facebook`.
        for text, network, body in (
            (post.publication_text, "facebook", "Только для Facebook"),
            (post.publication_text, "telegram", "Только для Telegram"),
            (PublicationText.objects.get(post=other), "facebook", "Для страницы"),
        ):
            PublicationVariant.objects.create(text=text, network=network, body=body)
        Publication.objects.create(post=post, channel=facebook, state=Publication.State.SENT)
        before = _rows()

        _migrate(latest)
        after = _rows()
        renamed = {"facebook": "facebook_page"}
        assert after["channels"] == [
            (pk, renamed.get(code, code), name, position)
            for pk, code, name, position in before["channels"]
        ]
        assert Channel.objects.get(code="facebook_page").pk == facebook.pk
        assert after["links"] == before["links"]
        assert after["publications"] == before["publications"]
        assert after["variants"] == [
            (pk, text, renamed.get(network, network), body)
            for pk, text, network, body in before["variants"]
        ]
        words = PublicationText.objects.get(post=post)
        assert words.for_network("facebook_page") == "Только для Facebook"
        assert post.channels.filter(code="facebook_page").exists()

        _migrate(OLD)
        assert _rows() == before
    finally:
        _migrate(latest)
