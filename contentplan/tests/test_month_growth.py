"""The month's HTML grows little with the data (issue 33, «Growth»): at ten
times the posts a crowded day shows its first few and «ещё N», so the page
at 10× is at most 1.3 times its size at 1×. The posts are made by the demo's
own generator (`load_demo`'s plans, as `make bench` loads them), with the
demo's reach, for a press secretary who may edit."""

import datetime
import random

from django.urls import reverse

from contentplan.models import PlannedPost
from dashboards.management.commands.load_demo import Command as LoadDemo
from portal import freshness
from portal.models import Branch
from reach import demo as reach_demo

GROWTH = 1.3
TODAY = datetime.date(2026, 3, 16)  # the month measured, half past and half ahead


def _month_bytes(region, client, *, scale: int) -> int:
    """Build the region's plans as the bench does at `scale`, and measure
    this month's calendar."""
    branches = list(region.branches.order_by("pk"))
    LoadDemo()._plans(region, branches, scale=scale, today=TODAY, rng=random.Random(7), years=1)
    reach_demo.load_demo(region=region, today=TODAY, rng=random.Random(region.short_name))
    freshness.forget_all()  # the board drawn, as the bench measures it
    response = client.get(reverse("contentplan:calendar", args=[f"{TODAY:%Y}", f"{TODAY:%m}"]))
    assert response.status_code == 200
    return len(response.content)


def test_the_month_at_ten_times_the_posts_is_at_most_a_third_bigger(world, rubrics, client_for):
    region = world.region
    # A demo region's branches (load_demo makes 8 to 20): a chip's tooltip names its branch.
    Branch.objects.bulk_create(
        Branch(region=region, name=f"Район № {n + 1} (демо)", kind=Branch.Kind.DISTRICT)
        for n in range(12)
    )
    client = client_for(world.users["press"])
    sizes = {}
    for scale in (1, 10):
        region.plans.all().delete()
        sizes[scale] = _month_bytes(region, client, scale=scale)
        month = PlannedPost.objects.filter(plan__region=region, plan__month__month=TODAY.month)
        assert month.count() == 30 * scale  # the bench's posts a month
    ratio = sizes[10] / sizes[1]
    assert ratio <= GROWTH, f"{sizes[1]} bytes at 1×, {sizes[10]} at 10×: {ratio:.2f}×"
