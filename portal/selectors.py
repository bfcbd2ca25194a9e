"""Queries the organisation pages need, always starting from a user's permissions.

Each selector costs a fixed number of SQL queries however many rows there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce, Upper
from django.shortcuts import get_object_or_404

from . import permissions
from .models import Branch, PrimaryOrganisation, Region, User


@dataclass(frozen=True)
class Totals:
    organisations: int
    members: int


def _totals(organisations: QuerySet[PrimaryOrganisation]) -> Totals:
    row = organisations.aggregate(n=Count("pk"), members=Sum("members"))
    return Totals(organisations=row["n"], members=row["members"] or 0)


def regions_with_totals(*, user) -> QuerySet[Region]:
    """Regions with their numbers of branches, organisations and members.

    Each figure is a subquery per region over its branches, whose totals are
    stored (`portal.totals`), so the cost does not grow with the organisations."""
    branches = Branch.objects.filter(region=OuterRef("pk")).values("region")
    return permissions.regions_for(user).annotate(
        branch_count=Coalesce(Subquery(branches.annotate(n=Count("pk")).values("n")), 0),
        organisation_count=Coalesce(
            Subquery(branches.annotate(n=Sum("organisations_total")).values("n")), 0
        ),
        member_count=Subquery(branches.annotate(n=Sum("members_total")).values("n")),
    )


def branches_with_totals(*, user, region: Region | None = None) -> QuerySet[Branch]:
    branches = permissions.branches_for(user).select_related("region")
    if region is not None:
        branches = branches.filter(region=region)
    return branches.annotate(
        organisation_count=F("organisations_total"), member_count=F("members_total")
    )


def region_for(*, user, pk: int) -> Region:
    """The region with its totals, or 404 outside the user's permissions."""
    return get_object_or_404(regions_with_totals(user=user), pk=pk)


def branch_for(*, user, pk: int) -> Branch:
    """The branch with its totals, or 404 outside the user's permissions."""
    return get_object_or_404(branches_with_totals(user=user), pk=pk)


def organisation_for(*, user, pk: int) -> PrimaryOrganisation:
    return get_object_or_404(
        permissions.organisations_for(user).select_related("branch__region"), pk=pk
    )


def organisations_by_kind(*, branch: Branch) -> list[dict]:
    rows = (
        branch.organisations.values("kind")
        .annotate(n=Count("pk"), members=Sum("members"))
        .order_by("kind")
    )
    labels = dict(PrimaryOrganisation.Kind.choices)
    return [{**row, "label": labels.get(row["kind"], row["kind"])} for row in rows]


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    region: Region | None = None
    branch: Branch | None = None
    kind: str = ""


def organisations_filtered(*, user, filters: OrganisationFilters) -> QuerySet[PrimaryOrganisation]:
    organisations = permissions.organisations_for(user).select_related("branch__region")
    if filters.q:
        # Upper() rather than icontains: SQLite folds only ASCII letters in
        # LIKE, and our names are Cyrillic (see PortalConfig.ready).
        needle = filters.q.upper()
        organisations = organisations.annotate(
            name_upper=Upper("name"), branch_upper=Upper("branch__name")
        ).filter(Q(name_upper__contains=needle) | Q(branch_upper__contains=needle))
    if filters.region is not None:
        organisations = organisations.filter(branch__region=filters.region)
    if filters.branch is not None:
        organisations = organisations.filter(branch=filters.branch)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    return organisations.order_by("branch__region__short_name", "branch__name", "sort_key")


def totals_of(organisations: QuerySet[PrimaryOrganisation]) -> Totals:
    return _totals(organisations.order_by())


def press_of(region_id: int) -> QuerySet[User]:
    """The region's active press secretaries (leaders included)."""
    return User.objects.filter(role=User.Role.PRESS, region=region_id, is_active=True)


def press_by_region(region_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active press secretaries of each region, in one query."""
    people: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role=User.Role.PRESS, region__in=set(region_ids), is_active=True
    ):
        people.setdefault(user.region_id, []).append(user)
    return people


class BranchWalk:
    """The organisations of some branches in the list's order (region, branch,
    natural name order), read a page at a time through each branch's stored
    total (`portal.totals`) and the index on (branch, sort_key).

    Django's Paginator takes it like a queryset: `count()` adds the branches'
    totals, a slice reads only the branches the slice falls in. So a page
    costs the same whether the other regions hold fifty thousand organisations
    or half a million; sorting every row of every region to show fifty of
    them is what it replaces."""

    def __init__(self, branches: list[Branch]):
        self.branches = branches
        self.starts: list[int] = []
        position = 0
        for branch in branches:
            self.starts.append(position)
            position += branch.organisations_total
        self.total = position

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def totals(self) -> Totals:
        return Totals(organisations=self.total, members=sum(b.members_total for b in self.branches))

    def __getitem__(self, index):
        if not isinstance(index, slice):
            rows = self[index : index + 1]
            if not rows:
                raise IndexError(index)
            return rows[0]
        start, stop = index.start or 0, self.total if index.stop is None else index.stop
        covered = [
            branch
            for branch, first in zip(self.branches, self.starts, strict=True)
            if branch.organisations_total
            and first < stop
            and first + branch.organisations_total > start
        ]
        if not covered or stop <= start:
            return []
        skip = start - self.starts[self.branches.index(covered[0])]
        by_pk = {branch.pk: branch for branch in covered}
        order = Case(
            *[When(branch=branch.pk, then=number) for number, branch in enumerate(covered)]
        )
        rows = list(
            PrimaryOrganisation.objects.filter(branch__in=list(by_pk)).order_by(
                order, "sort_key", "pk"
            )[skip : skip + (stop - start)]
        )
        for row in rows:  # the branch with its region as read above, no join
            row.branch = by_pk[row.branch_id]
        return rows


def organisations_page_source(
    *, user, filters: OrganisationFilters
) -> BranchWalk | QuerySet[PrimaryOrganisation]:
    """What the organisation list paginates: without a search or a kind, a
    walk over the branches in scope (see BranchWalk); with one, the rows it
    matches, sorted by the database."""
    if filters.q or filters.kind:
        return organisations_filtered(user=user, filters=filters)
    branches = permissions.branches_for(user).select_related("region")
    if filters.region is not None:
        branches = branches.filter(region=filters.region)
    if filters.branch is not None:
        branches = branches.filter(pk=filters.branch.pk)
    return BranchWalk(list(branches.order_by("region__short_name", "name", "pk")))
