"""What the content plan's pages share: the region and month in the address,
the scope's context, the view a user last chose, a safe way back.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from contentplan import permissions
from portal import dates
from portal import permissions as scope

from .. import boards, selectors, services
from ..forms import (
    BulkForm,
    FilterForm,
)
from ..models import CalendarPreference, MonthlyPlan, month_args


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def region_param(request) -> int | None:
    value = request.GET.get("region") or request.POST.get("region")
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


def calendar_url(plan: MonthlyPlan, user, *, view: str = "calendar") -> str:
    address = reverse(f"contentplan:{view}", args=month_args(plan.month))
    if plan.region_id != scope.region_id_of(user):
        address += f"?region={plan.region_id}"
    return address


def scope_context(request) -> dict:
    """What every view of the plan shares: the region shown, its filters (in
    the address, so a link opens the same view) and who may change it."""
    user = request.user
    region = selectors.plan_region(user=user, region_id=region_param(request))
    # The filters' choices of the region, kept until it changes; the people
    # (user rows) are read every time and never kept in the cache.
    choices = boards.region_choices(region)
    rubrics, channels = choices.rubrics, choices.channels
    branches, campaigns = choices.branches, choices.campaigns
    people = list(selectors.responsible_candidates(region=region))
    filter_form = FilterForm(
        request.GET or None,
        rubrics=rubrics,
        channels=channels,
        responsible=people,
        branches=branches,
        campaigns=campaigns,
    )
    filters = filter_form.filters()
    own_region = region.pk == scope.region_id_of(user)
    region_query = "" if own_region else f"region={region.pk}"
    # The filters and the region again, from validated values only: the
    # links between views carry them, and the preference keeps them.
    kept = {name: value for name, value in asdict(filters).items() if value not in ("", None)}
    if not own_region:
        kept = {"region": region.pk, **kept}
    return {
        "region": region,
        "regions": (list(scope.regions_for(user)) if scope.sees_all_regions(user) else []),
        "region_query": region_query,
        "view_query": urlencode(kept),
        "today": timezone.localdate(),
        "rubrics": rubrics,
        "channels": channels,
        "branches": branches,
        "people": people,
        "campaigns": campaigns,
        "filters": filters,
        "filter_form": filter_form,
        "filter_query": request.GET.urlencode(),
        "may_edit_region": permissions.may_edit_region_plans(user, region),
    }


def month_context(request, year: int, month: int, *, balance: bool = True) -> dict:
    """What the calendar and the list of a month share: the plan, the filters and
    the balance (the calendar's board draws its own). Each reads the posts it
    shows itself."""
    user = request.user
    first = selectors.month_start(year, month)
    context = scope_context(request)
    region = context["region"]
    plan = selectors.plan_of_month(region=region, month=first)
    previous, following = dates.previous_month(first), dates.next_month(first)
    today = context["today"]
    context.update(
        {
            "month": first,
            "focus": today if (today.year, today.month) == (first.year, first.month) else first,
            "previous": previous,
            "following": following,
            "plan": plan,
            "balance": (
                selectors.plan_balance(
                    plan=plan, rubrics=context["rubrics"], branches=context["branches"]
                )
                if balance
                else None
            ),
            "may_edit": plan is not None and permissions.may_edit_plan(user, plan),
            "may_start": plan is None and permissions.may_edit_region_plans(user, region),
        }
    )
    return context


def remember(request, view: str, context: dict) -> None:
    """Keep the view and filters the user is looking at, so the plan opens
    there next time. The session mirrors what this device stored, with the
    stamp of that choice; the cache holds the stamp of the latest choice on any
    device. Nothing is read or written while the user stays with the same view
    and filters and no other device chose since; a choice made elsewhere in
    between makes this one the latest again."""
    if is_htmx(request):
        return
    chosen = [view, context["view_query"]]
    stamp = selectors.preference_stamp(user=request.user)
    if not stamp or request.session.get("contentplan_view") != [*chosen, stamp]:
        stamp = services.calendar_preference_save(user=request.user, view=view, query=chosen[1])
        request.session["contentplan_view"] = [*chosen, stamp]


def view_address(view: str, day: datetime.date, query: str = "") -> str:
    """The address of a view at a day (the month, week or day holding it)."""
    if view == CalendarPreference.View.WEEK:
        address = reverse("contentplan:week", args=[day.year, f"{day:%m}", f"{day:%d}"])
    elif view == CalendarPreference.View.DAY:
        address = reverse("contentplan:day", args=[day.year, f"{day:%m}", f"{day:%d}"])
    elif view == CalendarPreference.View.LIST:
        address = reverse("contentplan:month_list", args=month_args(day))
    elif view == CalendarPreference.View.QUEUE:
        address = reverse("contentplan:queue")
    else:
        address = reverse("contentplan:calendar", args=month_args(day))
    return f"{address}?{query}" if query else address


def is_phone(request) -> bool:
    return "Mobi" in request.headers.get("User-Agent", "")


def bulk_form(context: dict) -> BulkForm:
    """The bulk form's labels and fixed choices; its people are `people`."""
    return BulkForm(responsible=selectors.responsible_candidates(region=context["region"]))


def safe_next(request, fallback: str) -> str:
    # Only a path of this site: never another host, nor a view name to reverse,
    # nor a control character (a line break would not fit in the header).
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback
