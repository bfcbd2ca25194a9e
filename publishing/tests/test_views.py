"""The post's publication panel (previews, counters, warnings in Russian and
Kazakh), the signed image addresses, the chips' states and query counts."""

from __future__ import annotations

import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contentplan.models import Channel
from publishing import media, selectors, texts
from publishing.models import Publication, PublicationText, PublicationVariant

KAZAKH = "Қазақстан мұғалімдерінің кәсіподағы ұйымдастырған жиын өтті. " * 20


def panel(client, post, language="ru"):
    client.post(reverse("set_language"), {"language": language})
    return client.get(reverse("publishing:post", args=[post.pk]), HTTP_HX_REQUEST="true")


def test_previews_count_and_warn_in_russian(
    make_post, telegram, facebook, instagram, world, client_for
):
    post = make_post("telegram", "facebook_page", "instagram", "aitu", text=KAZAKH, image="card")
    answer = panel(client_for(world.users["press"]), post)
    page = answer.content.decode()
    length = texts.units(KAZAKH.strip())
    assert length == len(KAZAKH.strip()) > 1024  # one unit a letter, Kazakh letters too
    # Under a photo Telegram takes 1024, Instagram 2200 (less the marker's room).
    assert f"{length} / 1024" in page
    assert f"{length} / {texts.INSTAGRAM_CAPTION - texts.MARKER_SPACE}" in page
    assert f"Подпись к фото вмещает 1024 знаков, а в этой {length}" in page
    # Instagram's feed cuts the caption after 125 characters, behind «ещё».
    assert KAZAKH[:125].rstrip() in page
    assert "… ещё" in page
    assert "publishing-frame-square" in page and "publishing-frame-wide" in page
    # Aitu has no API: by hand, as before.
    assert "Вручную" in page and "Aitu" in page
    assert "Скопировать текст" in page and "Скачать карточку" in page


def test_previews_warn_in_kazakh(make_post, instagram, world, client_for):
    post = make_post("instagram", text="", image="none")
    page = panel(client_for(world.users["press"]), post, "kk").content.decode()
    assert "Instagram тек суретпен жариялайды" in page
    assert "Жариялау мәтіні әлі жоқ" in page


def test_an_emoji_counts_twice_as_telegram_counts_it(make_post):
    assert texts.units("Сәлем 👋") == 8


