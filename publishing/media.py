"""The images a publication carries, at addresses the networks can fetch.

Instagram (and Telegram, given an address) fetch the image themselves, so the
portal serves it at a signed address: the storage name and the moment of
signing, under an HMAC of SECRET_KEY (`django.core.signing`). Nobody can make
such an address up, and it is refused once the publishing window
(``PUBLISHING_MEDIA_SECONDS``, two hours by default) has passed.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "publishing.media"


def sign(name: str) -> str:
    return signing.dumps({"n": name}, salt=SALT, compress=True)


def address(name: str) -> str:
    """The absolute, signed address of a stored image."""
    return settings.SITE_URL + reverse("publishing:media", args=[sign(name)])


def unsign(token: str) -> str | None:
    """The storage name a token stands for, or None (forged, or expired)."""
    try:
        value = signing.loads(token, salt=SALT, max_age=settings.PUBLISHING_MEDIA_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    name = value.get("n") if isinstance(value, dict) else None
    return name if isinstance(name, str) and name else None
