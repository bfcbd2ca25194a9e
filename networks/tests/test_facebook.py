"""The Facebook client against a loopback Graph API: its pace and its secrecy."""

from __future__ import annotations

import time

import pytest

import networks
from networks import Limits
from networks.base import Page
from networks.errors import NetworkError

from .conftest import GRAPH, PAGE_TOKEN, graph_error

PAGE_ID = "104512345678901"
FACEBOOK = networks.get("facebook_page")


def test_high_app_usage_makes_the_run_pause(network, settings):
    """Above 95 % of the app's budget the next call of the run waits first,
    even a call of another operation (the budget is the app's)."""
    from django.utils import timezone

    settings.CHANNELS_MAX_WAIT_SECONDS = 0.4
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(
        {"followers_count": 1}, headers={"x-app-usage": '{"call_count":97,"total_time":20}'}
    )
    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_json({"data": []})
    page, limits = Page("", PAGE_ID), Limits()
    started = time.monotonic()
    assert FACEBOOK.measure(token=PAGE_TOKEN, page=page, limits=limits) == 1
    assert time.monotonic() - started < 0.4  # the first call did not wait
    FACEBOOK.list_posts(token=PAGE_TOKEN, page=page, now=timezone.now(), limits=limits)
    assert time.monotonic() - started >= 0.4


def test_an_error_never_quotes_the_token(network):
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(
        graph_error(200, f"Bad token {PAGE_TOKEN}"), status=403
    )
    with pytest.raises(NetworkError) as raised:
        FACEBOOK.measure(token=PAGE_TOKEN, page=Page("", PAGE_ID))
    assert PAGE_TOKEN not in str(raised.value)
    assert PAGE_TOKEN not in repr(raised.value)


GRAPH_ANSWERS = [
    (graph_error(200, "(#200) Permissions error"), 403, "no_permission"),
    (graph_error(10, "(#10) Application does not have permission"), 400, "no_permission"),
    (graph_error(190, "Error validating access token"), 400, "token_expired"),
    (graph_error(100, "Object with ID does not exist", 33), 400, "not_found"),
    (graph_error(803, "Some of the aliases you requested do not exist"), 400, "not_found"),
    (graph_error(100, "Invalid parameter"), 400, "refused"),
]


@pytest.mark.parametrize(("body", "status", "code"), GRAPH_ANSWERS)
def test_one_answer_one_code_measuring_or_publishing(network, body, status, code):
    """Measuring and publishing read a Graph error alike (they had two readers
    that disagreed on 100 and on the permission codes)."""
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(body, status=status)
    network.expect_request(f"{GRAPH}/{PAGE_ID}/feed").respond_with_json(body, status=status)
    page = Page("", PAGE_ID)
    with pytest.raises(NetworkError) as measuring:
        FACEBOOK.measure(token=PAGE_TOKEN, page=page)
    with pytest.raises(NetworkError) as publishing:
        FACEBOOK.publish(token=PAGE_TOKEN, page=page, text="Новость", images=[])
    assert measuring.value.code == publishing.value.code == code
