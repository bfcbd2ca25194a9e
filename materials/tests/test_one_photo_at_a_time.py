"""The server holds one decoded photo at a time, never every photo of a request.

While a request's photos are checked, reduced and written, the test looks at
every live `PIL.Image.Image` whenever a function of the photo code returns:
Pillow makes every image through `Image.__init__`, which the test wraps to
keep a weak reference to each (so an image dropped is gone at once, and one
still referenced anywhere is seen). Each
photo of the request has an aspect ratio of its own, which survives decoding
at reduced scale, turning and resizing, so the live images say which photos
are held at that moment. On the code before issue 17, which decoded every
photo of the request first, it finds all six held at once.
"""

from __future__ import annotations

import gc
import sys
import weakref
from pathlib import Path

import pytest
from PIL import Image

from materials import services
from materials.models import Submission

from . import images
from .test_uploads import data

# Width × height of each photo; the ratios differ by far more than rounding does.
SIZES = [(1200, 1200), (1500, 1200), (1800, 1200), (1600, 900), (1400, 700), (2100, 900)]
RATIOS = [max(size) / min(size) for size in SIZES]
LARGE = 600  # pixels on the short side: the hint copy (512) and thumbnail (480) are smaller
ROOT = Path(__file__).resolve().parents[2]
WATCHED = {
    str(ROOT / "materials" / "photos.py"),
    str(ROOT / "portal" / "infrastructure" / "images.py"),
}


def _photo_of(image: Image.Image) -> int:
    """Which photo of the request this image is of: the one of the nearest ratio."""
    ratio = max(image.size) / min(image.size)
    return min(range(len(RATIOS)), key=lambda index: abs(RATIOS[index] - ratio))


class Alive:
    """Weak references to images (an image compares by value, so it is no set member)."""

    def __init__(self):
        self.refs: dict[int, weakref.ref] = {}

    def add(self, image: Image.Image) -> None:
        key = id(image)
        self.refs[key] = weakref.ref(image, lambda _ref: self.refs.pop(key, None))

    def __iter__(self):
        return (image for ref in list(self.refs.values()) if (image := ref()) is not None)


def _photos_held(alive) -> set[int]:
    """The photos of which some decoded image is alive now."""
    held = {_photo_of(image) for image in list(alive) if min(image.size) >= LARGE}
    if len(held) > 1:  # perhaps only garbage in a reference cycle: collect, look again
        gc.collect()
        held = {_photo_of(image) for image in list(alive) if min(image.size) >= LARGE}
    return held


class Watch:
    """Looks at the live images at every return from the photo code."""

    def __init__(self, alive):
        self.alive = alive
        self.most = 0
        self.steps = 0
        self.seen: set[int] = set()

    def __call__(self, frame, event, arg):
        if event != "return" or frame.f_code.co_filename not in WATCHED:
            return
        held = _photos_held(self.alive)
        self.steps += 1
        self.seen |= held
        self.most = max(self.most, len(held))


@pytest.mark.parametrize("max_side", [4096, 1000])
def test_the_service_holds_one_decoded_photo_at_a_time(world, settings, monkeypatch, max_side):
    """With the photos kept at their size, and reduced (JPEG drafts, then resizing)."""
    settings.PHOTO_MAX_SIDE = max_side
    uploads = [
        images.upload(f"photo-{n}.jpg", images.encode(images.sharp_image(w, h), "JPEG"))
        for n, (w, h) in enumerate(SIZES)
    ]
    alive = Alive()
    made = Image.Image.__init__

    def register(image, *args, **kwargs):
        made(image, *args, **kwargs)
        alive.add(image)

    monkeypatch.setattr(Image.Image, "__init__", register)
    watch = Watch(alive)
    sys.setprofile(watch)
    try:
        services.submission_create(user=world.users["chair"], data=data(), uploads=uploads)
    finally:
        sys.setprofile(None)
    stored = Submission.objects.get().photos.all()
    assert len(stored) == len(SIZES)
    assert max(max(photo.width, photo.height) for photo in stored) <= max_side
    # The watch saw every photo decoded, at many steps, and never two at once.
    assert watch.seen == set(range(len(SIZES)))
    assert watch.steps > 3 * len(SIZES)
    assert watch.most == 1
