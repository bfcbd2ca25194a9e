"""Changes to kits and to the page standard: one function each, in a transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.exceptions import Refused
from portal.models import Region, User

from . import logos
from .models import BrandKit, StandardAnswer, StandardCheck, StandardItem

KIT_FIELDS = ("primary_colour", "accent_colour", "text_colour", "background_colour", "typeface")


def ensure_default_kit() -> BrandKit:
    """The central committee's default kit, made with the house colours if missing."""
    try:
        with transaction.atomic():
            kit, _created = BrandKit.objects.get_or_create(region=None)
    except IntegrityError:  # made by another request at the same moment
        kit = BrandKit.objects.get(region=None)
    return kit


def kit_save(
    *,
    user: User,
    region: Region | None,
    data: dict,
    logo=None,
    remove_logo: bool = False,
    version: int | None = None,
) -> BrandKit:
    """Save the region's kit (made from the default on its first save) or the default.

    A new logo is checked by its content before anything is written; a refused
    one raises `logos.PhotoRefused` and leaves no row and no file. The kit's
    version goes up, so every card drawn with it is drawn again. `version` is
    the version of the kit the form showed (the default's, for a region still
    without its own): when someone saved in between, nothing is saved.
    """
    checked = logos.check_logo(logo) if logo else None
    written: list[str] = []
    try:
        with transaction.atomic():
            kit = _kit_to_change(region=region, version=version)
            old_logo = _apply_change(
                kit, data=data, checked=checked, remove_logo=remove_logo, written=written
            )
            kit.version = (kit.version or 0) + 1
            kit.updated_by = user
            kit.full_clean()
            kit.save()
    except IntegrityError:  # the region's first kit, saved twice at the same moment
        logos.delete_files(written)
        raise Refused(_stale_message()) from None
    except BaseException:
        logos.delete_files(written)
        raise
    if old_logo:
        transaction.on_commit(lambda: logos.delete_files([old_logo]))
    return kit


def _kit_to_change(*, region: Region | None, version: int | None) -> BrandKit:
    """The kit locked for the change, or a region's first kit (not saved yet)
    copied from the default; refused when it changed since the form showed it."""
    if region is None:
        kit = ensure_default_kit()
        kit = BrandKit.objects.select_for_update().get(pk=kit.pk)
    else:
        kit = BrandKit.objects.select_for_update().filter(region=region).first()
        if kit is None:
            default = ensure_default_kit()
            _check_version(default, version)
            kit = BrandKit(region=region, logo=default.logo.name if default.logo else "")
            for field in KIT_FIELDS:
                setattr(kit, field, getattr(default, field))
    if kit.pk:
        _check_version(kit, version)
    return kit


def _apply_change(kit: BrandKit, *, data: dict, checked, remove_logo: bool, written) -> str:
    """Sets the kit's fields and logo; the logo file no kit uses any more, or ""."""
    for field in KIT_FIELDS:
        if field in data:
            setattr(kit, field, data[field].lower() if "colour" in field else data[field])
    current = kit.logo.name if kit.logo else ""
    if checked is not None:
        kit.logo = logos.store_logo(checked, written)
    elif remove_logo:
        kit.logo = ""
    new = kit.logo.name if kit.logo else ""
    if current != new and not _logo_in_use(current, other_than=kit.pk):
        return current
    return ""


def _stale_message() -> str:
    return _(
        "Someone saved the brand kit after you opened it; nothing is saved. "
        "Open it again and repeat the change."
    )


def _check_version(kit: BrandKit, version: int | None) -> None:
    if version is not None and (kit.version or 0) != version:
        raise Refused(_stale_message())


def _logo_in_use(name: str, *, other_than: int | None) -> bool:
    """A regional kit made from the default shares its logo file until it changes it."""
    if not name:
        return True
    return BrandKit.objects.filter(logo=name).exclude(pk=other_than).exists()


def standard_check_save(
    *, user: User, answers: dict[int, bool], post=None, submission=None
) -> StandardCheck:
    """Record a reviewer's answers; every item in use must be answered."""
    items = list(StandardItem.objects.filter(is_active=True))
    missing = [item for item in items if item.pk not in answers]
    if missing or not items:
        raise Refused(_("Answer every point of the standard."))
    with transaction.atomic():
        check = StandardCheck.objects.create(
            post=post,
            submission=submission,
            reviewer=user,
            passed=all(answers[item.pk] for item in items),
        )
        StandardAnswer.objects.bulk_create(
            StandardAnswer(standard_check=check, item=item, passed=answers[item.pk])
            for item in items
        )
    return check


def standard_item_save(*, item: StandardItem | None = None, data: dict) -> StandardItem:
    with transaction.atomic():
        if item is None:
            if "position" not in data or data["position"] is None:
                top = StandardItem.objects.order_by("-position").values_list("position", flat=True)
                data = {**data, "position": (top.first() or 0) + 10}
            item = StandardItem(**data)
        else:
            for field, value in data.items():
                setattr(item, field, value)
        item.full_clean()
        item.save()
    return item
