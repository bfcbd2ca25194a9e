"""Every call the portal makes to a network, in one place.

One module a network (`telegram`, `facebook`, `instagram`, `feed`) behind one
interface (`base.Network`), one vocabulary of errors (`errors`), one way to
speak HTTP (`http`: time-outs, retries, rate limits). It knows nothing of the
database: the services of `channels` and `publishing` give it a token and a
page and store what it returns. A network is found by its code, the stored
name of its pages' platform: ``networks.get(connection.platform)``, and the
code of the plan's channel that goes out to it (``networks.publishing()``
names those the portal publishes to by itself). A run of
several calls (a collection, a minute's publishing) makes one
``networks.Limits()`` and passes it to each.
"""

from __future__ import annotations

from . import facebook, feed, instagram, telegram
from .base import Network
from .http import Limits, SharedLimits  # a run's rate limits, which the callers make and pass on

__all__ = ["REGISTRY", "Limits", "Network", "SharedLimits", "get", "publishing"]

# One line a network.
REGISTRY: dict[str, Network] = {
    network.code: network
    for network in (
        telegram.NETWORK,
        facebook.NETWORK,
        instagram.NETWORK,
        feed.NETWORK,
    )
}


def get(code: str) -> Network:
    """The network of a platform's code; LookupError for a platform without one
    (measured by hand)."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise LookupError(f"no network is registered for {code!r}") from None


def publishing() -> tuple[str, ...]:
    """The codes of the networks the portal publishes to by itself, in the
    registry's order: a post's channel of one of these codes goes out there
    when the region's page is connected; any other channel is copied by hand."""
    return tuple(code for code, network in REGISTRY.items() if network.publishes)
