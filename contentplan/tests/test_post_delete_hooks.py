"""A deleted post's derived files (its brand cards, its Instagram squares) go
after the commit; when they cannot, the error is logged and the deletion
answers as usual, done."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse

from brand import cards
from contentplan.models import PlannedPost
from contentplan.tests.factories import PlanFactory, PostFactory
from publishing import media


def test_a_post_is_deleted_even_if_its_files_cannot_be(transactional_db, world, client_for, caplog):
    post = PostFactory(plan=PlanFactory(region=world.region))
    # A file where each folder of the post's files should be: listing it fails.
    for folder in (cards.FOLDER, media.FOLDER):
        path = settings.MEDIA_ROOT / folder / str(post.pk)
        path.parent.mkdir(parents=True)
        path.write_bytes(b"not a folder")
    client = client_for(world.users["press"])
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = client.post(
            reverse("contentplan:post_delete", args=[post.pk]), {"version": post.version}
        )
    assert response.status_code == 302
    assert not PlannedPost.objects.filter(pk=post.pk).exists()
    failed = [r for r in caplog.records if r.exc_info and r.levelno == logging.ERROR]
    assert sorted(type(r.exc_info[1]).__name__ for r in failed) == ["NotADirectoryError"] * 2
