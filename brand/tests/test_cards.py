"""Cards: exact sizes, text inside its area at any length, Kazakh letters, the
photo and the logo, and a card drawn once until the post or the kit changes."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from brand import cards, selectors, services
from brand.models import BrandKit

from .conftest import add_photo, png_bytes

KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
RUSSIAN_WORDS = [
    "Профсоюз",
    "работников",
    "образования",
    "провёл",
    "семинар",
    "по",
    "охране",
    "труда",
    "для",
    "учителей",
]
KAZAKH_WORDS = [
    "Қазақстан",
    "білім",
    "және",
    "ғылым",
    "қызметкерлерінің",
    "кәсіподағы",
    "өңірлік",
    "ұйым",
    "үшін",
    "жиын",
    "өткізді",
    "һәм",
]
LENGTHS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 80, 100, 120, 150, 180, 200, 230, 260, 290, 299, 300]


def kit_like(**colours) -> BrandKit:
    """A kit that is not saved: the drawing needs only its fields."""
    values = {
        "primary_colour": "#1f5fbf",
        "accent_colour": "#f2a900",
        "text_colour": "#ffffff",
        "background_colour": "#0b3d91",
        "typeface": "dejavu_sans",
        **colours,
    }
    return BrandKit(pk=1, **values)


def title_of(words: list[str], length: int) -> str:
    text = ""
    index = 0
    while len(text) < length:
        text += ("" if not text else " ") + words[index % len(words)]
        index += 1
    return text[:length]


def content(title: str, **kwargs) -> cards.CardContent:
    return cards.CardContent(
        title=title,
        date=datetime.date(2026, 3, 12),
        rubric_name=kwargs.pop("rubric_name", "Освещение мероприятий"),
        rubric_colour="#0d6efd",
        **kwargs,
    )


@pytest.mark.parametrize("size", list(cards.SIZES))
def test_each_card_has_its_exact_size(size):
    expected = {"square": (1080, 1080), "story": (1080, 1920), "facebook": (1200, 630)}[size]
    image = cards.render_card(content("Заголовок"), kit_like(), size)
    assert image.size == expected


def titles():
    for length in LENGTHS:
        yield f"ru-{length}", title_of(RUSSIAN_WORDS, length)
        yield f"kk-{length}", title_of(KAZAKH_WORDS, length)
    # One word longer than any line: broken between letters, then ellipsised.
    yield "one-long-word", ("Қазақстанұлттықмұғалімдеркәсіподағы" * 10)[:300]
    yield "kazakh-letters", (KAZAKH * 17)[:300]
    # The widest capitals, bold: too many lines even at the smallest size.
    yield "wide-capitals", ("ЖШЩӘҒҚҢӨҰҮҺ " * 28)[:300]


@pytest.mark.parametrize("size", list(cards.SIZES))
@pytest.mark.parametrize(("label", "title"), list(titles()), ids=lambda value: str(value)[:16])
def test_text_never_leaves_its_area(size, label, title):
    layout = cards.SIZES[size]
    kit = kit_like()
    drawn = cards.draw_card(content(title), kit, size)
    assert 1 <= len(title) <= 300
    # Every box of text drawn (rubric, title lines, date) lies in the text area.
    outside = [box for box in drawn.text_boxes if not layout.text.contains(box)]
    assert not outside, f"{label}: {outside} outside {layout.text}"
    # And the pixels agree: what the title changes lies inside the text area.
    blank = cards.draw_card(content("."), kit, size).image
    changed = ImageChops.difference(drawn.image, blank).getbbox()
    if changed is not None:
        assert layout.text.contains(cards.Box(*changed)), f"{label}: pixels at {changed}"


def test_a_long_title_gets_smaller_and_then_an_ellipsis():
    short_face = cards.fit_title("Семинар", "dejavu_sans", 900, 300, (68, 30))[1]
    lines, face = cards.fit_title(title_of(RUSSIAN_WORDS, 300), "dejavu_sans", 900, 300, (68, 30))
    assert face.size < short_face.size
    lines, face = cards.fit_title("Слово " * 100, "dejavu_sans", 900, 120, (68, 30))
    assert face.size == 30
    assert lines[-1].endswith(cards.ELLIPSIS)


def test_the_typeface_has_every_kazakh_letter():
    for file_name in cards.TYPEFACES["dejavu_sans"]:
        cmap = TTFont(cards.FONT_DIR / file_name).getBestCmap()
        assert [letter for letter in KAZAKH if ord(letter) not in cmap] == []
        # Drawn, no letter is the «missing glyph» box that an unknown character gets.
        face = cards.font("dejavu_sans", file_name.endswith("Bold.ttf"), 40)
        missing = bytes(face.getmask("\U000f0000"))
        assert all(bytes(face.getmask(letter)) != missing for letter in KAZAKH)
        assert bytes(face.getmask("\u0378")) == missing  # the comparison can fail


def test_the_date_is_in_russian():
    assert cards.russian_date(datetime.date(2026, 3, 12)) == "12 марта 2026"


@pytest.mark.django_db
def test_the_photo_fills_its_area_and_the_logo_keeps_its_transparency(post, default_kit):
    add_photo(post, colour=(200, 30, 30), size=(300, 1200))  # tall: cropped to fill
    logo = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    logo.paste((0, 200, 0, 255), (25, 25, 75, 75))
    default_kit.logo = default_storage.save("brand/logos/t.png", ContentFile(png_bytes(logo)))
    default_kit.save()
    image = cards.render_card(selectors.card_content(post=post), default_kit, "square")
    photo = cards.SIZES["square"].photo
    logo_box = cards.SIZES["square"].logo
    for x, y in [(photo.left + 2, photo.bottom - 2), (photo.right - 2, photo.top + 250)]:
        assert image.getpixel((x, y)) == (200, 30, 30)
    # The logo's transparent corner shows the photo, its middle is its own green.
    assert image.getpixel((logo_box.left + 5, logo_box.top + 5)) == (200, 30, 30)
    middle = (logo_box.left + logo_box.width // 2, logo_box.top + logo_box.height // 2)
    assert image.getpixel(middle) == (0, 200, 0)


@pytest.mark.django_db
def test_without_a_photo_the_area_is_the_kits_colour(post, default_kit):
    image = cards.render_card(selectors.card_content(post=post), default_kit, "facebook")
    assert image.getpixel((10, 300)) == (0x1F, 0x5F, 0xBF)


@pytest.mark.django_db
def test_only_the_posts_own_photos_are_drawn(post):
    """A photo still only on a material is for its branch and the press service,
    not for every chair who sees the post's cards; the post's own one is drawn."""
    add_photo(post, on_post=False)
    assert selectors.card_content(post=post).photo == ""
    own = add_photo(post)
    assert selectors.card_content(post=post).photo == own.image.name


def _card(post, size="square"):
    kit = selectors.kit_for(region_id=post.plan.region_id)
    return cards.card_file(
        post_id=post.pk, content=selectors.card_content(post=post), kit=kit, size=size
    )


def _files(post) -> list[str]:
    try:
        return sorted(default_storage.listdir(f"brand/cards/{post.pk}")[1])
    except FileNotFoundError:
        return []


@pytest.mark.django_db
def test_a_card_is_drawn_once_and_again_only_when_the_kit_changes(
    post, default_kit, world, monkeypatch
):
    calls = []
    real = cards.render_card
    monkeypatch.setattr(cards, "render_card", lambda *args: calls.append(args) or real(*args))

    first = _card(post)
    assert first.drawn and len(calls) == 1
    again = _card(post)
    assert (again.drawn, again.name, len(calls)) == (False, first.name, 1)
    before = default_storage.open(first.name).read()

    services.kit_save(user=world.users["central"], region=None, data={"accent_colour": "#ff0000"})
    changed = _card(post)
    assert changed.drawn and changed.name != first.name and len(calls) == 2
    assert default_storage.open(changed.name).read() != before
    # The stale card is gone; only the current one is kept for this size.
    assert _files(post) == [changed.name.rsplit("/", 1)[1]]
    assert not _card(post).drawn and len(calls) == 2


@pytest.mark.django_db
def test_a_card_is_drawn_again_when_the_post_or_its_photo_changes(post, default_kit):
    first = _card(post)
    post.title = "Новый заголовок"
    post.save()
    second = _card(post)
    assert second.drawn and second.name != first.name
    add_photo(post)
    third = _card(post)
    assert third.drawn and third.name != second.name
    # Another size is a file of its own, drawn separately; the square stays.
    story = _card(post, "story")
    assert story.drawn
    assert len(_files(post)) == 2


@pytest.mark.django_db
def test_a_regions_own_kit_draws_its_cards_and_not_the_other_regions(
    post, other_post, default_kit, world
):
    services.kit_save(
        user=world.users["press"], region=world.region, data={"background_colour": "#ff00ff"}
    )
    own = Image.open(io.BytesIO(default_storage.open(_card(post).name).read()))
    other = Image.open(io.BytesIO(default_storage.open(_card(other_post).name).read()))
    assert own.convert("RGB").getpixel((5, 1075)) == (255, 0, 255)
    assert other.convert("RGB").getpixel((5, 1075)) == (0x0B, 0x3D, 0x91)


def test_a_deleted_posts_cards_go_with_it(post, default_kit, django_capture_on_commit_callbacks):
    _card(post)
    _card(post, "story")
    assert len(_files(post)) == 2
    folder = f"brand/cards/{post.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert default_storage.listdir(folder)[1] == []
