"""What the brand pages read: kits, a post's cards, the standard and its figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    Q,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404

from brand import permissions
from contentplan import permissions as contentplan_permissions
from contentplan.models import PlannedPost
from materials import permissions as materials_permissions
from materials.models import Submission, SubmissionPhoto
from portal.models import Region

from . import cards
from .models import BrandKit, StandardCheck, StandardItem


def kit_for(*, region_id: int | None) -> BrandKit:
    """The kit a region's cards are drawn with: its own, or else the default."""
    kits = BrandKit.objects.filter(Q(region__isnull=True) | Q(region=region_id))
    found = kits.order_by(F("region").asc(nulls_last=True)).first()
    if found is None:
        from .services import ensure_default_kit

        found = ensure_default_kit()
    return found


def own_kit(*, region_id: int | None) -> BrandKit | None:
    """The region's own kit (None if it has none yet), or the default kit."""
    if region_id is None:
        return BrandKit.objects.filter(region__isnull=True).first()
    return BrandKit.objects.filter(region=region_id).first()


def kit_region_for(*, user, pk: int) -> Region:
    return get_object_or_404(permissions.brand_kit_regions_for(user), pk=pk)


def kit_with_logo_for(*, user, pk: int) -> BrandKit:
    """A kit whose logo the user may see (the default one: press and central), or 404."""
    kit = get_object_or_404(BrandKit.objects.exclude(logo=""), pk=pk)
    regions = permissions.brand_kit_regions_for(user)
    if kit.region_id is None:
        if not regions.exists():
            raise Http404
    elif not regions.filter(pk=kit.region_id).exists():
        raise Http404
    return kit


def regions_with_kits() -> list[Region]:
    """Every region, each with `has_kit` (central's list of regional kits)."""
    return list(
        Region.objects.annotate(
            has_kit=Count("brand_kit"),
        ).order_by("short_name")
    )


# --- Cards -----------------------------------------------------------------------


def post_for_cards(*, user, pk: int) -> PlannedPost:
    """A post the user may read, or 404: who sees a post sees its cards."""
    return get_object_or_404(
        contentplan_permissions.posts_for(user).select_related("plan", "rubric"), pk=pk
    )


# Apps above brand that give a post its picture (a survey's chart): each a
# callable post -> storage name or '', registered in their AppConfig.ready.
_PHOTO_SOURCES: list = []


def register_photo_source(source) -> None:
    if source not in _PHOTO_SOURCES:
        _PHOTO_SOURCES.append(source)


def card_photo(*, post: PlannedPost) -> str:
    """The storage name of the post's first photo, or ''.

    Only the post's own photos: a material's photos become the post's when it
    is accepted into the post. Photos still only on a material are seen by its
    branch and the press service, not by everyone who sees the post's cards.
    Without a photo, a registered source may give one (a survey's chart).
    """
    photo = (
        SubmissionPhoto.objects.filter(post=post)
        .order_by("submission_id", "position", "pk")
        .values_list("image", flat=True)
        .first()
    )
    if not photo:
        photo = next(filter(None, (source(post) for source in _PHOTO_SOURCES)), "")
    return photo or ""


def card_content(*, post: PlannedPost) -> cards.CardContent:
    return cards.CardContent(
        title=post.title,
        date=post.date,
        rubric_name=post.rubric.name,
        rubric_colour=post.rubric.colour,
        photo=card_photo(post=post),
    )


# --- The page standard -----------------------------------------------------------


def active_items() -> list[StandardItem]:
    return list(StandardItem.objects.filter(is_active=True))


def all_items() -> list[StandardItem]:
    return list(StandardItem.objects.all())


def submission_for_check(*, user, pk: int) -> Submission:
    return get_object_or_404(
        materials_permissions.submissions_for(user).select_related("branch__region"), pk=pk
    )


def post_for_check(*, user, pk: int) -> PlannedPost:
    return get_object_or_404(contentplan_permissions.posts_for(user).select_related("plan"), pk=pk)


def latest_check(*, post=None, submission=None) -> StandardCheck | None:
    """The last check of the post or the submission, with its answers and reviewer."""
    if post is not None:
        checks = StandardCheck.objects.filter(post=post)
    else:
        checks = StandardCheck.objects.filter(submission=submission)
    return (
        checks.select_related("reviewer")
        .prefetch_related("answers__item")
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class StandardFigures:
    checked: int  # posts of the period with at least one check
    passed: int  # of them, those whose latest check passed
    share: float | None  # passed / checked, 0..1; None when nothing was checked


def standard_figures(
    region: Region | None, start: datetime.date, end: datetime.date
) -> StandardFigures:
    """How many posts dated `start`..`end` (inclusive) were checked against the
    standard, and how many passed in their latest check. `region` None: all
    regions. One query, reading the checks (numbered per post by the database,
    the latest first), so its cost follows the checking, not the posts planned."""
    checks = StandardCheck.objects.filter(post__date__gte=start, post__date__lte=end)
    if region is not None:
        checks = checks.filter(post__plan__region=region)
    latest = checks.annotate(
        place=Window(
            RowNumber(),
            partition_by=[F("post_id")],
            order_by=[F("created_at").desc(), F("pk").desc()],
        )
    ).filter(place=1)
    results = list(latest.values_list("passed", flat=True))
    checked, passed = len(results), sum(results)
    return StandardFigures(
        checked=checked, passed=passed, share=passed / checked if checked else None
    )
