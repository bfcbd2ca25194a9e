"""The calendar's month board (the grid with its chips and the balance), drawn
once and kept in the cache until anything it shows changes.

The board is the same for everyone who sees one region's month with the same
filters, in one language, on one day, and who may (or may not) edit the plan:
nothing of the person looking at it is drawn inside (the address it redraws
itself from and the CSRF token stay in the page around it). It is kept under a
key that carries the region's version (`portal.freshness`): a post saved,
moved or deleted, a status changed by a bulk action or a daily task (the
content plan's `posts_updated`), a publication sent or failed, a campaign,
branch, rubric or channel renamed — each gives the region (or everything) a
new version, and the board is drawn anew on the next visit.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal import freshness

from . import chips as chip_states
from . import selectors
from .models import MonthlyPlan

TEMPLATE = "contentplan/includes/month_grid.html"
# The template's indentation and empty lines: a fifth of the board's bytes.
INDENTATION = re.compile(r"\n\s+")
INDENTATION_BYTES = re.compile(rb"\n\s+")


@functools.cache
def shape() -> str:
    """A fingerprint of the code that builds and draws the board: a board
    drawn by other code (before a deploy) is never read back."""
    here = Path(__file__).resolve().parent
    templates = here / "templates" / "contentplan" / "includes"
    return freshness.fingerprint(
        here / "boards.py",
        here / "selectors.py",
        here / "chips.py",
        templates / "month_grid.html",
        templates / "chip.html",
        templates / "balance.html",
    )


@dataclass
class MonthBoard:
    html: SafeString
    weeks: list[list[selectors.Day]]
    shown_count: int
    total_count: int


@dataclass
class Choices:
    """What the filters of a region's plan offer (and the chips and the
    balance draw): the same for everyone, read once until the region changes."""

    rubrics: list
    channels: list
    branches: list
    campaigns: list


def region_choices(region) -> Choices:
    """The rubrics, channels, branches and campaigns of the region's plan,
    from the cache when nothing changed since they were read (a rubric or a
    channel, of no region, gives every region a new version)."""
    key = freshness.key("contentplan.choices", shape(), region.pk, region_id=region.pk)
    return freshness.cached(
        key,
        lambda: Choices(
            rubrics=selectors.rubrics(),
            channels=selectors.channels(),
            branches=selectors.region_branches(region=region),
            campaigns=selectors.region_campaigns(region=region),
        ),
    )


def chips_of(posts, channels) -> list[selectors.Chip]:
    """The posts as chips with their channels' icons (one query for all of
    them) and, when an app above registered them, their publication states
    and reach (each asked once for the whole page)."""
    ids = [post.pk for post in posts]
    return selectors.calendar_chips(
        posts,
        channels_of=selectors.chip_channels(post_ids=ids, channels=channels),
        states=chip_states.channel_states(ids),
        reach=chip_states.post_reach(ids),
    )


def month_board(
    *,
    region,
    plan: MonthlyPlan | None,
    month: datetime.date,
    today: datetime.date,
    filters: selectors.PostFilters,
    view_query: str,
    may_edit: bool,
    rubrics: list,
    channels: list,
    branches: list,
) -> MonthBoard:
    """The board of `plan`'s month as `filters` (validated; `view_query` is
    their normalised address form, with the region when it is not the user's
    own) keep it; from the cache when it was drawn since the last change."""
    key = freshness.key(
        "contentplan.month",
        shape(),
        region.pk,
        plan.pk if plan is not None else "-",
        month.isoformat(),
        today.isoformat(),
        get_language(),
        "edit" if may_edit else "read",
        # Only validated values reach the query; hashed to keep the key short.
        hashlib.sha256(view_query.encode()).hexdigest()[:16],
        region_id=region.pk,
    )
    return freshness.cached(
        key,
        lambda: _draw(
            plan=plan,
            month=month,
            filters=filters,
            view_query=view_query,
            may_edit=may_edit,
            rubrics=rubrics,
            channels=channels,
            branches=branches,
        ),
    )


def _draw(*, plan, month, filters, view_query, may_edit, rubrics, channels, branches):
    found = selectors.month_chips(plan=plan, filters=filters)
    weeks = selectors.month_grid(month, chips_of(found.posts, channels), found.per_day)
    context = {
        "plan": plan,
        "month": month,
        "weeks": weeks,
        "weekdays": [WEEKDAYS_ABBR[day] for day in range(7)],
        "may_edit": may_edit,
        "filters": filters,
        "view_query": view_query,
        "shown_count": found.shown,
        "total_count": found.total,
        "balance": selectors.plan_balance(plan=plan, rubrics=rubrics, branches=branches),
    }
    # No request: nothing of the person asking (CSRF token, user) can end up
    # in what is kept for everyone.
    # Without the template's indentation (a new line stays a space to the
    # browser; the board has no <pre> or <textarea>), once, before it is kept.
    html = mark_safe(INDENTATION.sub("\n", render_to_string(TEMPLATE, context)))  # noqa: S308
    return MonthBoard(html=html, weeks=weeks, shown_count=found.shown, total_count=found.total)
