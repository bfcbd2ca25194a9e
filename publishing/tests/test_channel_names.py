"""The networks' names in the post's publishing block and on the calendar's chips
follow the reader's language (issue 32, item 6): «Facebook (страница области)»
is Russian only."""

from __future__ import annotations

import pytest
from django.urls import reverse

NAMES = {
    "ru": "Facebook (страница области)",
    "kk": "Facebook (облыс парақшасы)",
    "en": "Facebook (regional page)",
}


@pytest.mark.parametrize("language", ["kk", "en"])
def test_the_post_and_its_chip_name_the_network_in_the_language(
    client, settings, world, make_post, facebook, language
):
    post = make_post("facebook_page")
    client.force_login(world.users["press"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(post.get_absolute_url()).content.decode()
    assert NAMES[language] in page
    assert NAMES["ru"] not in page
    month = reverse("contentplan:calendar", args=[post.date.year, post.date.month])
    calendar = client.get(month).content.decode()
    assert NAMES[language] in calendar
    assert NAMES["ru"] not in calendar
