"""A network has one name: its code in the `networks` registry is the platform
of its pages (`branches.SocialPage.Platform`) and the code of the plan's
channel that goes out to it (`contentplan.Channel.code`). These keep the three
from drifting apart again."""

from __future__ import annotations

import pytest

import networks
from branches.models import SocialPage
from contentplan import seed
from contentplan.models import Channel

# Channels with no page on any network: copied by hand, never measured.
OFF_LINE = {"newspaper"}


def _codes() -> list[tuple[str, set[str]]]:
    """The plan's channels as the migrations made them, and as the seed ensures them."""
    return [
        ("the migrated channels", set(Channel.objects.values_list("code", flat=True))),
        ("contentplan.seed.CHANNELS", {code for code, _name, _position in seed.CHANNELS}),
    ]


@pytest.mark.django_db
def test_every_network_that_publishes_has_a_channel_of_its_code():
    assert networks.publishing(), "no network publishes: the registry lost its declarations"
    for where, codes in _codes():
        missing = set(networks.publishing()) - codes
        assert not missing, f"{where}: no plan channel for the networks {sorted(missing)}"


@pytest.mark.django_db
def test_every_channel_is_a_platform_of_the_pages_or_off_line():
    platforms = set(SocialPage.Platform.values)
    for where, codes in _codes():
        strays = codes - platforms - OFF_LINE
        assert not strays, f"{where}: channels {sorted(strays)} name no platform (nor network)"


@pytest.mark.django_db
def test_a_channel_of_a_registered_network_is_found_by_its_own_code():
    for code in Channel.objects.values_list("code", flat=True):
        if code in networks.REGISTRY:
            assert networks.get(code).code == code


def test_publishing_is_what_the_networks_declare():
    declared = {code for code, network in networks.REGISTRY.items() if network.supports("publish")}
    assert set(networks.publishing()) == declared
    assert all(networks.get(code).publishes for code in networks.publishing())
