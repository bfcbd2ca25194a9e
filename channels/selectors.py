"""Queries of the connections' pages: scoped, fixed in cost."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from branches.models import PageSnapshot, SocialPage

from . import permissions
from .models import Connection


def _latest_snapshot():
    return PageSnapshot.objects.filter(page=OuterRef("pk")).order_by("-measured_on")


def _latest_count():
    # The newest measurement that has a count (a network may show none some day).
    return _latest_snapshot().exclude(followers=None)


def connection_rows(*, user, region=None) -> QuerySet[SocialPage]:
    """The user's pages (not closed) with their connection, the source and
    date of their newest measurement, and their latest follower count with its
    date: one query however many pages."""
    pages = permissions.pages_for(user).exclude(lifecycle=SocialPage.Lifecycle.CLOSED)
    if region is not None:
        pages = pages.filter(region=region)
    return (
        pages.select_related("region", "branch", "connection")
        .annotate(
            measured_on=Subquery(_latest_snapshot().values("measured_on")[:1]),
            measured_source=Subquery(_latest_snapshot().values("source")[:1]),
            latest_followers=Subquery(_latest_count().values("followers")[:1]),
            followers_on=Subquery(_latest_count().values("measured_on")[:1]),
        )
        .order_by("region__short_name", "branch__name", "platform", "pk")
    )


def page_for(*, user, pk: int) -> SocialPage:
    return get_object_or_404(permissions.pages_for(user).select_related("region", "branch"), pk=pk)


def connection_of(page: SocialPage) -> Connection | None:
    return Connection.objects.filter(page=page).first()


def latest_snapshots(page: SocialPage, count: int = 10) -> list[PageSnapshot]:
    return list(page.snapshots.order_by("-measured_on")[:count])
