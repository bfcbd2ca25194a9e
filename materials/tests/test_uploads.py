"""Photos of submissions: every hostile file refused, nothing left behind."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from materials import photos, services
from materials.models import Submission, SubmissionPhoto

from . import images

LONG_TEXT = "В школе-лицее № 1 прошёл праздник для ветеранов педагогического труда. " * 6


def data(**overrides) -> services.SubmissionData:
    values = {
        "title": "День учителя в школе-лицее № 1",
        "text": LONG_TEXT,
        "event_date": datetime.date(2026, 3, 5),
        "consent": True,
    }
    return services.SubmissionData(**{**values, **overrides})


def files_on_disk() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("label", list(images.bad_uploads()))
def test_every_bad_upload_is_refused_and_leaves_nothing(world, label):
    bad = images.bad_uploads()[label]
    # A good photo first, so that something would have been written before the bad one.
    uploads = [images.jpeg("first.jpg"), bad]
    with pytest.raises(photos.PhotoRefused) as refused:
        services.submission_create(user=world.users["chair"], data=data(), uploads=uploads)
    assert photos.display_name(bad.name) in refused.value.message
    assert not Submission.objects.exists()
    assert not SubmissionPhoto.objects.exists()
    assert files_on_disk() == []


@pytest.mark.parametrize("label", ["html inside a png", "pixel bomb", "truncated jpeg", "svg"])
def test_the_form_refuses_with_the_reason_and_saves_nothing(world, client_for, label):
    client = client_for(world.users["chair"])
    response = client.post(
        reverse("submissions:create"),
        {
            "title": "Праздник",
            "text": LONG_TEXT,
            "event_date": "2026-03-05",
            "consent": "on",
            "complete": "True",
            "photos": [images.png("good.png"), images.bad_uploads()[label]],
        },
    )
    assert response.status_code == 200
    error = response.context["form"].non_field_errors()[0]
    assert images.bad_uploads()[label].name in error
    assert not Submission.objects.exists()
    assert files_on_disk() == []


def test_a_failure_after_writing_files_removes_them(world, monkeypatch):
    """If saving fails once files are written (here: the event cannot be stored),
    the files written so far are deleted and nothing stays in the database."""

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_event", broken)
    with pytest.raises(RuntimeError):
        services.submission_create(
            user=world.users["chair"], data=data(), uploads=[images.jpeg(), images.png()]
        )
    assert not Submission.objects.exists()
    assert files_on_disk() == []


@pytest.fixture
def decoded(monkeypatch) -> list[str]:
    """The names of the photos decoded (the real decoder runs; it is only counted)."""
    names: list[str] = []
    real = photos.images.decode

    def counting(file, *, name, **options):
        names.append(name)
        return real(file, name=name, **options)

    monkeypatch.setattr(photos.images, "decode", counting)
    return names


def test_more_than_ten_photos_are_refused_before_any_is_decoded(world, decoded):
    uploads = [images.jpeg(f"{n}.jpg", width=200, height=200) for n in range(11)]
    with pytest.raises(photos.PhotoRefused, match="10"):
        services.submission_create(user=world.users["chair"], data=data(), uploads=uploads)
    assert files_on_disk() == [] and decoded == []


def test_an_edit_counts_the_kept_photos_before_decoding_new_ones(world, decoded):
    first = [images.jpeg(f"{n}.jpg", width=200, height=200) for n in range(8)]
    submission = services.submission_create(user=world.users["chair"], data=data(), uploads=first)
    decoded.clear()
    more = [images.jpeg(f"new{n}.jpg", width=200, height=200) for n in range(3)]
    with pytest.raises(photos.PhotoRefused, match="10"):
        services.submission_update(
            submission=submission, user=world.users["chair"], version=0, data=data(), uploads=more
        )
    assert decoded == [] and submission.photos.count() == 8
    # Removing one makes room for the three.
    services.submission_update(
        submission=submission,
        user=world.users["chair"],
        version=0,
        data=data(),
        uploads=more,
        remove_photo_ids=[submission.photos.first().pk],
    )
    assert submission.photos.count() == 10


def test_a_too_large_photo_is_refused_before_the_others_are_decoded(world, decoded):
    big = images.jpeg("big.jpg", width=200, height=200)
    big.size = photos.MAX_BYTES + 1
    uploads = [images.jpeg("ok.jpg", width=200, height=200), big]
    with pytest.raises(photos.PhotoRefused, match="15"):
        services.submission_create(user=world.users["chair"], data=data(), uploads=uploads)
    assert decoded == [] and files_on_disk() == []


def test_django_refuses_a_request_with_too_many_files(world, client_for):
    client = client_for(world.users["chair"])
    files = [images.jpeg(f"{n}.jpg", width=50, height=50) for n in range(13)]
    response = client.post(
        reverse("submissions:create"),
        {
            "title": "Много",
            "text": "Текст",
            "event_date": "2026-03-01",
            "consent": "on",
            "complete": "True",
            "photos": files,
        },
    )
    assert response.status_code == 400
    assert "Запрос отклонён" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_good_photo_is_re_encoded_without_its_location(world):
    submission = services.submission_create(
        user=world.users["chair"], data=data(), uploads=[images.jpeg_with_gps("Моё фото.jpg")]
    )
    photo = submission.photos.get()
    assert photo.image.name.startswith("submissions/")
    assert "Моё" not in photo.image.name and photo.image.name.endswith(".jpg")
    assert photo.original_name == "Моё фото.jpg"
    with Image.open(photo.image.path) as stored:
        exif = stored.getexif()
        assert stored.format == "JPEG"
        # The orientation was applied to the pixels (1600×1200 turned upright), then dropped.
        assert stored.size == (1200, 1600) == (photo.width, photo.height)
        assert 0x8825 not in exif and 0x010F not in exif and 0x0112 not in exif
    assert b"SecretCam" not in Path(photo.image.path).read_bytes()
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert max(thumbnail.size) <= 480
    assert len(files_on_disk()) == 2


def test_png_and_webp_keep_their_format(world):
    webp = images.upload("pic.webp", images.encode(images.sharp_image(), "WEBP"), "image/webp")
    submission = services.submission_create(
        user=world.users["chair"], data=data(), uploads=[images.png(), webp]
    )
    kinds = sorted(photo.content_type for photo in submission.photos.all())
    assert kinds == ["image/png", "image/webp"]


def test_a_name_with_folders_through_http_is_only_a_display_name(world, client_for):
    """Django's parser keeps only the last part of a sent name; the stored name
    is ours anyway, inside MEDIA_ROOT/submissions/."""
    client = client_for(world.users["chair"])
    photo = images.jpeg("../../outside.jpg")
    client.post(
        reverse("submissions:create"),
        {
            "title": "Праздник",
            "text": LONG_TEXT,
            "event_date": "2026-03-05",
            "consent": "on",
            "complete": "True",
            "photos": [photo],
        },
    )
    stored = SubmissionPhoto.objects.get()
    assert stored.original_name == "outside.jpg"
    assert all(path.parent == Path(settings.MEDIA_ROOT) / "submissions" for path in files_on_disk())


def test_quality_hints(world):
    dark = Image.new("RGB", (1400, 1400), (15, 15, 15))
    small = images.jpeg("small.jpg", width=800, height=600)
    submission = services.submission_create(
        user=world.users["chair"],
        data=data(text="Коротко."),
        uploads=[small, images.upload("dark.jpg", images.encode(dark)), images.jpeg()],
    )
    hints = {photo.original_name: photo.hints for photo in submission.photos.all()}
    assert hints["small.jpg"] == ["low_resolution"]
    assert "too_dark" in hints["dark.jpg"] and "blurred" in hints["dark.jpg"]
    assert hints["photo.jpg"] == []
    assert photos.text_hints(submission.text) == ["short_text"]
    assert photos.text_hints(LONG_TEXT) == []


def test_photos_are_served_safely(world, client_for):
    submission = services.submission_create(
        user=world.users["chair"], data=data(), uploads=[images.png()]
    )
    photo = submission.photos.get()
    response = client_for(world.users["press"]).get(reverse("submissions:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "photo-" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).format == "PNG"
    thumb = client_for(world.users["chair"]).get(reverse("submissions:thumbnail", args=[photo.pk]))
    assert thumb["Content-Type"] == "image/jpeg"
    # Never through /media/.
    assert client_for(world.users["chair"]).get(f"/media/{photo.image.name}").status_code == 404


def test_a_photo_larger_than_the_stored_size_is_reduced_and_judged_as_sent(world, settings):
    settings.PHOTO_MAX_SIDE = 1000
    upload = images.upload("big.jpg", images.encode(images.sharp_image(2400, 1600), "JPEG"))
    submission = services.submission_create(
        user=world.users["chair"], data=data(), uploads=[upload]
    )
    photo = submission.photos.get()
    assert (photo.width, photo.height) == (1000, 667)
    with Image.open(photo.image.path) as stored:
        assert stored.size == (1000, 667)
    # The short side as sent is 1600: no resolution hint for the reduced copy.
    assert "low_resolution" not in photo.hints