def test_the_press_secretary_saves_the_text_and_a_variant(make_post, telegram, world, client_for):
    post = make_post("telegram")
    client = client_for(world.users["press"])
    answer = client.post(
        reverse("publishing:post", args=[post.pk]),
        {"text": "Общий текст", "telegram": "Текст для Telegram", "image": "none"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    post.publication_text.refresh_from_db()
    assert post.publication_text.for_network("telegram") == "Текст для Telegram"
    assert post.publication_text.for_network("facebook_page") == "Общий текст"
    assert "Текст публикации сохранён" in answer.content.decode()


def test_a_networks_own_words_are_a_row_keyed_by_its_code(make_post, telegram, world, client_for):
    post = make_post("telegram", "instagram")
    client = client_for(world.users["press"])
    address = reverse("publishing:post", args=[post.pk])
    words = {"text": "Общий", "telegram": "Для Telegram", "instagram": "Для Instagram"}
    client.post(address, {**words, "image": "none"}, HTTP_HX_REQUEST="true")
    rows = PublicationVariant.objects.filter(text__post=post)
    assert set(rows.values_list("network", "body")) == {
        ("telegram", "Для Telegram"),
        ("instagram", "Для Instagram"),
    }
    assert ">Для Instagram</textarea>" in client.get(address).content.decode()
    client.post(address, {**words, "telegram": " ", "image": "none"}, HTTP_HX_REQUEST="true")
    assert set(rows.values_list("network", flat=True)) == {"instagram"}
    assert PublicationText.objects.get(post=post).for_network("telegram") == "Общий"


def test_a_bad_image_choice_changes_nothing(make_post, telegram, world, client_for):
    post = make_post("telegram", text="Было")
    answer = client_for(world.users["press"]).post(
        reverse("publishing:post", args=[post.pk]), {"text": "Стало", "image": "<script>"}
    )
    assert answer.status_code == 400
    post.publication_text.refresh_from_db()
    assert post.publication_text.text == "Было"


def test_the_post_panel_loads_the_publication_part(make_post, world, client_for):
    post = make_post("telegram")
    page = client_for(world.users["chair"]).get(reverse("contentplan:post_detail", args=[post.pk]))
    assert f'hx-get="{reverse("publishing:post", args=[post.pk])}"' in page.content.decode()


def test_the_signed_image_address_works_then_expires(db, client, settings, monkeypatch):
    name = default_storage.save("brand/cards/test/square-x.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    address = media.address(name).removeprefix(settings.SITE_URL)
    assert name not in address  # the storage name is not readable in it
    assert client.get(address).status_code == 200
    tampered = address[:-3] + ("a" if address[-3] != "a" else "b") + address[-2:]
    assert client.get(tampered).status_code == 404
    later = time.time() + settings.PUBLISHING_MEDIA_SECONDS + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.get(address).status_code == 404
    default_storage.delete(name)


def test_states_for_posts_in_one_query(make_post, telegram, facebook, django_assert_num_queries):
    first, second = make_post("telegram", "facebook_page"), make_post("telegram")
    telegram_channel = Channel.objects.get(code="telegram")
    facebook_channel = Channel.objects.get(code="facebook_page")
    Publication.objects.create(post=first, channel=telegram_channel, state="sent")
    Publication.objects.create(post=first, channel=facebook_channel, state="sending")
    Publication.objects.create(post=second, channel=telegram_channel, state="unknown")
    with django_assert_num_queries(1):
        states = selectors.states_for_posts([first.pk, second.pk])
    assert states == {
        first.pk: {"telegram": "sent", "facebook_page": "waiting"},
        second.pk: {"telegram": "unknown"},
    }


def _count(client, post) -> int:
    with CaptureQueriesContext(db) as queries:
        answer = client.get(reverse("publishing:post", args=[post.pk]), HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    return len(queries)


# The text's networks' own words are one query of their own.
@pytest.mark.parametrize(("role", "pinned"), [("press", 11), ("central", 11)])
def test_the_panel_does_not_grow_with_networks_and_publications(
    make_post, telegram, facebook, instagram, world, client_for, role, pinned
):
    client = client_for(world.users[role])
    small = make_post("telegram", text="Короткий текст")
    large = make_post("telegram", "facebook_page", "instagram", "aitu", "newspaper", "website")
    for channel in large.channels.all()[:3]:
        Publication.objects.create(
            post=large, channel=channel, state="failed", error_code="refused"
        )
    assert (_count(client, small), _count(client, large)) == (pinned, pinned)


def test_the_metrics_count_failed_and_unknown_publications(make_post, client, settings):
    settings.METRICS_TOKEN = "metrics-token-for-the-test"
    settings.METRICS_ALLOWED_IPS = []
    telegram_channel = Channel.objects.get(code="telegram")
    facebook_channel = Channel.objects.get(code="facebook_page")
    first, second = make_post("telegram", "facebook_page"), make_post("telegram")
    Publication.objects.create(post=first, channel=telegram_channel, state="failed")
    Publication.objects.create(post=first, channel=facebook_channel, state="unknown")
    Publication.objects.create(post=second, channel=telegram_channel, state="failed")
    body = client.get(
        reverse("metrics"), HTTP_AUTHORIZATION="Bearer metrics-token-for-the-test"
    ).content.decode()
    lines = dict(
        line.split(" ", 1) for line in body.splitlines() if line.startswith("profinfo_pub")
    )
    assert float(lines["profinfo_publications_failed"]) == 2
    assert float(lines["profinfo_publications_unknown"]) == 1
