"""A regional organisation's report: its sections in order, with the job's
progress on the way."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import translation

from portal.models import Region

from . import (
    branch_pages,
    conclusions,
    library,
    organisation,
    outlets,
    own_pages,
    pages,
    plan,
    reach,
)
from .blocks import header, signature
from .words import in_region


def build_report(
    *,
    region: Region,
    start: datetime.date,
    end: datetime.date,
    progress: Callable[[int], None] = lambda percent: None,
) -> list[dict]:
    """The report's blocks for the region and the period, in Russian."""
    with translation.override("ru"):
        blocks = header(
            subtitle=f"об организации информационной работы в {in_region(region.name)}",
            start=start,
            end=end,
        )
        blocks += organisation.size(region)
        blocks += organisation.staff(region)
        progress(20)
        blocks += outlets.website(region, start, end)
        lines = pages.pages_with_state(region, end)
        own, growth = own_pages.section(region, lines, end)
        blocks += own
        progress(40)
        blocks += outlets.media(region, start, end)
        shelf, _issued = library.section(region, start, end)
        blocks += shelf
        progress(55)
        blocks += branch_pages.section(lines)
        blocks += reach.section(region, start, end)
        progress(70)
        totals = plan.totals(region, start, end)
        submissions = plan.submissions(region, start, end)
        blocks += conclusions.section(region, lines, growth, totals, submissions)
        blocks.append(signature())
        progress(80)
    return blocks
