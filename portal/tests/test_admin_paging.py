"""The admin's change lists over every region's rows: an unfiltered list on
PostgreSQL reads the planner's estimate of the table instead of counting it;
everything else is counted exactly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.infrastructure.admin_paging import EstimatedCountPaginator
from portal.models import PrimaryOrganisation

from .factories import OrganisationFactory


class FromOne(EstimatedCountPaginator):
    estimate_from = 1


def _counts(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.fixture
def organisations(world):
    for number in range(30):
        OrganisationFactory(branch=world.other_branch, name=f"Детский сад № {number}")
    return PrimaryOrganisation.objects.order_by("pk")


def test_an_unfiltered_list_on_postgresql_reads_the_estimate(organisations):
    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate (pg_class.reltuples) is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_primaryorganisation")
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class "
            "WHERE oid = 'portal_primaryorganisation'::regclass"
        )
        (estimate,) = cursor.fetchone()
    assert estimate > 0
    with CaptureQueriesContext(connection) as queries:
        count = FromOne(organisations, 10).count
    assert count == estimate
    assert _counts(queries) == []


def test_a_small_table_is_counted(organisations):
    with CaptureQueriesContext(connection) as queries:
        count = EstimatedCountPaginator(organisations, 10).count
    assert count == PrimaryOrganisation.objects.count() == 33
    assert len(_counts(queries)) == 1


def test_a_filtered_list_is_counted_exactly(organisations, world):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE portal_primaryorganisation")
    filtered = organisations.filter(branch=world.other_branch)
    assert FromOne(filtered, 10).count == 31


@pytest.mark.parametrize(
    "name",
    [
        "admin:materials_submission_changelist",
        "admin:questions_question_changelist",
        "admin:portal_primaryorganisation_changelist",
    ],
)
def test_the_change_lists_count_once(organisations, admin_client, name):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(name))
    assert response.status_code == 200
    # The paginator's count only: no second count of the whole table.
    assert len(_counts(queries)) == 1
