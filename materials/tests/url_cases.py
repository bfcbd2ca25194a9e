"""The role × URL matrix of materials from branches (/submissions/)."""

from __future__ import annotations

from django.urls import reverse

from contentplan.tests.url_cases import MONTH
from portal.tests.url_cases import Case, logged_in

# --- Materials from branches (/submissions/) -----------------------------------------
# `chair` sends for its branch; `chair2`, a chair of the same region, never
# sees it (404); the region's `press` reviews it; `central` reads everything
# and changes nothing (403). A material of the other region is a 404 for all
# but central.


def submission(world, *, whose: str = "chair"):
    """A new material with one photo: of chair's branch, chair2's, or the other region's."""
    import io

    from PIL import Image

    from materials import photos
    from materials.models import Submission, SubmissionPhoto

    branch = {
        "chair": world.branch,
        "chair2": world.branch2,
        "other": world.other_branch,
    }[whose]
    found, created = Submission.objects.get_or_create(
        branch=branch,
        title=f"Материал для проверки ({whose})",
        defaults={"text": "Текст.", "event_date": MONTH, "consent": True},
    )
    if created:
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), "orange").save(buffer, "PNG")
        buffer.seek(0)
        buffer.name, buffer.size = "photo.png", len(buffer.getvalue())
        stored = photos.store_photo(buffer, [])
        SubmissionPhoto.objects.create(
            submission=found,
            image=stored.image,
            thumbnail=stored.thumbnail,
            content_type=stored.content_type,
            width=stored.width,
            height=stored.height,
            original_name="photo.png",
        )
    return found


def for_submission(name: str, whose: str = "chair"):
    return lambda world: reverse(name, args=[submission(world, whose=whose).pk])


def for_photo(name: str, whose: str = "chair"):
    return lambda world: reverse(name, args=[submission(world, whose=whose).photos.get().pk])


# Reading a material: its branch's chair, the region's press, central.
SUB_READ = logged_in(200, chair2=404)
SUB_OTHER = logged_in(404, central=200)
# Deciding on a material: the region's press only.
SUB_DECIDE = logged_in(403, chair2=404, press=302)
SUB_OTHER_DECIDE = logged_in(404, central=403)

CASES = [
    Case(
        "submissions:queue",
        lambda world: reverse("submissions:queue"),
        # Chairs are sent to their own list.
        logged_in(302, press=200, central=200),
    ),
    Case(
        "submissions:mine",
        lambda world: reverse("submissions:mine"),
        logged_in(200, press=302, central=302),
    ),
    Case(
        "submissions:create",
        lambda world: reverse("submissions:create"),
        logged_in(200, press=403, central=403),
    ),
    Case(
        "submissions:create",
        lambda world: reverse("submissions:create"),
        logged_in(200, press=403, central=403),
        method="post",
        data={"title": "Без текста"},
        label="POST incomplete: the form again",
    ),
    Case(
        "submissions:stats",
        lambda world: reverse("submissions:stats"),
        logged_in(403, press=200, central=200),
    ),
    Case(
        "submissions:stats",
        lambda world: reverse("submissions:stats") + f"?region={world.other_region.pk}",
        logged_in(403, press=404, central=200),
        label="other region",
    ),
    Case("submissions:detail", for_submission("submissions:detail"), SUB_READ, label="own"),
    Case(
        "submissions:detail",
        for_submission("submissions:detail", "chair2"),
        logged_in(200, chair=404),
        label="chair2's branch",
    ),
    Case(
        "submissions:detail",
        for_submission("submissions:detail", "other"),
        SUB_OTHER,
        label="other region",
    ),
    Case(
        "submissions:edit",
        for_submission("submissions:edit"),
        logged_in(403, chair=200, chair2=404),
        label="own",
    ),
    Case(
        "submissions:edit",
        for_submission("submissions:edit", "other"),
        SUB_OTHER_DECIDE,
        label="other region",
    ),
    Case(
        "submissions:take",
        for_submission("submissions:take"),
        SUB_DECIDE,
        method="post",
        data={"version": 0},
    ),
    Case(
        "submissions:take",
        for_submission("submissions:take", "other"),
        SUB_OTHER_DECIDE,
        method="post",
        data={"version": 0},
        label="other region",
    ),
    Case(
        "submissions:accept",
        for_submission("submissions:accept"),
        SUB_DECIDE,
        method="post",
        data={"version": 0, "mode": "attach"},
        label="no post chosen: back with the error",
    ),
    Case(
        "submissions:accept",
        for_submission("submissions:accept", "other"),
        SUB_OTHER_DECIDE,
        method="post",
        data={"version": 0, "mode": "attach"},
        label="other region",
    ),
    Case(
        "submissions:accept",
        for_submission("submissions:accept"),
        logged_in(405),
        label="GET is refused",
    ),
    Case(
        "submissions:return",
        for_submission("submissions:return"),
        SUB_DECIDE,
        method="post",
        data={"version": 0, "comment": "Нужны фото крупнее."},
    ),
    Case(
        "submissions:return",
        for_submission("submissions:return", "other"),
        SUB_OTHER_DECIDE,
        method="post",
        data={"version": 0, "comment": "Чужой регион"},
        label="other region",
    ),
    Case(
        "submissions:reject",
        for_submission("submissions:reject"),
        SUB_DECIDE,
        method="post",
        data={"version": 0, "reason": "Не по теме."},
    ),
    Case(
        "submissions:reject",
        for_submission("submissions:reject", "other"),
        SUB_OTHER_DECIDE,
        method="post",
        data={"version": 0, "reason": "Чужой регион"},
        label="other region",
    ),
    Case("submissions:photo", for_photo("submissions:photo"), SUB_READ, label="own"),
    Case(
        "submissions:photo",
        for_photo("submissions:photo", "chair2"),
        logged_in(200, chair=404),
        label="chair2's branch",
    ),
    Case(
        "submissions:photo",
        for_photo("submissions:photo", "other"),
        SUB_OTHER,
        label="other region",
    ),
    Case("submissions:thumbnail", for_photo("submissions:thumbnail"), SUB_READ, label="own"),
    Case(
        "submissions:thumbnail",
        for_photo("submissions:thumbnail", "other"),
        SUB_OTHER,
        label="other region",
    ),
]
