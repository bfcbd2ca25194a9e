"""The calendar's views of a region's plan: the month (a grid or a list), a
week, a day, and the queue of posts not done yet.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal import dates

from .. import boards, selectors
from ..models import CalendarPreference
from .common import (
    bulk_form,
    is_htmx,
    is_phone,
    month_context,
    remember,
    scope_context,
    view_address,
)


@login_required
@require_GET
def calendar_current(request):
    """The plan as the user last looked at it (view and filters), at today.
    `?view=week` (month, week, day, list, queue) opens that view instead; a
    phone with no choice yet opens the day."""
    today = timezone.localdate()
    query = request.GET.copy()
    view = query.pop("view", [""])[-1]
    if view not in CalendarPreference.View.values:
        preference = selectors.preference_of(user=request.user)
        if preference is not None:
            view = preference.view
            if not query:
                return redirect(view_address(view, today, preference.query))
        else:
            view = CalendarPreference.View.DAY if is_phone(request) else ""
    return redirect(view_address(view, today, query.urlencode()))


@login_required
@require_GET
def calendar(request, year: int, month: int):
    context = month_context(request, year, month, balance=False)
    # The grid, its chips and the balance: the same for everyone who sees this
    # month with these filters, read once until what they show changes.
    board = boards.month_board(
        region=context["region"],
        plan=context["plan"],
        month=context["month"],
        today=context["today"],
        filters=context["filters"],
        view_query=context["view_query"],
        rubrics=context["rubrics"],
        channels=context["channels"],
        branches=context["branches"],
        # The redraw after a change in the modal shows that change, never the
        # board another request is rebuilding meanwhile.
        latest=_redraw(request),
    )
    context["board"] = board
    context["weeks"], context["balance"], context["weekdays"] = (
        board.weeks,
        board.balance,
        board.weekdays,
    )
    context["shown_count"], context["total_count"] = board.shown_count, board.total_count
    context["view"] = CalendarPreference.View.MONTH
    context["bulk_form"] = bulk_form(context) if context["may_edit"] else None
    remember(request, CalendarPreference.View.MONTH, context)
    if is_htmx(request) and request.headers.get("HX-Target") == "plan-board":
        # After a change in the modal, only the grid and the balance are redrawn.
        return render(request, "contentplan/includes/board.html", context)
    response = render(request, "contentplan/calendar.html", context)
    # Without the templates' indentation: a phone on a slow link waits for
    # every byte of the page (nothing in it keeps white space: no <pre>, no
    # <textarea>; the modal's forms come later, by htmx).
    response.content = boards.INDENTATION_BYTES.sub(b"\n", response.content)
    return response


@login_required
@require_GET
def month_list(request, year: int, month: int):
    context = month_context(request, year, month)
    # `?day=YYYY-MM-DD` (the calendar's "+N more") narrows the list to that day.
    try:
        day = parse_date(request.GET.get("day", ""))
    except ValueError:
        day = None
    if day is None or (day.year, day.month) != (context["month"].year, context["month"].month):
        day = None
    context["day"] = day
    context["shown"] = selectors.month_posts(
        plan=context["plan"], filters=context["filters"], day=day
    )
    context["view"] = CalendarPreference.View.LIST
    remember(request, CalendarPreference.View.LIST, context)
    query = request.GET.copy()
    query.pop("day", None)
    context["filter_query"] = query.urlencode()
    return render(request, "contentplan/month_list.html", context)


def _redraw(request) -> bool:
    """Whether this is the board's redraw after a change (htmx, target the board)."""
    return is_htmx(request) and request.headers.get("HX-Target") == "plan-board"


def _period_links(context: dict, view: str, previous, following, day) -> None:
    query = context["view_query"]
    context["previous_url"] = view_address(view, previous, query)
    context["following_url"] = view_address(view, following, query)
    context["today_url"] = view_address(view, context["today"], query)
    context["focus"] = day


