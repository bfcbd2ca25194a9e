"""Telegram's errors, read once for measuring and publishing alike.

Bot API (core.telegram.org/bots/api#making-requests): 401 Unauthorized is a
token Telegram no longer accepts; 403 Forbidden is a valid bot without the
right (removed from the channel, not a member, not an administrator, not
enough rights to post): a permission of the channel's, which making the bot
an administrator again mends with the same token.
"""

from __future__ import annotations

import pytest

import networks
from networks.base import Page
from networks.errors import Kind, NetworkError

from .conftest import BOT_TOKEN, refusal

BOT = f"/bot{BOT_TOKEN}"
CHANNEL = Page("@vko_profsoyuz", "-1001000000001")
TELEGRAM = networks.get("telegram")

FORBIDDEN = [
    "Forbidden: bot is not a member of the channel chat",
    "Forbidden: bot was kicked from the channel chat",
    "Forbidden: bot was blocked by the user",
    "Forbidden: not enough rights to send text messages to the chat",
]


def _measure():
    TELEGRAM.measure(token=BOT_TOKEN, page=CHANNEL)


def _publish():
    TELEGRAM.publish(token=BOT_TOKEN, page=CHANNEL, text="Новость", images=[])


CALLS = [("getChatMemberCount", _measure), ("sendMessage", _publish)]


@pytest.mark.parametrize("description", FORBIDDEN)
@pytest.mark.parametrize(("method", "call"), CALLS)
def test_403_is_a_permission_never_an_expired_token(network, method, call, description):
    network.expect_request(f"{BOT}/{method}").respond_with_json(
        refusal(403, description), status=403
    )
    with pytest.raises(NetworkError) as raised:
        call()
    assert (raised.value.code, raised.value.params) == ("no_permission", {"error": 403})
    assert raised.value.kind == Kind.REFUSED and not raised.value.transient


@pytest.mark.parametrize(("method", "call"), CALLS)
def test_401_is_an_expired_token(network, method, call):
    network.expect_request(f"{BOT}/{method}").respond_with_json(
        refusal(401, "Unauthorized"), status=401
    )
    with pytest.raises(NetworkError) as raised:
        call()
    assert raised.value.code == "token_expired"
    assert raised.value.kind == Kind.TOKEN


def test_a_call_that_publishes_is_made_once_whatever_the_answer(network):
    network.expect_request(f"{BOT}/sendMessage").respond_with_data("", status=502)
    with pytest.raises(NetworkError) as raised:
        _publish()
    assert raised.value.code == "server_error" and raised.value.ambiguous
    assert len(network.log) == 1


def test_a_reading_call_is_tried_again_after_a_server_error(network):
    network.expect_request(f"{BOT}/getChatMemberCount").respond_with_data("", status=502)
    with pytest.raises(NetworkError) as raised:
        _measure()
    assert raised.value.params == {"status": 502, "tries": 4}
    assert len(network.log) == 4


@pytest.mark.parametrize(
    ("account", "external_id", "chat"),
    [
        ("@vko_profsoyuz", "", "@vko_profsoyuz"),
        ("vko_profsoyuz", "", "@vko_profsoyuz"),
        (" -1001000000001 ", "", "-1001000000001"),
        ("@vko_profsoyuz", "-1001000000001", "-1001000000001"),
    ],
)
def test_one_way_to_name_the_chat(account, external_id, chat):
    """The id once a check found it, before that the account: a number as it
    is, a name as @name (measuring and publishing had two rules)."""
    from networks.telegram import chat as chat_of

    assert chat_of(Page(account, external_id)) == chat
