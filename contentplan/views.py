"""Pages of the content plan: the month's calendar and list, the plan with its
approval and history, posts (opened, edited and moved inside the calendar
through htmx, or as pages of their own without JavaScript), the exports.

Views read input, ask selectors and services, and render; who may do what is
decided in `portal.permissions` and the tables of `workflow`.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contentplan import permissions
from portal import dates
from portal import permissions as scope
from portal.exceptions import Conflict, Refused

from . import boards, copies, exports, panel, readiness, selectors, services, workflow
from .forms import (
    BulkForm,
    CampaignForm,
    CommentForm,
    DeleteForm,
    FilterForm,
    MoveForm,
    PlanStepForm,
    PostForm,
    RubricForm,
    StartPlanForm,
    StatusForm,
)
from .models import CalendarPreference, FeedToken, MonthlyPlan, PlannedPost, Rubric, month_args

# The feed shows posts from this many days back, and everything ahead.
FEED_DAYS_BACK = 62


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _region_param(request) -> int | None:
    value = request.GET.get("region") or request.POST.get("region")
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


def _calendar_url(plan: MonthlyPlan, user, *, view: str = "calendar") -> str:
    address = reverse(f"contentplan:{view}", args=month_args(plan.month))
    if plan.region_id != scope.region_id_of(user):
        address += f"?region={plan.region_id}"
    return address


def _scope_context(request) -> dict:
    """What every view of the plan shares: the region shown, its filters (in
    the address, so a link opens the same view) and who may change it."""
    user = request.user
    region = selectors.plan_region(user=user, region_id=_region_param(request))
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


def _month_context(request, year: int, month: int, *, balance: bool = True) -> dict:
    """What the calendar and the list of a month share: the plan, the filters and
    the balance (the calendar's board draws its own). Each reads the posts it
    shows itself."""
    user = request.user
    first = selectors.month_start(year, month)
    context = _scope_context(request)
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


def _remember(request, view: str, context: dict) -> None:
    """Keep the view and filters the user is looking at, so the plan opens
    there next time. The session mirrors what this device stored, with the
    stamp of that choice; the cache holds the stamp of the latest choice on any
    device. Nothing is read or written while the user stays with the same view
    and filters and no other device chose since; a choice made elsewhere in
    between makes this one the latest again."""
    if _is_htmx(request):
        return
    chosen = [view, context["view_query"]]
    stamp = selectors.preference_stamp(user=request.user)
    if not stamp or request.session.get("contentplan_view") != [*chosen, stamp]:
        stamp = services.calendar_preference_save(user=request.user, view=view, query=chosen[1])
        request.session["contentplan_view"] = [*chosen, stamp]


def _view_address(view: str, day: datetime.date, query: str = "") -> str:
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


def _is_phone(request) -> bool:
    return "Mobi" in request.headers.get("User-Agent", "")


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
                return redirect(_view_address(view, today, preference.query))
        else:
            view = CalendarPreference.View.DAY if _is_phone(request) else ""
    return redirect(_view_address(view, today, query.urlencode()))


@login_required
@require_GET
def calendar(request, year: int, month: int):
    context = _month_context(request, year, month, balance=False)
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
    )
    context["board"] = board
    context["weeks"], context["balance"], context["weekdays"] = (
        board.weeks,
        board.balance,
        board.weekdays,
    )
    context["shown_count"], context["total_count"] = board.shown_count, board.total_count
    context["view"] = CalendarPreference.View.MONTH
    context["bulk_form"] = _bulk_form(context) if context["may_edit"] else None
    _remember(request, CalendarPreference.View.MONTH, context)
    if _is_htmx(request) and request.headers.get("HX-Target") == "plan-board":
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
    context = _month_context(request, year, month)
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
    _remember(request, CalendarPreference.View.LIST, context)
    query = request.GET.copy()
    query.pop("day", None)
    context["filter_query"] = query.urlencode()
    return render(request, "contentplan/month_list.html", context)


def _period_links(context: dict, view: str, previous, following, day) -> None:
    query = context["view_query"]
    context["previous_url"] = _view_address(view, previous, query)
    context["following_url"] = _view_address(view, following, query)
    context["today_url"] = _view_address(view, context["today"], query)
    context["focus"] = day


@login_required
@require_GET
def week(request, year: int, month: int, day: int):
    """Seven columns with the hours: posts at their times, dragged to another
    day or hour; the whole-day posts above."""
    shown = selectors.day_of(year, month, day)
    context = _scope_context(request)
    region = context["region"]
    days = selectors.week_of(shown)
    board = boards.week_board(
        region=region,
        days=days,
        today=context["today"],
        filters=context["filters"],
        view_query=context["view_query"],
        channels=context["channels"],
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
            "rows": rows,
            "may_edit": context["may_edit_region"],
            "bulk_form": _bulk_form(context) if context["may_edit_region"] else None,
        }
    )
    _remember(request, CalendarPreference.View.WEEK, context)
    if _is_htmx(request) and request.headers.get("HX-Target") == "plan-board":
        return render(request, "contentplan/includes/week_board.html", context)
    return render(request, "contentplan/week.html", context)


@login_required
@require_GET
def day(request, year: int, month: int, day: int):
    """One day as its hours, each a place to drop a post on (as a column of the
    week); how much is due, in work, published and missed; the week's other
    days above, to drop a post on too."""
    shown = selectors.day_of(year, month, day)
    context = _scope_context(request)
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
    )
    counts = board.counts
    one = datetime.timedelta(days=1)
    _period_links(context, CalendarPreference.View.DAY, shown - one, shown + one, shown)
    context.update(
        {
            "view": CalendarPreference.View.DAY,
            "month": dates.first_day(shown),
            "day": shown,
            "plan_id": board.plan_id,
            "strip": [
                (
                    other,
                    counts.get(other, 0),
                    _view_address(CalendarPreference.View.DAY, other, context["view_query"]),
                )
                for other in days
            ],
            "sections": board.sections,
            "hours": board.hours,
            # «Move to…» takes any day the calendar shows, in any month.
            "move_first": selectors.FIRST_DAY,
            "move_last": selectors.LAST_DAY,
            "post_count": board.post_count,
            "may_edit": context["may_edit_region"],
            "bulk_form": _bulk_form(context) if context["may_edit_region"] else None,
        }
    )
    _remember(request, CalendarPreference.View.DAY, context)
    if _is_htmx(request) and request.headers.get("HX-Target") == "plan-board":
        return render(request, "contentplan/includes/day_board.html", context)
    return render(request, "contentplan/day.html", context)


@login_required
@require_GET
def queue(request):
    """The region's posts as tabs with counts: waiting for approval, this
    week, overdue, published lately."""
    context = _scope_context(request)
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
    _remember(request, CalendarPreference.View.QUEUE, context)
    return render(request, "contentplan/queue.html", context)


def _bulk_form(context: dict) -> BulkForm:
    """The bulk form's labels and fixed choices; its people are `people`."""
    return BulkForm(responsible=selectors.responsible_candidates(region=context["region"]))


def _safe_next(request, fallback: str) -> str:
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


@login_required
@require_POST
def bulk(request):
    """One action on the posts selected in a calendar view: all of them or none."""
    user = request.user
    if scope.role_of(user) != scope.Role.PRESS:
        raise PermissionDenied
    region = selectors.plan_region(user=user)
    form = BulkForm(request.POST, responsible=selectors.responsible_candidates(region=region))
    back = _safe_next(request, reverse("contentplan:current"))
    if not form.is_valid():
        problems = [str(text) for texts in form.errors.values() for text in texts]
        messages.error(request, " ".join(problems) + " " + _("Nothing changed."))
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    by_hand = []
    if data["action"] == services.Bulk.DELETE:
        # Copies a network does not let the portal delete (Instagram): told after.
        found = copies.find(data["versions"])
        by_hand = [c for items in found.values() for c in items if not c.deletable and c.url]
    try:
        count = services.posts_bulk(
            user=user,
            versions=data["versions"],
            action=data["action"],
            days=data["days"],
            status=data["status"],
            responsible=data["responsible"],
            networks=data["networks"],
        )
    except Conflict as conflict:
        messages.error(
            request,
            _("«%(title)s»: %(problem)s")
            % {"title": conflict.current.title, "problem": conflict.message},
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        if count:
            messages.success(
                request,
                ngettext("%(n)s post changed.", "%(n)s posts changed.", count) % {"n": count},
            )
        else:
            messages.info(request, _("Nothing changed: the selected posts already have it."))
        for copy in by_hand:
            messages.warning(
                request, _("Delete it by hand on the network too: %(url)s") % {"url": copy.url}
            )
    return HttpResponseRedirect(back)


# --- Campaigns -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request):
    """The region's campaigns with their posts counted; its press secretary adds them."""
    user = request.user
    region = selectors.plan_region(user=user, region_id=_region_param(request))
    may_edit = permissions.may_edit_campaigns(user, region)
    form = CampaignForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                campaign = services.campaign_save(
                    user=user, region=region, data=form.campaign_data()
                )
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request, _("The campaign «%(name)s» is added.") % {"name": campaign.name}
                )
                return redirect("contentplan:campaigns")
    return render(
        request,
        "contentplan/campaigns.html",
        {
            "region": region,
            "campaigns": selectors.campaign_list(region=region),
            "form": form,
            "may_edit": may_edit,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_detail(request, pk: int):
    """A campaign, its posts, and (for its press secretary) its form."""
    user = request.user
    campaign = selectors.campaign_for(user=user, pk=pk)
    may_edit = permissions.may_edit_campaigns(user, campaign.region)
    form = None
    if may_edit:
        form = CampaignForm(request.POST or None, initial=CampaignForm.initial_for(campaign))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.campaign_save(
                    user=user, region=campaign.region, campaign=campaign, data=form.campaign_data()
                )
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The campaign is saved."))
                return redirect(campaign)
    own = campaign.region_id == scope.region_id_of(user)
    calendar_query = urlencode(
        {"campaign": campaign.pk, **({} if own else {"region": campaign.region_id})}
    )
    return render(
        request,
        "contentplan/campaign_detail.html",
        {
            "campaign": campaign,
            "page": Paginator(
                selectors.campaign_posts(campaign=campaign), selectors.CAMPAIGN_PAGE
            ).get_page(request.GET.get("page")),
            "form": form,
            "may_edit": may_edit,
            "calendar_url": _view_address("month", campaign.starts, calendar_query),
        },
    )


@login_required
@require_GET
def export_xlsx(request, year: int, month: int):
    first = selectors.month_start(year, month)
    region = selectors.plan_region(user=request.user, region_id=_region_param(request))
    plan = selectors.plan_of_month(region=region, month=first)
    if plan is None:
        raise Http404
    plan.region = region
    content = exports.plan_xlsx(plan=plan, posts=selectors.month_posts(plan=plan))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="content-plan-{first:%Y-%m}.xlsx"'
    return response


@login_required
@require_POST
def plan_start(request, year: int, month: int):
    """Start the month's plan, empty or with the previous month's recurring posts."""
    first = selectors.month_start(year, month)
    region = selectors.plan_region(user=request.user, region_id=_region_param(request))
    if not permissions.may_edit_region_plans(request.user, region):
        raise PermissionDenied
    form = StartPlanForm(request.POST)
    copy = form.is_valid() and form.cleaned_data["copy_recurring"]
    plan = services.plan_create(region=region, month=first, user=request.user, copy_recurring=copy)
    count = plan.posts.count()
    if copy:
        messages.success(
            request,
            _("The plan is started; %(n)s recurring posts copied from the previous month.")
            % {"n": count},
        )
    else:
        messages.success(request, _("The plan is started. Add its posts in the calendar."))
    return redirect(_calendar_url(plan, request.user))


@login_required
@require_GET
def plan_detail(request, pk: int):
    user = request.user
    plan = selectors.plan_for(user=user, pk=pk)
    posts = selectors.month_posts(plan=plan)
    rubrics = selectors.rubrics()
    branches = selectors.region_branches(region=plan.region)
    targets = workflow.plan_targets(user, plan)
    may_submit = MonthlyPlan.Status.ON_APPROVAL in targets
    may_approve = MonthlyPlan.Status.APPROVED in targets
    # Before the plan is sent or approved: what the networks will refuse or
    # cut, as the apps above the content plan see it (contentplan.readiness).
    warnings = readiness.post_warnings(posts) if may_submit or may_approve else []
    return render(
        request,
        "contentplan/plan_detail.html",
        {
            "plan": plan,
            "warnings": warnings,
            "region": plan.region,
            "month": plan.month,
            "posts": posts,
            "balance": selectors.plan_balance(plan=plan, rubrics=rubrics, branches=branches),
            "history": selectors.plan_history(plan=plan),
            "may_submit": may_submit,
            "may_approve": may_approve,
            "may_return": MonthlyPlan.Status.DRAFT in targets,
            "may_edit": permissions.may_edit_plan(user, plan),
            # Who approves it, so the press secretary knows whom to wait for.
            "approvers": selectors.plan_approvers(plan=plan)
            if plan.status != MonthlyPlan.Status.APPROVED
            else [],
            "leader_needed": (
                plan.status == MonthlyPlan.Status.ON_APPROVAL
                and permissions.is_leader_of(user, plan)
                and user.pk == plan.submitted_by_id
            ),
            "calendar_url": _calendar_url(plan, user),
            "list_url": _calendar_url(plan, user, view="month_list"),
        },
    )


@login_required
@require_POST
def plan_step(request, pk: int):
    """Send for approval, approve, return to draft: the step the form names."""
    user = request.user
    plan = selectors.plan_for(user=user, pk=pk)
    form = PlanStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing changed."))
        return redirect(plan)
    data = form.cleaned_data
    to = data["to"]
    if not workflow.may_move_plan(user, plan, to):
        if plan.version != data["version"] and permissions.may_edit_region_plans(user, plan.region):
            # Someone moved the plan since this user opened it (another leader
            # approved it first): say so, rather than a bare refusal.
            messages.error(request, _stale_plan_message(plan))
            return redirect(plan)
        raise PermissionDenied
    try:
        if to == MonthlyPlan.Status.ON_APPROVAL:
            services.plan_submit(
                plan=plan, user=user, version=data["version"], reason=data["reason"]
            )
            messages.success(request, _("The plan is sent for approval."))
        elif to == MonthlyPlan.Status.APPROVED:
            services.plan_approve(plan=plan, user=user, version=data["version"])
            messages.success(request, _("The plan is approved."))
        elif plan.status == MonthlyPlan.Status.APPROVED:
            services.plan_reopen(
                plan=plan, user=user, version=data["version"], comment=data["comment"]
            )
            messages.success(request, _("The plan is back in draft."))
        else:
            services.plan_return(
                plan=plan, user=user, version=data["version"], comment=data["comment"]
            )
            messages.success(request, _("The plan is back in draft."))
    except Conflict as conflict:
        messages.error(request, _stale_plan_message(conflict.current))
    except Refused as error:
        messages.error(request, error.message)
    return redirect(plan)


def _stale_plan_message(plan: MonthlyPlan) -> str:
    current = MonthlyPlan.objects.select_related("updated_by").get(pk=plan.pk)
    if current.status == MonthlyPlan.Status.APPROVED:
        return _("%(who)s already approved this plan at %(when)s.") % {
            "who": current.updated_by or _("someone"),
            "when": date_format(timezone.localtime(current.updated_at), "j E, H:i"),
        }
    return Conflict(current, form_kept=False).message


@login_required
@require_POST
def plan_copy(request, pk: int):
    plan = selectors.plan_for(user=request.user, pk=pk)
    if not permissions.may_edit_plan(request.user, plan):
        raise PermissionDenied
    count = services.plan_copy_recurring(plan=plan, user=request.user)
    if count:
        messages.success(
            request, _("%(n)s recurring posts copied from the previous month.") % {"n": count}
        )
    else:
        messages.info(request, _("The previous month has no recurring posts to copy."))
    return redirect(_calendar_url(plan, request.user))


# --- Posts ----------------------------------------------------------------------------


def _render_panel(request, template: str, context: dict, *, status: int = 200, changed=False):
    """In the calendar (htmx) a fragment for the modal; otherwise a page of its own."""
    if _is_htmx(request):
        response = render(request, template, context, status=status)
    else:
        page = {**context, "panel_template": template}
        response = render(request, "contentplan/post_page.html", page, status=status)
    if changed:
        # Tells the calendar to redraw its grid and balance.
        response["HX-Trigger"] = "planChanged"
    return response


def _post_form(plan: MonthlyPlan, *args, **kwargs) -> PostForm:
    return PostForm(
        *args,
        plan=plan,
        rubrics=selectors.active_rubrics(),
        responsible=selectors.responsible_candidates(region=plan.region),
        branches=plan.region.branches.order_by("name"),
        **kwargs,
    )


def _post_panel(
    request,
    post: PlannedPost,
    *,
    error: str = "",
    notice: str = "",
    changed=False,
    status=200,
    network_copies=(),
):
    user = request.user
    targets = workflow.post_targets(user, post)
    labels = dict(PlannedPost.Status.choices)
    context = {
        "post": post,
        "plan": post.plan,
        "may_edit": permissions.may_edit_post(user, post),
        "may_comment": permissions.may_comment_post(user, post),
        "targets": [(status_, labels[status_]) for status_ in targets],
        "comments": selectors.comments_of(post=post),
        "comment_form": CommentForm(),
        "move_form": MoveForm(initial={"date": post.date, "version": post.version}),
        "move_first": selectors.FIRST_DAY,
        "move_last": selectors.LAST_DAY,
        "error": error,
        "notice": notice,
        "calendar_url": _calendar_url(post.plan, user),
        "panel_sections": panel.sections(),
        # Asked before deleting a post that is on the networks.
        "network_copies": network_copies,
        "copies_deletable": any(copy.deletable for copy in network_copies),
    }
    return _render_panel(
        request, "contentplan/includes/post_panel.html", context, changed=changed, status=status
    )


def _after_change(request, post: PlannedPost, message: str):
    if _is_htmx(request):
        return _post_panel(request, selectors.post_with_relations(post.pk), changed=True)
    messages.success(request, message)
    return redirect(post)


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request, pk: int):
    plan = selectors.plan_for(user=request.user, pk=pk)
    if not permissions.may_edit_plan(request.user, plan):
        raise PermissionDenied
    if request.method == "POST":
        form = _post_form(plan, request.POST)
        if form.is_valid():
            try:
                post = services.post_create(plan=plan, user=request.user, data=form.post_data())
            except Refused as error:
                form.add_error(None, error.message)
            else:
                if _is_htmx(request):
                    return _after_change(request, post, "")
                messages.success(request, _("The post is added."))
                return redirect(_calendar_url(plan, request.user))
    else:
        day = request.GET.get("date", "")
        try:
            initial_date = datetime.date.fromisoformat(day)
        except ValueError:
            initial_date = plan.month
        form = _post_form(plan, initial={"version": 0, "date": initial_date, "origin": "own"})
    return _render_panel(
        request,
        "contentplan/includes/post_form.html",
        {
            "form": form,
            "plan": plan,
            "action": reverse("contentplan:post_create", args=[plan.pk]),
            "calendar_url": _calendar_url(plan, request.user),
        },
    )


@login_required
@require_GET
def post_detail(request, pk: int):
    return _post_panel(request, selectors.post_for(user=request.user, pk=pk))


def _editable_post(request, pk: int) -> PlannedPost:
    post = selectors.post_for(user=request.user, pk=pk)
    if not permissions.may_edit_post(request.user, post):
        raise PermissionDenied
    return post


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = _editable_post(request, pk)
    conflict = current = None
    status = 200
    if request.method == "POST":
        form = _post_form(post.plan, request.POST)
        if form.is_valid():
            try:
                post = services.post_update(
                    post=post,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    data=form.post_data(),
                )
            except Refused as error:
                form.add_error(None, error.message)
            except Conflict as error:
                # Keep everything the user typed; show what the other person saved;
                # the next save is made knowing their version.
                conflict, current = error.message, error.current
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = _post_form(post.plan, data)
                form.is_valid()
                status = 200 if _is_htmx(request) else 409
            else:
                return _after_change(request, post, _("The post is saved."))
    else:
        form = _post_form(post.plan, initial=PostForm.initial_for(post))
    return _render_panel(
        request,
        "contentplan/includes/post_form.html",
        {
            "form": form,
            "post": post,
            "plan": post.plan,
            "conflict": conflict,
            "current": current,
            "action": reverse("contentplan:post_edit", args=[post.pk]),
            "calendar_url": _calendar_url(post.plan, request.user),
        },
        status=status,
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def post_move(request, pk: int):
    """Move to another day (and hour): dragged in a calendar view (JSON), or by
    a form — the panel's, or «Move to…» in the day view, which comes back to
    the page it was sent from (`next`)."""
    post = _editable_post(request, pk)
    plan_before = post.plan_id
    form = MoveForm(request.POST)
    error = notice = ""
    if not form.is_valid():
        if "date" in form.errors:
            error = _("Choose a day for the post; nothing changed.")
        elif "time" in form.errors:
            error = _(
                "Give the time as hours and minutes, for example 15:00, "
                "or leave it empty for the whole day."
            )
        else:
            error = _("The form was incomplete; nothing changed.")
    else:
        try:
            # The week view sends a time (empty for the whole day); other
            # moves keep the post's time.
            when = form.cleaned_data["time"] if "time" in request.POST else services.KEEP_TIME
            post = services.post_move(
                post=post,
                user=request.user,
                version=form.cleaned_data["version"],
                date=form.cleaned_data["date"],
                time=when,
            )
        except Refused as refusal:
            error = refusal.message
        except Conflict as conflict:
            error = _move_conflict_message(conflict.current)
        else:
            if post.plan_id != plan_before and services.waits_for_plan(post):
                notice = _waits_message(post)
    if _wants_json(request):
        if error:
            return JsonResponse({"error": error}, status=409)
        answer = {
            "id": post.pk,
            "date": post.date.isoformat(),
            "time": f"{post.time:%H:%M}" if post.time else "",
            "version": post.version,
        }
        if notice:
            answer["message"] = notice
        return JsonResponse(answer)
    back = "" if _is_htmx(request) else _safe_next(request, "")
    if error:
        if _is_htmx(request):
            return _post_panel(request, selectors.post_with_relations(post.pk), error=error)
        messages.error(request, error)
        return HttpResponseRedirect(back) if back else redirect(post)
    if notice:
        if _is_htmx(request):
            moved = selectors.post_with_relations(post.pk)
            return _post_panel(request, moved, notice=notice, changed=True)
        messages.warning(request, notice)
    if back:
        messages.success(request, _moved_message(post))
        return HttpResponseRedirect(back)
    return _after_change(request, post, _("The post is moved."))


def _waits_message(post: PlannedPost) -> str:
    """An approved post moved into a plan not approved yet: publishing needs
    an approved plan, so the post waits for it."""
    return _(
        "«%(title)s» is approved, but the plan for %(month)s is not yet: the post will "
        "go out once that plan is approved."
    ) % {"title": post.title, "month": dates.month_words(post.plan.month)}


def _post_when(post: PlannedPost) -> str:
    when = date_format(post.date, "j E")
    return f"{when}, {post.time:%H:%M}" if post.time else when


def _moved_message(post: PlannedPost) -> str:
    return _("«%(title)s» is moved to %(when)s.") % {"title": post.title, "when": _post_when(post)}


def _move_conflict_message(current: PlannedPost) -> str:
    """A move made on a page older than the post: who changed it, and where it
    stands now, so the person sees why nothing moved."""
    return _(
        "%(who)s changed «%(title)s» at %(at)s, after you opened the page; it is now "
        "on %(when)s. Nothing was moved: look where it stands and move it again if needed."
    ) % {
        "who": current.updated_by or _("someone"),
        "title": current.title,
        "at": date_format(timezone.localtime(current.updated_at), "j E, H:i"),
        "when": _post_when(current),
    }


@login_required
@require_POST
def post_status(request, pk: int):
    post = _editable_post(request, pk)
    form = StatusForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(str(text) for texts in form.errors.values() for text in texts)
    else:
        try:
            post = services.post_set_status(
                post=post,
                user=request.user,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                published_url=form.cleaned_data["published_url"],
            )
        except (Refused, Conflict) as problem:
            error = problem.message
    if error:
        if _is_htmx(request):
            return _post_panel(request, selectors.post_with_relations(post.pk), error=error)
        messages.error(request, error)
        return redirect(post)
    return _after_change(request, post, _("The status is changed."))


@login_required
@require_POST
def post_delete(request, pk: int):
    post = _editable_post(request, pk)
    form = DeleteForm(request.POST)
    plan = post.plan
    by_hand = []
    try:
        if not form.is_valid():
            raise Refused(_("The form was incomplete; nothing changed."))
        if form.cleaned_data["networks"]:
            # Copies the portal cannot delete: named again once the post is gone.
            found = copies.find([post.pk]).get(post.pk, [])
            by_hand = [copy.url for copy in found if not copy.deletable and copy.url]
        services.post_delete(
            post=post,
            user=request.user,
            version=form.cleaned_data["version"],
            networks=form.cleaned_data["networks"],
        )
    except copies.ChoiceNeeded as question:
        # The post is on the networks: ask, in the panel, whether it goes from them too.
        current = selectors.post_with_relations(post.pk)
        return _post_panel(request, current, network_copies=question.copies)
    except (Refused, Conflict) as problem:
        if _is_htmx(request):
            current = selectors.post_with_relations(post.pk)
            return _post_panel(request, current, error=problem.message)
        messages.error(request, problem.message)
        return redirect(post)
    if _is_htmx(request):
        response = render(
            request, "contentplan/includes/post_deleted.html", {"plan": plan, "by_hand": by_hand}
        )
        response["HX-Trigger"] = "planChanged"
        return response
    messages.success(request, _("The post is deleted."))
    for address in by_hand:
        messages.warning(
            request, _("Delete it by hand on the network too: %(url)s") % {"url": address}
        )
    return redirect(_calendar_url(plan, request.user))


@login_required
@require_POST
def post_comment(request, pk: int):
    post = selectors.post_for(user=request.user, pk=pk)
    if not permissions.may_comment_post(request.user, post):
        raise PermissionDenied
    form = CommentForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.post_comment_add(post=post, user=request.user, text=form.cleaned_data["text"])
        except Refused as problem:
            error = problem.message
    else:
        error = _("The comment is empty.")
    if _is_htmx(request):
        return _post_panel(request, post, error=error)
    if error:
        messages.error(request, error)
    return redirect(post)


# --- The private calendar feed ------------------------------------------------------------


@login_required
@require_GET
def feed_settings(request):
    token = selectors.feed_token_of(user=request.user)
    feed_url = (
        request.build_absolute_uri(reverse("contentplan:feed", args=[token.token])) if token else ""
    )
    return render(request, "contentplan/feed_settings.html", {"token": token, "feed_url": feed_url})


@login_required
@require_POST
def feed_rotate(request):
    had_one = selectors.feed_token_of(user=request.user) is not None
    services.feed_token_rotate(user=request.user)
    if had_one:
        message = _("Your calendar has a new private address; the old one no longer works.")
    else:
        message = _("Your calendar has its private address: add it to your calendar app.")
    messages.success(request, message)
    return redirect("contentplan:feed_settings")


@login_required
@require_POST
def feed_revoke(request):
    services.feed_token_revoke(user=request.user)
    messages.success(request, _("Your private calendar address is switched off."))
    return redirect("contentplan:feed_settings")


@require_GET
def feed(request, token: str):
    """The iCalendar feed: no login, the secret in the address is the key."""
    feed_token = get_object_or_404(
        FeedToken.objects.select_related("user__region", "user__branch__region"),
        token=token,
        user__is_active=True,
    )
    user = feed_token.user
    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS_BACK)
    body = exports.posts_ical(
        posts=selectors.feed_posts(user=user, since=since),
        name=_("Content plan · Profinfo"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="profinfo.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- Rubrics ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rubric_list(request):
    """The standard rubrics: everyone who plans reads them, central keeps them."""
    user = request.user
    if not scope.role_of(user):
        raise Http404
    may_keep = permissions.may_keep_rubrics(user)
    form = None
    if may_keep:
        form = RubricForm(request.POST or None, initial={"is_active": True, "colour": "#6c757d"})
        if request.method == "POST" and form.is_valid():
            rubric = services.rubric_save(user=user, data=form.cleaned_data)
            messages.success(
                request, _("The rubric «%(name)s» is added.") % {"name": rubric.display_name}
            )
            return redirect("contentplan:rubrics")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "contentplan/rubrics.html",
        {"rubrics": selectors.rubrics(), "form": form, "may_keep": may_keep},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rubric_edit(request, pk: int):
    if not permissions.may_keep_rubrics(request.user):
        raise Http404
    rubric = get_object_or_404(Rubric, pk=pk)
    form = RubricForm(request.POST or None, instance=rubric)
    if request.method == "POST" and form.is_valid():
        services.rubric_save(user=request.user, rubric=rubric, data=form.cleaned_data)
        messages.success(
            request, _("The rubric «%(name)s» is saved.") % {"name": rubric.display_name}
        )
        return redirect("contentplan:rubrics")
    return render(request, "contentplan/rubric_edit.html", {"form": form, "rubric": rubric})
