"""Kits, posts with photos and the checklist shared by the brand app's tests."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from brand.seed import load_standard
from brand.services import ensure_default_kit
from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from materials.models import Submission, SubmissionPhoto


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def add_photo(post, colour=(200, 30, 30), size=(1600, 900), *, on_post: bool = True):
    """A material of the post's region accepted into the post, with one plain photo."""
    branch = post.plan.region.branches.order_by("pk").first()
    submission = Submission.objects.create(
        branch=branch,
        title="Материал",
        text="Текст",
        event_date=timezone.localdate(),
        status=Submission.Status.ACCEPTED,
        post=post,
    )
    name = default_storage.save(
        "submissions/test.png", ContentFile(png_bytes(Image.new("RGB", size, colour)))
    )
    return SubmissionPhoto.objects.create(
        submission=submission,
        post=post if on_post else None,
        image=name,
        thumbnail=name,
        content_type="image/png",
        width=size[0],
        height=size[1],
    )


@pytest.fixture
def default_kit(db):
    return ensure_default_kit()


@pytest.fixture
def items(db):
    return load_standard()


@pytest.fixture
def post(world):
    rubric = RubricFactory(name="Охрана труда", colour="#ffc107")
    return PostFactory(
        plan=PlanFactory(region=world.region),
        title="Семинар по охране труда в школах Усть-Каменогорска",
        rubric=rubric,
    )


@pytest.fixture
def other_post(world):
    return PostFactory(plan=PlanFactory(region=world.other_region), title="Пост другой области")
