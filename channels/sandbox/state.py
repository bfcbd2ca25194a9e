"""What the portal published to the sandbox, shared by the server's threads
(and by the tests, which read `PUBLISHED`)."""

from __future__ import annotations

import itertools
import threading
import urllib.request

PUBLISHED: list[dict] = []  # newest last
CONTAINERS: dict[str, dict] = {}  # Instagram's containers not yet published
LOCK = threading.Lock()
NUMBERS = itertools.count(1)


def fetch_image(address: str) -> bool:
    """Fetch the image as the networks do; False if it cannot be had."""
    if not address.startswith(("http://", "https://")):
        return False
    try:
        with urllib.request.urlopen(address, timeout=5) as answer:  # noqa: S310
            return answer.status == 200 and answer.headers.get_content_maintype() == "image"
    except (OSError, ValueError):
        return False


def remember(network: str, page: str, ident: str, text: str, image: str, link: str, now):
    entry = {
        "network": network,
        "page": page,
        "id": ident,
        "text": text,
        "image": image,
        "permalink": link,
        "at": now,
    }
    with LOCK:
        PUBLISHED.append(entry)
    return entry


def published_on(page_ident: str) -> list[dict]:
    with LOCK:
        return [entry for entry in reversed(PUBLISHED) if entry["page"] == page_ident]


def published(ident: str) -> dict | None:
    """The published post or medium of this id, or None."""
    with LOCK:
        return next((e for e in PUBLISHED if e["id"] == ident), None)


def forget(network: str, idents: set[str]) -> None:
    """The network deleted these posts."""
    with LOCK:
        PUBLISHED[:] = [e for e in PUBLISHED if not (e["network"] == network and e["id"] in idents)]
