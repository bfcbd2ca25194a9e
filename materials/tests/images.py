"""Photos for the tests, good and hostile, made here with Pillow and bytes."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from materials import photos


def sharp_image(width: int = 1200, height: int = 1200, colour=(200, 180, 120)) -> Image.Image:
    """A bright picture with plenty of edges (no blur or darkness hint)."""
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 24):
        draw.line([(x, 0), (x, height)], fill=(20, 20, 20), width=3)
    for y in range(0, height, 24):
        draw.line([(0, y), (width, y)], fill=(255, 255, 255), width=3)
    return image


def encode(image: Image.Image, format_name: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format_name, **options)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
    return upload(name, encode(sharp_image(**kwargs), "JPEG", quality=90))


def png(name: str = "photo.png", **kwargs) -> SimpleUploadedFile:
    return upload(name, encode(sharp_image(**kwargs), "PNG"), "image/png")


def jpeg_with_gps(name: str = "gps.jpg") -> SimpleUploadedFile:
    """A JPEG whose EXIF holds a GPS position and a camera, turned by EXIF orientation."""
    image = sharp_image(1600, 1200)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (49.0, 57.0, 0.0)
    gps[3] = "E"
    gps[4] = (82.0, 37.0, 0.0)
    return upload(name, encode(image, "JPEG", exif=exif.tobytes(), quality=90))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def pixel_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A tiny PNG whose header claims width × height pixels (CRC correct)."""
    small = encode(Image.new("L", (8, 8)), "PNG")
    ihdr_start = 8
    length = struct.unpack(">I", small[ihdr_start : ihdr_start + 4])[0]
    data = bytearray(small[ihdr_start + 8 : ihdr_start + 8 + length])
    data[0:8] = struct.pack(">II", width, height)
    end = ihdr_start + 12 + length
    return small[:ihdr_start] + _png_chunk(b"IHDR", bytes(data)) + small[end:]


def bad_uploads() -> dict[str, SimpleUploadedFile]:
    """Every kind of hostile or broken file the issue names, by a short label."""
    good_jpeg = encode(sharp_image(400, 300), "JPEG")
    return {
        "pdf renamed to .jpg": upload("report.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"),
        "program renamed to .jpg": upload("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200),
        "html named .png": upload(
            "photo.png", b"<!doctype html><html><script>alert(1)</script></html>", "image/png"
        ),
        "html inside a png": upload(
            "polyglot.png",
            b"\x89PNG\r\n\x1a\n<html><body><script>alert(document.cookie)</script></body></html>",
            "image/png",
        ),
        "svg": upload(
            "drawing.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
            "image/svg+xml",
        ),
        "svg renamed to .jpg": upload(
            "drawing.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'
        ),
        "gif": upload("anim.jpg", encode(Image.new("RGB", (10, 10)), "GIF"), "image/gif"),
        "pixel bomb": upload("bomb.png", pixel_bomb(), "image/png"),
        "over 40 megapixels": upload("huge.png", pixel_bomb(8000, 6000), "image/png"),
        "truncated jpeg": upload("cut.jpg", good_jpeg[: len(good_jpeg) // 2]),
        "oversize": upload(
            "big.jpg", good_jpeg + b"\x00" * (photos.MAX_BYTES + 1 - len(good_jpeg))
        ),
        "empty": upload("empty.jpg", b""),
        "path separators": named(upload("evil.jpg", good_jpeg), "../../etc/cron.d/evil.jpg"),
        "backslash path": upload("..\\..\\windows\\evil.jpg", good_jpeg),
    }


def named(file: SimpleUploadedFile, raw_name: str) -> SimpleUploadedFile:
    """The file with exactly this name: Django's own setter would drop the folders
    (as its multipart parser does for a real request), so this is what a caller
    that skips Django's parsing could hand the service."""
    file._name = raw_name
    return file
