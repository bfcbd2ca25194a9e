"""Images decoded in bounded memory: how much a JPEG is reduced, what comes out."""

import io

import pytest
from django.utils import translation
from PIL import Image

from portal.exceptions import Refused
from portal.infrastructure import images


@pytest.mark.parametrize(
    ("size", "reduction"),
    [
        ((4000, 3000), 1),  # a phone's 12 MP photo: under the stored size, decoded as it is
        ((4608, 3456), 1),  # 16 MP: half would be under 4096, and in full it fits the budget
        ((6000, 4000), 1),  # 24 MP, the budget exactly
        ((7740, 5160), 2),  # 40 MP: half (3870 px) rather than 120 MB of pixels
        ((6000, 6000), 2),  # 36 MP
        ((9000, 4400), 2),  # half is still over 4096: nothing lost
        ((16000, 2500), 2),
        ((800, 600), 1),
    ],
)
def test_jpeg_reduction(size, reduction):
    assert images.jpeg_reduction(*size, 4096) == reduction


def test_no_reduction_without_a_stored_size():
    assert images.jpeg_reduction(7740, 5160, None) == 1


def _jpeg(size, **options) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(buffer, "JPEG", **options)
    buffer.seek(0)
    return buffer


def test_a_large_jpeg_is_decoded_at_reduced_scale_turned_and_cut():
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "SecretCam"
    decoded = images.decode(_jpeg((2400, 1600), exif=exif.tobytes()), name="a.jpg", max_side=1000)
    assert decoded.format == "JPEG"
    assert decoded.sent_size == (1600, 2400)  # as sent, orientation applied
    assert decoded.image.size == (667, 1000)
    assert decoded.image.info == {}
    # Drafted at half (1200 × 800), never decoded at 2400 × 1600.
    assert images.jpeg_reduction(2400, 1600, 1000) == 2


def test_a_transparent_png_keeps_its_alpha_and_loses_its_text():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret")
    buffer = io.BytesIO()
    Image.new("RGBA", (1200, 300), (0, 0, 0, 0)).save(buffer, "PNG", pnginfo=info)
    decoded = images.decode(buffer, name="logo.png", max_side=600)
    assert (decoded.image.mode, decoded.image.size) == ("RGBA", (600, 150))
    stored = images.encode(decoded.image, decoded.format)
    with Image.open(io.BytesIO(stored)) as again:
        assert "Comment" not in again.info


def test_refusals_use_the_callers_exception():
    class Mine(Refused):
        pass

    data = _jpeg((400, 300)).getvalue()
    with translation.override("en"), pytest.raises(Mine, match="damaged"):
        images.decode(
            io.BytesIO(data[: len(data) // 2]), name="cut.jpg", max_side=4096, refused=Mine
        )
    with translation.override("en"), pytest.raises(Mine, match="too large"):
        images.decode(
            _jpeg((400, 300)), name="big.jpg", max_side=4096, refused=Mine, max_pixels=1000
        )
