"""The role × URL matrix of publishing: who reads a post sees its publication;
only the region's press secretary writes its text, repeats and confirms."""

from __future__ import annotations

from django.urls import reverse

from contentplan.tests.url_cases import post
from portal.tests.url_cases import Case, everyone, logged_in


def publication(world, *, other: bool = False):
    from contentplan.models import Channel
    from contentplan.seed import load_channels
    from publishing.models import Publication

    load_channels()  # a test on a live database may have emptied the table
    found, _created = Publication.objects.get_or_create(
        post=post(world, other=other),
        channel=Channel.objects.get(code="telegram"),
        defaults={"state": Publication.State.SENT},
    )
    return found


def for_post(name: str, *, other: bool = False):
    return lambda world: reverse(name, args=[post(world, other=other).pk])


def for_publication(name: str, *, other: bool = False):
    return lambda world: reverse(name, args=[publication(world, other=other).pk])


OTHER = logged_in(404, central=200)
WRITE = logged_in(403, press=302)
OTHER_WRITE = logged_in(404, central=403)

CASES = [
    Case("publishing:post", for_post("publishing:post"), logged_in(), label="own"),
    Case("publishing:post", for_post("publishing:post", other=True), OTHER, label="other region"),
    Case(
        "publishing:post",
        for_post("publishing:post"),
        WRITE,
        method="post",
        data={"text": "Текст публикации", "image": "auto"},
        label="save",
    ),
    Case(
        "publishing:post",
        for_post("publishing:post", other=True),
        OTHER_WRITE,
        method="post",
        data={"text": "Текст публикации", "image": "auto"},
        label="save, other region",
    ),
    Case("publishing:retry", for_publication("publishing:retry"), WRITE, method="post"),
    Case(
        "publishing:retry",
        for_publication("publishing:retry", other=True),
        OTHER_WRITE,
        method="post",
        label="other region",
    ),
    Case(
        "publishing:confirm",
        for_publication("publishing:confirm"),
        WRITE,
        method="post",
        data={"published": "1", "url": "https://t.me/vko_profsoyuz/5"},
    ),
    Case(
        "publishing:confirm",
        for_publication("publishing:confirm", other=True),
        OTHER_WRITE,
        method="post",
        label="other region",
    ),
    # Not published (the publication of the matrix has no network id): refused, back to the post.
    Case("publishing:update", for_publication("publishing:update"), WRITE, method="post"),
    Case(
        "publishing:update",
        for_publication("publishing:update", other=True),
        OTHER_WRITE,
        method="post",
        label="other region",
    ),
    Case("publishing:delete", for_publication("publishing:delete"), WRITE, method="post"),
    Case(
        "publishing:delete",
        for_publication("publishing:delete", other=True),
        OTHER_WRITE,
        method="post",
        label="other region",
    ),
    # A forged or expired signature: nothing, for anyone (test_views proves a real one).
    Case(
        "publishing:media",
        lambda world: reverse("publishing:media", args=["forged:1abc:signature"]),
        everyone(404),
    ),
]
