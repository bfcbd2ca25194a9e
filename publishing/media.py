"""The images a publication carries, at addresses the networks can fetch.

Instagram (and Telegram, given an address) fetch the image themselves, so the
portal serves it at a signed address: the storage name and the moment of
signing, under an HMAC of SECRET_KEY (`django.core.signing`). Nobody can make
such an address up, and it is refused once the publishing window
(``PUBLISHING_MEDIA_SECONDS``, two hours by default) has passed.
"""

from __future__ import annotations

import hashlib
import io

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from PIL import Image, ImageOps

SALT = "publishing.media"
# Instagram takes a photo between 4:5 and 1.91:1 and refuses the rest (a
# phone's portrait photo is 3:4): it gets the centre square the panel's
# preview shows, at most 1080 px a side (Instagram's own width).
INSTAGRAM_SIDE = 1080
FOLDER = "publishing/instagram"


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


def instagram_square(name: str, *, post_id: int) -> str:
    """The stored photo as Instagram gets it: its centre square, JPEG, stored
    once per post and photo (a retry reuses it). The photo is decoded at about
    the size needed (JPEG's reduced decoding), never in full."""
    key = hashlib.sha256(name.encode()).hexdigest()[:16]
    target = f"{FOLDER}/{post_id}/{key}.jpg"
    if default_storage.exists(target):
        return target
    with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
        image.draft("RGB", (INSTAGRAM_SIDE, INSTAGRAM_SIDE))
        side = min(INSTAGRAM_SIDE, *image.size)
        square = ImageOps.fit(image.convert("RGB"), (side, side), method=Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    square.save(buffer, "JPEG", quality=90)
    square.close()
    saved = default_storage.save(target, ContentFile(buffer.getvalue()))
    if saved != target:  # another run stored the same square a moment ago
        default_storage.delete(saved)
    return target


def forget(post_id: int) -> None:
    """Delete the post's Instagram squares (the post is gone)."""
    folder = f"{FOLDER}/{post_id}"
    try:
        _folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file_name in files:
        default_storage.delete(f"{folder}/{file_name}")


def _forget_squares(sender, instance, **kwargs) -> None:
    pk = instance.pk
    # The post is gone already: a file that cannot go is logged, never a 500.
    transaction.on_commit(lambda: forget(pk), robust=True)


def connect() -> None:
    from django.db.models.signals import post_delete

    from contentplan.models import PlannedPost

    post_delete.connect(_forget_squares, sender=PlannedPost, dispatch_uid="publishing.media")
