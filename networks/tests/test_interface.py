"""Each registered network is what it says it is: the operations it declares are
implemented with the interface's parameters, and none is implemented undeclared."""

from __future__ import annotations

import pytest
from django.utils import timezone

import networks
from networks import Limits
from networks.base import Found, Network, Operation, Page, problems
from networks.errors import NetworkError


@pytest.mark.parametrize("code", list(networks.REGISTRY))
def test_every_registered_network_keeps_the_interface(code):
    network = networks.get(code)
    assert network.code == code
    assert problems(network) == []


def test_each_platform_with_a_network_is_a_platform_of_the_pages():
    from branches.models import SocialPage

    assert set(networks.REGISTRY) <= set(SocialPage.Platform.values)


def test_a_platform_without_a_network_is_not_found():
    with pytest.raises(LookupError):
        networks.get("aitu")


class Forgetful(Network):
    """Declares publishing and deleting, implements only publishing."""

    code = "forgetful"
    name = "Forgetful"
    operations = frozenset({Operation.PUBLISH, Operation.DELETE})

    def publish(self, *, token, page, text, images, draft="", keep_draft=None, limits=None):
        raise AssertionError("never called")


class Secretive(Network):
    """Implements a check it does not declare, with its own parameters."""

    code = "secretive"
    name = "Secretive"

    def check(self, *, token: str, account: str) -> Found:
        raise AssertionError("never called")


def test_a_network_that_declares_what_it_lacks_is_caught():
    assert problems(Forgetful()) == ["forgetful declares delete but does not implement it"]


def test_a_network_that_implements_what_it_does_not_declare_is_caught():
    assert problems(Secretive()) == [
        "secretive implements check but does not declare it",
        "secretive.check takes ['self', 'token', 'account'], "
        "not ['self', 'token', 'page', 'limits']",
    ]


def test_an_operation_not_supported_says_so_and_calls_nothing():
    """A feed has no reach, Telegram no page's day: asking for it is a refusal of
    the portal's, before any call."""
    feed, bot = networks.get("website"), networks.get("telegram")
    assert not feed.supports(Operation.INSIGHTS)
    with pytest.raises(NetworkError) as raised:
        feed.insights(token="t", page=Page("x", "1"), since=timezone.now(), limits=Limits())
    assert raised.value.code == "unsupported"
    assert not bot.supports(Operation.PAGE_DAILY)
    with pytest.raises(NetworkError) as raised:
        bot.page_daily(token="t", page=Page("x", "1"), day=timezone.now().date())
    assert raised.value.code == "unsupported"


class Boastful(Network):
    """Declares reach it cannot read, and reads a page's day with its own parameters."""

    code = "boastful"
    name = "Boastful"
    operations = frozenset({Operation.INSIGHTS, Operation.PAGE_DAILY})

    def page_daily(self, *, token, page, since, limits=None):
        raise AssertionError("never called")


def test_a_network_that_declares_reach_it_lacks_is_caught():
    assert problems(Boastful()) == [
        "boastful declares insights but does not implement it",
        "boastful.page_daily takes ['self', 'token', 'page', 'since', 'limits'], "
        "not ['self', 'token', 'page', 'day', 'limits']",
    ]


def test_what_the_portal_relies_on_each_network_for():
    """The operations the services use, network by network."""
    declared = {code: set(network.operations) for code, network in networks.REGISTRY.items()}
    every = {Operation.CHECK}
    assert all(every <= operations for operations in declared.values())
    reading = {Operation.MEASURE, Operation.LIST_POSTS}
    reach = {Operation.INSIGHTS, Operation.PAGE_DAILY}
    writing = {Operation.PUBLISH, Operation.FIND, Operation.EDIT, Operation.DELETE}
    assert declared["telegram"] == (
        every | {Operation.MEASURE, Operation.INSIGHTS} | writing - {Operation.FIND}
    )
    assert declared["facebook_page"] == every | reading | reach | writing
    assert declared["instagram"] == every | reading | reach | {Operation.PUBLISH, Operation.FIND}
    assert declared["website"] == every | {Operation.LIST_POSTS}
    assert not networks.get("website").needs_token
