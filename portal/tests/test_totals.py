"""Each branch keeps its totals of organisations and members: after a save, a
move, a delete, an import, and in the regions' and branches' figures."""

from __future__ import annotations

from portal import selectors, totals
from portal.models import Branch, PrimaryOrganisation
from portal.tests.factories import OrganisationFactory

from .test_organisation_import import CONFIRM, IMPORT, csv_file


def stored(branch: Branch) -> tuple[int, int]:
    branch.refresh_from_db()
    return branch.organisations_total, branch.members_total


def counted(branch: Branch) -> tuple[int, int]:
    organisations = PrimaryOrganisation.objects.filter(branch=branch)
    return organisations.count(), sum(organisations.values_list("members", flat=True))


def test_totals_follow_saves_moves_and_deletes(world):
    branch, branch2 = world.branch, world.branch2
    assert stored(branch) == counted(branch)
    before = stored(branch)
    school = OrganisationFactory(branch=branch, members=25)
    assert stored(branch) == (before[0] + 1, before[1] + 25)
    school.members = 30
    school.save()
    assert stored(branch) == (before[0] + 1, before[1] + 30)
    before2 = stored(branch2)
    school.branch = branch2
    school.save()
    assert stored(branch) == before
    assert stored(branch2) == (before2[0] + 1, before2[1] + 30)
    school.delete()
    assert stored(branch2) == before2


def test_an_import_updates_the_totals(world, client_for):
    press = client_for(world.users["press"])
    branch = world.branch  # г. Усть-Каменогорск in the world
    upload = csv_file(
        "Филиал;Организация;Тип;Членов профсоюза\n"
        f"{branch.name};Детский сад № 5;детский сад;18\n"
        f"{branch.name};Колледж № 9;колледж;200\n"
    )
    preview = press.post(IMPORT, {"file": upload}).context["preview"]
    assert preview.valid
    press.post(CONFIRM, {"token": preview.token})
    assert stored(branch) == counted(branch)
    assert PrimaryOrganisation.objects.filter(name="Колледж № 9").exists()


def test_region_and_branch_figures_read_the_stored_totals(world):
    OrganisationFactory.create_batch(3, branch=world.branch, members=10)
    region = selectors.regions_with_totals(user=world.users["central"]).get(pk=world.region.pk)
    organisations = PrimaryOrganisation.objects.filter(branch__region=world.region)
    assert region.organisation_count == organisations.count()
    assert region.member_count == sum(organisations.values_list("members", flat=True))
    rows = selectors.branches_with_totals(user=world.users["press"], region=world.region)
    assert {b.pk: (b.organisation_count, b.member_count) for b in rows} == {
        b.pk: counted(b) for b in Branch.objects.filter(region=world.region)
    }


def test_refresh_repairs_totals_written_around_the_signals(world):
    PrimaryOrganisation.objects.filter(branch=world.branch).update(members=1)  # no signal
    assert stored(world.branch) != counted(world.branch)
    totals.refresh_region(world.region.pk)
    assert stored(world.branch) == counted(world.branch)
