"""QR codes decode to the page's scan address; the poster is one A4 page that says it all."""

import io
import re
import xml.etree.ElementTree as ET

import pypdf
import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from .factories import BulletinFactory, CollectionFactory

SITE_URL = "https://profinfo.example.kz"
SVG = "{http://www.w3.org/2000/svg}"
# The letters of Kazakh that Russian lacks, as the poster must print them.
KAZAKH_TITLE = "Ұжымдағы еңбек қауіпсіздігі: әріптестерге үндеу"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def decode(image: Image.Image) -> str:
    results = zxingcpp.read_barcodes(image.convert("L"))
    assert len(results) == 1, f"{len(results)} codes found"
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


def svg_matrix(svg: bytes) -> list[list[bool]]:
    """The modules of a QR code drawn as SVG: a valid SVG document whose one path is
    made of unit squares (M x,y H x+1 V y+1 H x z) on a square view box."""
    root = ET.fromstring(svg)  # noqa: S314  (our own output, not untrusted XML)
    assert root.tag == f"{SVG}svg"
    size = int(root.get("viewBox").split()[2])
    assert root.get("viewBox") == f"0 0 {size} {size}"
    (path,) = root.iter(f"{SVG}path")
    matrix = [[False] * size for _ in range(size)]
    squares = re.findall(r"M(\d+),(\d+)H(\d+)V(\d+)H(\d+)z", path.get("d"))
    assert len(squares) == path.get("d").count("M"), "only unit squares are drawn"
    for x, y, right, bottom, back in squares:
        x, y = int(x), int(y)
        assert (int(right), int(bottom), int(back)) == (x + 1, y + 1, x)
        matrix[y][x] = True
    return matrix


def png_matrix(png: Image.Image, modules: int) -> list[list[bool]]:
    """The modules of a PNG code, sampled at the middle of each module."""
    box = png.width // modules
    assert png.width == png.height == box * modules
    gray = png.convert("L")
    return [
        [gray.getpixel((x * box + box // 2, y * box + box // 2)) < 128 for x in range(modules)]
        for y in range(modules)
    ]


def raster(matrix: list[list[bool]], box: int = 8) -> Image.Image:
    """Draw a module matrix as an image, black on white, `box` pixels a module."""
    size = len(matrix) * box
    image = Image.new("L", (size, size), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * box, y * box, (x + 1) * box, (y + 1) * box))
    return image


@pytest.mark.parametrize("kind", ["bulletin", "collection"])
def test_the_codes_lead_to_the_scan_address(world, client, kind):
    if kind == "bulletin":
        obj = BulletinFactory(region=world.region)
        scan = reverse("bulletins:bulletin_scan", args=[obj.pk])
    else:
        obj = CollectionFactory(region=world.region, title="В помощь профактиву")
        scan = reverse("bulletins:collection_scan", args=[obj.pk])
    expected = SITE_URL + scan
    address = f"bulletins:{kind}_qr"

    png_response = client.get(reverse(address, kwargs={"pk": obj.pk, "fmt": "png"}))
    assert png_response["Content-Type"] == "image/png"
    png = Image.open(io.BytesIO(png_response.content))
    assert png.format == "PNG"
    assert decode(png) == expected

    svg_response = client.get(reverse(address, kwargs={"pk": obj.pk, "fmt": "svg"}))
    assert svg_response["Content-Type"] == "image/svg+xml"
    matrix = svg_matrix(svg_response.content)
    assert decode(raster(matrix)) == expected
    # Both formats draw the very same code.
    assert png_matrix(png, len(matrix)) == matrix


def test_the_scan_address_counts_and_shows_the_page(world, client):
    bulletin = BulletinFactory(region=world.region)
    response = client.get(reverse("bulletins:bulletin_scan", args=[bulletin.pk]))
    assert (response.status_code, response["Location"]) == (302, bulletin.get_absolute_url())


def test_the_page_shows_its_code_and_the_address_it_encodes(world, client):
    bulletin = BulletinFactory(region=world.region)
    page = client.get(bulletin.get_absolute_url()).content.decode()
    assert reverse("bulletins:bulletin_qr", kwargs={"pk": bulletin.pk, "fmt": "svg"}) in page
    assert SITE_URL + reverse("bulletins:bulletin_scan", args=[bulletin.pk]) in page


def read_poster(response) -> pypdf.PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(response.content), strict=True)


@pytest.mark.parametrize("kind", ["bulletin", "collection"])
def test_the_poster_is_one_a4_page_with_the_title_code_and_address(world, client, kind):
    if kind == "bulletin":
        obj = BulletinFactory(region=world.region, title=KAZAKH_TITLE, number=4)
        scan = reverse("bulletins:bulletin_scan", args=[obj.pk])
    else:
        obj = CollectionFactory(region=world.region, title=KAZAKH_TITLE)
        scan = reverse("bulletins:collection_scan", args=[obj.pk])
    reader = read_poster(client.get(reverse(f"bulletins:{kind}_poster", args=[obj.pk])))

    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(page.extract_text().split())
    assert KAZAKH_TITLE in text
    for letter in "Ұғңқіәү":
        assert letter in text
    assert "profinfo.example.kz" + scan in text
    assert world.region.name in text

    (image,) = page.images
    assert decode(image.image) == SITE_URL + scan
    # The fonts are embedded: the poster prints the same on any machine.
    fonts = page["/Resources"]["/Font"]
    assert all(
        "/FontFile2" in font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for font in fonts.values()
    )


def test_the_same_poster_is_the_same_file(world, client):
    bulletin = BulletinFactory(region=world.region)
    address = reverse("bulletins:bulletin_poster", args=[bulletin.pk])
    assert client.get(address).content == client.get(address).content
