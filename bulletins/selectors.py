"""Queries the library's pages need, always starting from what the user may read.

Each selector costs a fixed number of SQL queries however many rows there are;
an object outside the user's scope is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Upper
from django.shortcuts import get_object_or_404

from bulletins import permissions
from portal.models import Region

from .models import Bulletin, Collection, Item, Section, Topic

# --- What everyone reads --------------------------------------------------------


def topics_matching(text: str) -> list[str]:
    """Topics whose name, in the current language, contains `text`."""
    needle = text.upper()
    return [value for value, label in Topic.choices if needle in str(label).upper()]


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    topic: str = ""
    region: Region | None = None

    @property
    def searching(self) -> bool:
        return bool(self.q or self.topic)


def library_bulletins(*, user, filters: LibraryFilters) -> QuerySet[Bulletin]:
    """Readable bulletins, newest first, found by title or topic."""
    q = filters.q
    bulletins = permissions.library_bulletins_for(user).select_related("region")
    if q:
        # Upper() rather than icontains: SQLite folds only ASCII letters in
        # LIKE, and our titles are Cyrillic (see PortalConfig.ready).
        bulletins = bulletins.annotate(title_upper=Upper("title")).filter(
            Q(title_upper__contains=q.upper()) | Q(topic__in=topics_matching(q))
        )
    if filters.topic:
        bulletins = bulletins.filter(topic=filters.topic)
    if filters.region is not None:
        bulletins = bulletins.filter(region=filters.region)
    return bulletins.order_by("region__short_name", "-issued_on", "-number")


def library_collections(*, user, filters: LibraryFilters) -> QuerySet[Collection]:
    """Readable collections, found by title, with the number of materials the user may
    open in each. Collections have no topic: the topic filter is for the caller."""
    collections = permissions.library_collections_for(user).select_related("region")
    if filters.q:
        collections = collections.annotate(title_upper=Upper("title")).filter(
            title_upper__contains=filters.q.upper()
        )
    if filters.region is not None:
        collections = collections.filter(region=filters.region)
    readable = permissions.library_items_for(user).values("pk")
    return collections.annotate(
        item_count=Count("sections__items", filter=Q(sections__items__in=readable))
    ).order_by("region__short_name", "title")


def library_regions(*, user) -> QuerySet[Region]:
    """Regions with something in the library the user may read, for the filter."""
    return Region.objects.filter(
        Exists(permissions.library_bulletins_for(user).filter(region=OuterRef("pk")))
        | Exists(permissions.library_collections_for(user).filter(region=OuterRef("pk")))
    ).order_by("short_name")


def bulletin_for(*, user, pk: int) -> Bulletin:
    return get_object_or_404(
        permissions.library_bulletins_for(user).select_related("region"), pk=pk
    )


def collection_for(*, user, pk: int) -> Collection:
    return get_object_or_404(
        permissions.library_collections_for(user).select_related("region"), pk=pk
    )


def collection_with_contents(*, user, pk: int) -> Collection:
    """A collection with its sections, each with the materials the user may open."""
    items = permissions.library_items_for(user).order_by("position", "title")
    sections = Section.objects.order_by("position", "title").prefetch_related(
        Prefetch("items", queryset=items, to_attr="readable_items")
    )
    return get_object_or_404(
        permissions.library_collections_for(user)
        .select_related("region")
        .prefetch_related(Prefetch("sections", queryset=sections)),
        pk=pk,
    )


def item_for(*, user, pk: int) -> Item:
    return get_object_or_404(permissions.library_items_for(user), pk=pk)


def statistics_regions(*, user) -> set[int]:
    """Ids of the regions whose counts the user may see on the library's pages."""
    return set(permissions.library_statistics_regions_for(user).values_list("pk", flat=True))


# --- What the press secretary manages -------------------------------------------


def managed_bulletins(*, user) -> QuerySet[Bulletin]:
    return Bulletin.objects.filter(region__in=permissions.library_regions_managed_by(user))


def managed_collections(*, user) -> QuerySet[Collection]:
    return Collection.objects.filter(region__in=permissions.library_regions_managed_by(user))


def managed_bulletin(*, user, pk: int) -> Bulletin:
    return get_object_or_404(managed_bulletins(user=user).select_related("region"), pk=pk)


def managed_collection(*, user, pk: int) -> Collection:
    """A collection of the user's region with all its sections and materials."""
    sections = Section.objects.order_by("position", "title").prefetch_related(
        Prefetch("items", queryset=Item.objects.order_by("position", "title"))
    )
    return get_object_or_404(
        managed_collections(user=user)
        .select_related("region")
        .prefetch_related(Prefetch("sections", queryset=sections)),
        pk=pk,
    )


def managed_section(*, user, pk: int) -> Section:
    return get_object_or_404(
        Section.objects.filter(collection__in=managed_collections(user=user)).select_related(
            "collection__region"
        ),
        pk=pk,
    )


def managed_item(*, user, pk: int) -> Item:
    return get_object_or_404(
        Item.objects.filter(section__collection__in=managed_collections(user=user)).select_related(
            "section__collection__region"
        ),
        pk=pk,
    )


def managed_library(*, user) -> tuple[QuerySet[Bulletin], QuerySet[Collection]]:
    """The region's bulletins and collections, with their counts, for the press secretary."""
    bulletins = managed_bulletins(user=user).order_by("-issued_on", "-number")
    collections = (
        managed_collections(user=user)
        .annotate(
            section_count=Count("sections", distinct=True),
            item_count=Count("sections__items", distinct=True),
            downloads=Sum("sections__items__downloads"),
        )
        .order_by("title")
    )
    return bulletins, collections


# --- Statistics ----------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """A bulletin or a collection with what was measured of it."""

    obj: Bulletin | Collection
    is_bulletin: bool
    scans: int
    downloads: int


@dataclass
class RegionFigures:
    region: Region
    bulletins: int = 0
    collections: int = 0
    items: int = 0
    scans: int = 0
    downloads: int = 0
    rows: list[FigureRow] = field(default_factory=list)


def library_statistics(*, user) -> list[RegionFigures]:
    """Scans and downloads per region in the user's statistics scope, with its
    bulletins and collections, most scanned first. Three queries."""
    regions = permissions.library_statistics_regions_for(user).order_by("short_name")
    figures = {region.pk: RegionFigures(region=region) for region in regions}
    bulletins = Bulletin.objects.filter(region__in=regions)
    collections = Collection.objects.filter(region__in=regions).annotate(
        item_count=Count("sections__items"), item_downloads=Sum("sections__items__downloads")
    )
    for bulletin in bulletins:
        region = figures[bulletin.region_id]
        region.bulletins += 1
        region.rows.append(FigureRow(bulletin, True, bulletin.scans, bulletin.downloads))
    for collection in collections:
        region = figures[collection.region_id]
        region.collections += 1
        region.items += collection.item_count
        downloads = collection.item_downloads or 0
        region.rows.append(FigureRow(collection, False, collection.scans, downloads))
    for region in figures.values():
        region.scans = sum(row.scans for row in region.rows)
        region.downloads = sum(row.downloads for row in region.rows)
        region.rows.sort(
            key=lambda row: (
                -row.scans,
                -row.downloads,
                row.is_bulletin,
                getattr(row.obj, "number", 0),
                str(row.obj),
            )
        )
    return list(figures.values())