@login_required
@require_GET
def week(request, year: int, month: int, day: int):
    """Seven columns with the hours: posts at their times, dragged to another
    day or hour; the whole-day posts above."""
    shown = selectors.day_of(year, month, day)
    context = scope_context(request)
    region = context["region"]
    days = selectors.week_of(shown)
    board = boards.week_board(
        region=region,
        days=days,
        today=context["today"],
        filters=context["filters"],
        view_query=context["view_query"],
        channels=context["channels"],
        latest=_redraw(request),
    )
    columns, rows = board.columns, board.rows
    seven = datetime.timedelta(days=7)
    _period_links(context, CalendarPreference.View.WEEK, shown - seven, shown + seven, shown)
    context.update(
        {
            "view": CalendarPreference.View.WEEK,
            "month": dates.first_day(shown),
            "days": days,
            "columns": columns,
            # Each column's heading: its day's address and name, worked out
            # once here rather than by filters in the template's attributes.
            "head": [
                (
                    column,
                    view_address(CalendarPreference.View.DAY, column.date, context["view_query"]),
                    date_format(column.date, "j E"),
                )
                for column in columns
            ],
            "rows": rows,
            "may_edit": context["may_edit_region"],
            "bulk_form": bulk_form(context) if context["may_edit_region"] else None,
        }
    )
    remember(request, CalendarPreference.View.WEEK, context)
    if is_htmx(request) and request.headers.get("HX-Target") == "plan-board":
        return render(request, "contentplan/includes/week_board.html", context)
    return render(request, "contentplan/week.html", context)


def _day_strip(days, counts: dict, view_query: str) -> list[tuple]:
    """The week's days above the day's hours: each day, its ISO date, its
    posts and its address, worked out once rather than by filters."""
    return [
        (
            other,
            other.isoformat(),
            counts.get(other, 0),
            view_address(CalendarPreference.View.DAY, other, view_query),
        )
        for other in days
    ]


@login_required
@require_GET
def day(request, year: int, month: int, day: int):
    """One day as its hours, each a place to drop a post on (as a column of the
    week); how much is due, in work, published and missed; the week's other
    days above, to drop a post on too."""
    shown = selectors.day_of(year, month, day)
    context = scope_context(request)
    region = context["region"]
    days = selectors.week_of(shown)
    board = boards.day_board(
        region=region,
        day=shown,
        days=days,
        today=context["today"],
        filters=context["filters"],
        view_query=context["view_query"],
        channels=context["channels"],
        latest=_redraw(request),
    )
    one = datetime.timedelta(days=1)
    _period_links(context, CalendarPreference.View.DAY, shown - one, shown + one, shown)
    context.update(
        {
            "view": CalendarPreference.View.DAY,
            "month": dates.first_day(shown),
            "day": shown,
            # The day as the board's attributes write it, worked out once
            # rather than by a date filter in each hour's.
            "day_iso": shown.isoformat(),
            "plan_id": board.plan_id,
            "strip": _day_strip(days, board.counts, context["view_query"]),
            "sections": board.sections,
            "hours": board.hours,
            # «Move to…» takes any day the calendar shows, in any month.
            "move_first": selectors.FIRST_DAY,
            "move_last": selectors.LAST_DAY,
            "post_count": board.post_count,
            "may_edit": context["may_edit_region"],
            "bulk_form": bulk_form(context) if context["may_edit_region"] else None,
        }
    )
    remember(request, CalendarPreference.View.DAY, context)
    if is_htmx(request) and request.headers.get("HX-Target") == "plan-board":
        return render(request, "contentplan/includes/day_board.html", context)
    return render(request, "contentplan/day.html", context)


@login_required
@require_GET
def queue(request):
    """The region's posts as tabs with counts: waiting for approval, this
    week, overdue, published lately."""
    context = scope_context(request)
    region, today, filters = context["region"], context["today"], context["filters"]
    tab = request.GET.get("tab", "")
    if tab not in selectors.QUEUE_TABS:
        tab = selectors.QUEUE_TABS[0]
    counts = selectors.queue_counts(region=region, today=today, filters=filters)
    posts = selectors.queue_posts(region=region, today=today, tab=tab, filters=filters)
    page = Paginator(posts, selectors.QUEUE_PAGE).get_page(request.GET.get("page"))
    query = context["view_query"]
    labels = {
        "approval": _("For approval"),
        "week": _("This week"),
        "overdue": _("Overdue"),
        "published": _("Published"),
    }
    context.update(
        {
            "view": CalendarPreference.View.QUEUE,
            "month": dates.first_day(today),
            "focus": today,
            "tab": tab,
            "tabs": [
                (key, labels[key], counts[key], f"?{urlencode({'tab': key})}&{query}".rstrip("&"))
                for key in selectors.QUEUE_TABS
            ],
            "page": page,
            "page_query": f"tab={tab}&{query}".rstrip("&"),
        }
    )
    remember(request, CalendarPreference.View.QUEUE, context)
    return render(request, "contentplan/queue.html", context)
