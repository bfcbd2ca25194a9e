"""The review queue, the chair's list and a material's page cost the same
with 3 materials as with 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from materials import services
from materials.models import Submission

from . import images
from .test_uploads import data


def fill(world, times: int) -> None:
    """`times` materials from each branch of the region, two photos each, some returned."""
    press = world.users["press"]
    for _n in range(times):
        for chair in ("chair", "chair2"):
            submission = services.submission_create(
                user=world.users[chair],
                data=data(),
                uploads=[
                    images.jpeg("a.jpg", width=64, height=64),
                    images.png("b.png", width=64, height=64),
                ],
            )
            services.submission_take(submission=submission, user=press, version=0)
    returned = Submission.objects.filter(status="in_review").order_by("-pk").first()
    services.submission_return(submission=returned, user=press, version=1, comment="Ещё фото")


def count(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


# (role, address, pinned). Every page pays 6 for the session, the user and the bell.
PAGES = [
    # + the branches of the filter, the count of the queue (it is paginated),
    # the materials of the page, their photos
    ("press", "queue", 10),
    ("central", "queue", 10),
    # + the materials with rubric, post and author, their photos
    ("chair", "mine", 8),
    # + the material, its photos, its history, the rubrics and posts of the accept form
    ("press", "detail", 12),  # + the next free day of the plan, for «Принять в план»
    ("chair", "detail", 9),
    # + the regions of the filter, the branches, the events counted by month,
    # the medians (by the region's branches, never every region's rows)
    ("press", "stats", 9),  # the stored figures: one query for the months
    ("central", "stats", 9),
]


@pytest.mark.parametrize(("role", "page", "pinned"), PAGES)
def test_query_counts_do_not_grow(world, client_for, role, page, pinned):
    client = client_for(world.users[role])

    def address() -> str:
        if page == "detail":
            first = Submission.objects.filter(branch=world.branch, status="in_review").first()
            return reverse("submissions:detail", args=[first.pk])
        return reverse(f"submissions:{page}")

    fill(world, 1)
    at_1 = count(client, address())
    fill(world, 9)
    assert Submission.objects.count() == 20
    at_10 = count(client, address())
    assert (at_1, at_10) == (pinned, pinned)


def test_the_queue_is_paginated_oldest_first_keeping_its_filters(world, client_for, monkeypatch):
    from materials import views

    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 3)
    fill(world, 2)  # 4 materials, one of them returned
    client = client_for(world.users["press"])
    address = reverse("submissions:queue")
    first = client.get(address, {"status": "all"})
    rows = list(first.context["submissions"])
    assert len(rows) == 3 and first.context["page"].paginator.count == 4
    assert rows == sorted(rows, key=lambda s: (s.sent_at, s.pk))
    assert "status=all&amp;page=2" in first.content.decode()
    second = client.get(address, {"status": "all", "page": 2})
    assert len(second.context["submissions"]) == 1
    assert second.context["submissions"][0] not in rows


def test_the_admin_change_list_costs_the_same(world, admin_client):
    """The admin's list of materials (a superuser sees every region's), one page
    in the model's order read through the index on (sent_at, id), counted once
    (portal.infrastructure.admin_paging)."""
    address = reverse("admin:materials_submission_changelist")
    fill(world, 1)
    at_1 = count(admin_client, address)
    fill(world, 9)
    # PostgreSQL first reads the table's estimate (too small here to be used).
    pinned = 10 if connection.vendor == "postgresql" else 9
    assert (at_1, count(admin_client, address)) == (pinned, pinned)
