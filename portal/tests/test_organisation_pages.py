"""The organisation list pages through the branches' stored totals (BranchWalk):
the same rows in the same order as sorting every row, page by page."""

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from portal import selectors
from portal.models import PrimaryOrganisation
from portal.selectors import OrganisationFilters

from .factories import BranchFactory, OrganisationFactory, RegionFactory


@pytest.fixture
def many(world):
    """Branches of several sizes (one empty) in three regions, names out of order."""
    third = RegionFactory(short_name="Абайская область")
    sizes = {world.branch: 7, world.branch2: 0, world.other_branch: 40}
    sizes[BranchFactory(region=third, name="г. Семей")] = 5
    sizes[BranchFactory(region=world.region, name="Алтайский район")] = 20
    for branch, size in sizes.items():
        for number in range(size, 0, -1):
            OrganisationFactory(branch=branch, name=f"Гимназия № {number}", members=number)
    return world


def _sorted_by_database(user, filters: OrganisationFilters | None = None) -> list[int]:
    filters = filters or OrganisationFilters()
    return list(
        selectors.organisations_filtered(user=user, filters=filters).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("role", ["central", "press", "chair"])
@pytest.mark.parametrize("size", [1, 4, 5, 50])
def test_every_page_holds_the_rows_sorting_every_row_would_show(many, role, size):
    user = many.users[role]
    walk = selectors.organisations_page_source(user=user, filters=OrganisationFilters())
    assert isinstance(walk, selectors.BranchWalk)
    paginator = Paginator(walk, size)
    paged = [
        organisation.pk
        for number in paginator.page_range
        for organisation in paginator.page(number)
    ]
    expected = _sorted_by_database(user)
    assert paged == expected
    assert paginator.count == len(expected)
    organisations = selectors.organisations_filtered(user=user, filters=OrganisationFilters())
    assert walk.totals() == selectors.totals_of(organisations)


def test_a_region_or_a_branch_filter_walks_only_its_branches(many):
    central = many.users["central"]
    for filters in (
        OrganisationFilters(region=many.region),
        OrganisationFilters(branch=many.other_branch),
    ):
        walk = selectors.organisations_page_source(user=central, filters=filters)
        assert [row.pk for row in walk[0 : walk.count()]] == _sorted_by_database(central, filters)


def test_a_search_or_a_kind_is_sorted_by_the_database(many):
    central = many.users["central"]
    for filters in (OrganisationFilters(q="№ 1"), OrganisationFilters(kind="school")):
        source = selectors.organisations_page_source(user=central, filters=filters)
        assert not isinstance(source, selectors.BranchWalk)


def test_single_rows_and_slices_past_the_end(many):
    walk = selectors.organisations_page_source(
        user=many.users["central"], filters=OrganisationFilters()
    )
    expected = _sorted_by_database(many.users["central"])
    assert walk[0].pk == expected[0]
    assert walk[len(expected) - 1].pk == expected[-1]
    assert walk[len(expected) : len(expected) + 10] == []
    with pytest.raises(IndexError):
        walk[len(expected)]


def test_the_page_shows_the_rows_with_their_region_and_branch(many, client_for):
    client = client_for(many.users["central"])
    response = client.get(reverse("portal:organisation_list"), {"page": 2})
    assert response.status_code == 200
    page = response.context["page"]
    expected = _sorted_by_database(many.users["central"])
    assert len(expected) > 50
    assert [row.pk for row in page] == expected[50:100]
    totals = response.context["totals"]
    assert totals.organisations == PrimaryOrganisation.objects.count()
    first = PrimaryOrganisation.objects.select_related("branch__region").get(pk=expected[50])
    assert first.name in response.content.decode()
    assert first.branch.region.short_name in response.content.decode()
