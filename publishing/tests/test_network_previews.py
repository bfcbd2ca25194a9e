"""Every network the portal publishes to has its own preview (its limit, the
image's shape, its warnings); a new one is not shown with another's limits."""

from __future__ import annotations

import pytest

import networks
from networks.base import Network, Operation
from publishing import texts


@pytest.mark.parametrize("code", networks.publishing())
def test_every_network_that_publishes_has_its_preview(code):
    shown = texts.preview(code, networks.get(code).name, "Текст.", images=["a.jpg"], photos=1)
    assert shown.code == code and shown.limit > 0 and shown.image


class Unknown(Network):
    code = "unknown_network"
    name = "Unknown"
    operations = frozenset({Operation.PUBLISH})


def test_a_publishing_network_without_a_preview_is_refused_not_shown_as_facebook(monkeypatch):
    monkeypatch.setitem(networks.REGISTRY, Unknown.code, Unknown())
    assert Unknown.code in networks.publishing()
    with pytest.raises(LookupError):
        texts.preview(Unknown.code, Unknown.name, "Текст.", images=[], photos=0)
