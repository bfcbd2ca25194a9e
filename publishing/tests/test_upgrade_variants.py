"""A database holding per-network texts in columns (publishing 0003) keeps
every one of them as a row keyed by the network's code (0004, 0005), and
gets them back in the columns if the migrations are reversed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from publishing.models import PublicationText, PublicationVariant

OLD = [("publishing", "0003_durable_edit_and_delete")]
WORDS = {
    "telegram": "Только для Telegram: форум перенесён.",
    "instagram": "Для Instagram #профсоюз #ВКО",
}


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _latest():
    return [
        ("publishing", MigrationExecutor(connection).loader.graph.leaf_nodes("publishing")[0][1])
    ]


COLUMNS = ("telegram", "facebook", "instagram")
# The network's code each column's words are keyed by in the end (publishing
# 0006 renamed the Facebook page's, with its channel in contentplan 0009).
CODE_OF = {"telegram": "telegram", "facebook": "facebook_page", "instagram": "instagram"}


def _put_old(post_id: int, words: dict) -> None:
    """Write 0003's columns (its model cannot be rendered alone: SQL does it)."""
    assert set(words) <= set(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publicationtext"
            " SET telegram = %s, facebook = %s, instagram = %s WHERE post_id = %s",
            [*(words.get(column, "") for column in COLUMNS), post_id],
        )


def _old_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, post_id, text, telegram, facebook, instagram, image"
            " FROM publishing_publicationtext ORDER BY id"
        )
        return [tuple(row) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_every_per_network_text_is_kept_forward_and_back(make_post):
    latest = _latest()
    assert latest != OLD
    with_words = make_post("telegram", "facebook_page", "instagram", text="Общий текст.")
    plain = make_post("telegram", text="Только общий текст.")
    all_three = make_post("telegram", "facebook_page", "instagram", text="Ещё один.")
    try:
        _migrate(OLD)
        _put_old(with_words.pk, WORDS)
        every = {"telegram": "Т", "facebook": "Ф", "instagram": "И"}
        _put_old(all_three.pk, every)
        before = _old_rows()

        _migrate(latest)
        texts = {text.post_id: text for text in PublicationText.objects.all()}
        assert len(texts) == len(before) == 3
        rows = set(PublicationVariant.objects.values_list("text__post_id", "network", "body"))
        assert rows == {
            (with_words.pk, CODE_OF[column], body) for column, body in WORDS.items()
        } | {(all_three.pk, CODE_OF[column], body) for column, body in every.items()}
        assert texts[with_words.pk].for_network("telegram") == WORDS["telegram"]
        assert texts[with_words.pk].for_network("facebook_page") == "Общий текст."
        assert texts[plain.pk].for_network("instagram") == "Только общий текст."
        assert {(t.pk, t.post_id, t.text, t.image) for t in texts.values()} == {
            (row[0], row[1], row[2], row[6]) for row in before
        }

        _migrate(OLD)
        assert _old_rows() == before
    finally:
        _migrate(latest)
