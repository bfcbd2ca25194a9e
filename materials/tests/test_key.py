"""The sending form's key: the same form sent again makes no second material."""

import uuid

from django.urls import reverse

from materials import services
from materials.models import Submission, SubmissionPhoto

from . import images
from .test_uploads import LONG_TEXT, data, files_on_disk


def test_the_same_key_again_returns_the_material_already_sent(world):
    chair, key = world.users["chair"], uuid.uuid4()
    first = services.submission_create(
        user=chair, data=data(), uploads=[images.jpeg("a.jpg")], key=key
    )
    again = services.submission_create(
        user=chair, data=data(title="Другое"), uploads=[images.jpeg("a.jpg")], key=key
    )
    assert again.pk == first.pk
    assert Submission.objects.count() == 1
    assert SubmissionPhoto.objects.count() == 1
    assert len(files_on_disk()) == 2  # the photo and its thumbnail, once


def test_keys_are_the_authors_own(world):
    key = uuid.uuid4()
    services.submission_create(user=world.users["chair"], data=data(), key=key)
    services.submission_create(user=world.users["chair2"], data=data(), key=key)
    services.submission_create(user=world.users["chair"], data=data(), key=None)
    services.submission_create(user=world.users["chair"], data=data(), key=None)
    assert Submission.objects.count() == 4


def test_the_form_carries_a_key_and_a_repeat_lands_on_the_same_material(world, client_for):
    client = client_for(world.users["chair"])
    page = client.get(reverse("submissions:create"))
    key = page.context["form"].initial["key"]
    assert f'value="{key}"' in page.content.decode()
    fields = {
        "title": "Праздник",
        "text": LONG_TEXT,
        "event_date": "2026-03-05",
        "consent": "on",
        "complete": "True",
        "key": str(key),
    }
    first = client.post(reverse("submissions:create"), {**fields, "photos": [images.jpeg()]})
    second = client.post(reverse("submissions:create"), {**fields, "photos": [images.jpeg()]})
    submission = Submission.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == submission.get_absolute_url()
    assert submission.photos.count() == 1
