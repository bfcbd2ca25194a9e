"""Organisations sort as people count: № 1, № 2, № 10 — in lists, selects and exports."""

import importlib
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import PrimaryOrganisation, natural_sort_key
from portal.tests.factories import OrganisationFactory

NAMES = ["Школа № 10", "Школа № 2", "школа № 1", "Школа № 21", "Гимназия № 3"]
EXPECTED = ["Гимназия № 3", "школа № 1", "Школа № 2", "Школа № 10", "Школа № 21"]


def test_the_key_pads_numbers_and_ignores_case_and_spaces():
    assert natural_sort_key("Школа  №  2") == natural_sort_key("школа № 2")
    assert natural_sort_key("Школа № 2") < natural_sort_key("Школа № 10")
    assert natural_sort_key("КГУ «СОШ № 9»") < natural_sort_key("КГУ «СОШ № 10»")


@pytest.fixture
def numbered(world):
    world.branch.organisations.all().delete()
    for name in NAMES:
        OrganisationFactory(branch=world.branch, name=name)
    return world


def _order(names: list[str]) -> list[str]:
    return [name for name in names if name in NAMES]


@pytest.mark.django_db
def test_saved_and_bulk_created_rows_get_the_key(world):
    one = OrganisationFactory(branch=world.branch, name="Школа № 5")
    assert one.sort_key == natural_sort_key("Школа № 5")
    one.name = "Школа № 50"
    one.save(update_fields=["name"])
    one.refresh_from_db()
    assert one.sort_key == natural_sort_key("Школа № 50")
    PrimaryOrganisation.objects.bulk_create(
        [PrimaryOrganisation(branch=world.branch, name="Школа № 6", kind="school", members=1)]
    )
    assert PrimaryOrganisation.objects.get(name="Школа № 6").sort_key == natural_sort_key(
        "Школа № 6"
    )


@pytest.mark.django_db
def test_the_list_the_branch_and_the_default_order_are_natural(numbered, client_for):
    client = client_for(numbered.users["press"])
    page = client.get(reverse("portal:organisation_list"), {"branch": numbered.branch.pk})
    shown = [organisation.name for organisation in page.context["page"].object_list]
    assert _order(shown) == EXPECTED
    page = client.get(reverse("portal:branch_detail", args=[numbered.branch.pk]))
    text = page.content.decode()
    assert sorted(EXPECTED, key=text.index) == EXPECTED
    default = PrimaryOrganisation.objects.filter(branch=numbered.branch)
    assert [organisation.name for organisation in default] == EXPECTED


@pytest.mark.django_db
def test_the_export_is_in_natural_order(numbered, client_for):
    client = client_for(numbered.users["press"])
    response = client.get(reverse("portal:organisation_export"), {"branch": numbered.branch.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response))).active
    names = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert _order(names) == EXPECTED


@pytest.mark.django_db
def test_the_migration_fills_the_key_of_existing_rows(numbered):
    from django.apps import apps

    migration = importlib.import_module("portal.migrations.0013_organisation_sort_key")
    PrimaryOrganisation.objects.update(sort_key="")
    migration.fill_sort_keys(apps, None)
    assert all(
        organisation.sort_key == natural_sort_key(organisation.name)
        for organisation in PrimaryOrganisation.objects.all()
    )
