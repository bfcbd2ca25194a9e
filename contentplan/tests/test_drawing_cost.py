"""What drawing the calendar's month, week, day, queue and a campaign costs on every
visit (issue 33, «Warm»): their boards come from the cache, so what is left
is the drawing. Pinned as counts of its work (date formats, the template's
lookups, the templates rendered), not as times."""

from __future__ import annotations

from collections import Counter

import pytest
from django.template.base import Variable
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import formats

from .test_query_counts import MARCH, TUESDAY, fill


@pytest.fixture
def work(monkeypatch):
    """Counts of a request's drawing: dates formatted, variables looked up in
    the template, templates rendered (by name)."""
    counts = Counter()
    date_format, lookup = formats.date_format, Variable._resolve_lookup

    def counting_date_format(*args, **kwargs):
        counts["date formats"] += 1
        return date_format(*args, **kwargs)

    def counting_lookup(self, context):
        counts["lookups"] += 1
        return lookup(self, context)

    def rendered(sender, template, context, **kwargs):
        counts[template.name] += 1

    monkeypatch.setattr(formats, "date_format", counting_date_format)
    monkeypatch.setattr(Variable, "_resolve_lookup", counting_lookup)
    template_rendered.connect(rendered)
    yield counts
    template_rendered.disconnect(rendered)


def _address(name: str, args, plan) -> str:
    if args == "campaign":
        return reverse(name, args=[plan.region.campaigns.first().pk])
    return reverse(name, args=args)


# (URL name, arguments, most date formats, most lookups) with 100 posts in the
# month, the board read from the cache. Before (issue 33) the week formatted
# 323 dates (three a cell of its hours) and looked up 2,447 variables; the day
# 69 and 937; the queue 30 and 665; a campaign 36 and 978 (a template
# included for each post, every option of the filters compared by two
# filters, ten date filters in the views' switch). Then the chips were still
# a template each (month_chip.html, chip.html): the month looked up 3,337
# variables, the week 2,257 and formatted 40 dates (one a chip), the day 761
# and 26; now they are drawn by the tags of calendar_chips, with the month's
# grid and the week's hours (383 and 369 lookups).
PAGES = [
    ("contentplan:calendar", MARCH, 20, 450),
    ("contentplan:week", TUESDAY, 12, 450),
    ("contentplan:day", TUESDAY, 22, 650),
    ("contentplan:queue", [], 0, 250),
    ("contentplan:campaign_detail", "campaign", 5, 500),
]
# The templates no page includes any more: the chips and the list's rows are
# drawn by tags (calendar_chips, contentplan.post_rows).
DRAWN_BY_TAGS = (
    "contentplan/includes/month_chip.html",
    "contentplan/includes/chip.html",
    "contentplan/includes/post_row.html",
)


@pytest.mark.parametrize(("name", "args", "dates", "lookups"), PAGES)
def test_a_warm_view_draws_without_work_per_cell(
    world, plan, rubrics, client_for, work, name, args, dates, lookups
):
    client = client_for(world.users["press"])
    fill(world, plan, rubrics, 100)
    address = _address(name, args, plan)
    assert client.get(address).status_code == 200  # the board kept, the view remembered
    work.clear()
    assert client.get(address).status_code == 200
    assert work["date formats"] <= dates, work
    assert work["lookups"] <= lookups, work
    assert not [name for name in DRAWN_BY_TAGS if work[name]], work
