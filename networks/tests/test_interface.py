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
    """No network measures reach yet (issue 30 will): asking for it is a
    refusal of the portal's, before any call."""
    for network in networks.REGISTRY.values():
        assert not network.supports(Operation.INSIGHTS)
        with pytest.raises(NetworkError) as raised:
            network.insights(token="t", page=Page("x", "1"), now=timezone.now(), limits=Limits())
        assert raised.value.code == "unsupported"


def test_what_the_portal_relies_on_each_network_for():
    """The operations the services use, network by network."""
    declared = {code: set(network.operations) for code, network in networks.REGISTRY.items()}
    every = {Operation.CHECK}
    assert all(every <= operations for operations in declared.values())
    reading = {Operation.MEASURE, Operation.LIST_POSTS}
    writing = {Operation.PUBLISH, Operation.FIND, Operation.EDIT, Operation.DELETE}
    assert declared["telegram"] == every | {Operation.MEASURE} | writing - {Operation.FIND}
    assert declared["facebook_page"] == every | reading | writing
    assert declared["instagram"] == every | reading | {Operation.PUBLISH, Operation.FIND}
    assert declared["website"] == every | {Operation.LIST_POSTS}
    assert not networks.get("website").needs_token
