"""The first calendar address does not speak of an old one that never was."""

from django.contrib.messages import get_messages
from django.urls import reverse


def _said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_first_address_and_a_new_one_are_told_apart(world, client_for):
    client = client_for(world.users["press"])
    first = client.post(reverse("contentplan:feed_rotate"))
    (said,) = _said(first)
    assert "добавьте его" in said
    assert "больше не работает" not in said
    client.get(reverse("contentplan:feed_settings"))  # the first message is read
    second = client.post(reverse("contentplan:feed_rotate"))
    (said,) = _said(second)
    assert "старый больше не работает" in said
