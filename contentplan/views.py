"""Pages of the content plan: the month's calendar and list, the plan with its
approval and history, posts (opened, edited and moved inside the calendar
through htmx, or as pages of their own without JavaScript), the exports.

Views read input, ask selectors and services, and render; who may do what is
decided in `portal.permissions` and the tables of `workflow`.
"""

from __future__ import annotations

import datetime
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contentplan import permissions
from portal import dates, freshness
from portal import permissions as scope
from portal.exceptions import Conflict, Refused

from . import exports, selectors, services, workflow
from .forms import (
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
from .models import FeedToken, MonthlyPlan, PlannedPost, Rubric, month_args

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


def _month_context(request, year: int, month: int) -> dict:
    """What the calendar and the list of a month share: the plan, the filters and
    the balance. Each reads the posts it shows itself."""
    user = request.user
    first = selectors.month_start(year, month)
    region = selectors.plan_region(user=user, region_id=_region_param(request))
    plan = selectors.plan_of_month(region=region, month=first)
    rubrics = selectors.rubrics()
    channels = selectors.channels()
    branches = selectors.region_branches(region=region)
    people = list(selectors.responsible_candidates(region=region))
    filter_form = FilterForm(
        request.GET or None,
        rubrics=rubrics,
        channels=channels,
        responsible=people,
        branches=branches,
    )
    filters = filter_form.filters()
    own_region = region.pk == scope.region_id_of(user)
    region_query = "" if own_region else f"region={region.pk}"
    previous, following = dates.previous_month(first), dates.next_month(first)
    return {
        "region": region,
        "regions": (list(scope.regions_for(user)) if scope.sees_all_regions(user) else []),
        "region_query": region_query,
        "month": first,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "plan": plan,
        "filters": filters,
        "filter_form": filter_form,
        "balance": selectors.plan_balance(plan=plan, rubrics=rubrics, branches=branches),
        "may_edit": plan is not None and permissions.may_edit_plan(user, plan),
        "may_start": plan is None and permissions.may_edit_region_plans(user, region),
        "filter_query": request.GET.urlencode(),
    }


@login_required
@require_GET
def calendar_current(request):
    today = timezone.localdate()
    address = reverse("contentplan:calendar", args=month_args(today))
    query = request.GET.urlencode()
    return redirect(f"{address}?{query}" if query else address)


@login_required
@require_GET
def calendar(request, year: int, month: int):
    context = _month_context(request, year, month)
    # The grid and the balance are the same for everyone who may see them
    # alike: drawn once, kept until a row of the region changes.
    key = freshness.key(
        "contentplan.board",
        get_language(),
        scope.role_of(request.user),
        context["may_edit"],
        context["region_query"],
        hashlib.sha256(request.get_full_path().encode()).hexdigest(),
        context["today"].isoformat(),
        region_id=context["region"].pk,
    )
    board = freshness.get(key)
    if board is None:
        chips = selectors.month_chips(plan=context["plan"], filters=context["filters"])
        context["weeks"] = selectors.month_grid(
            context["month"], selectors.calendar_chips(chips.posts), chips.per_day
        )
        context["shown_count"], context["total_count"] = chips.shown, chips.total
        context["weekdays"] = [WEEKDAYS_ABBR[day] for day in range(7)]
        board = render_to_string("contentplan/includes/board.html", context, request)
        freshness.put(key, board)
    if _is_htmx(request) and request.headers.get("HX-Target") == "plan-board":
        # After a change in the modal, only the grid and the balance are redrawn.
        return HttpResponse(board)
    context["board_html"] = board
    return render(request, "contentplan/calendar.html", context)


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
    query = request.GET.copy()
    query.pop("day", None)
    context["filter_query"] = query.urlencode()
    return render(request, "contentplan/month_list.html", context)


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
    return render(
        request,
        "contentplan/plan_detail.html",
        {
            "plan": plan,
            "region": plan.region,
            "month": plan.month,
            "posts": posts,
            "balance": selectors.plan_balance(plan=plan, rubrics=rubrics, branches=branches),
            "history": selectors.plan_history(plan=plan),
            "may_submit": MonthlyPlan.Status.ON_APPROVAL in targets,
            "may_approve": MonthlyPlan.Status.APPROVED in targets,
            "may_return": MonthlyPlan.Status.DRAFT in targets,
            "may_edit": permissions.may_edit_plan(user, plan),
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


def _post_panel(request, post: PlannedPost, *, error: str = "", changed=False, status=200):
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
        "error": error,
        "calendar_url": _calendar_url(post.plan, user),
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
    """Move to another day: dragged in the calendar (JSON), or by the date form."""
    post = _editable_post(request, pk)
    form = MoveForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose a date in the month of the plan.")
    else:
        try:
            post = services.post_move(
                post=post,
                user=request.user,
                version=form.cleaned_data["version"],
                date=form.cleaned_data["date"],
            )
        except (Refused, Conflict) as problem:
            error = problem.message
    if _wants_json(request):
        if error:
            return JsonResponse({"error": error}, status=409)
        return JsonResponse({"id": post.pk, "date": post.date.isoformat(), "version": post.version})
    if error:
        if _is_htmx(request):
            return _post_panel(request, selectors.post_with_relations(post.pk), error=error)
        messages.error(request, error)
        return redirect(post)
    return _after_change(request, post, _("The post is moved."))


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
    try:
        if not form.is_valid():
            raise Refused(_("The form was incomplete; nothing changed."))
        services.post_delete(post=post, user=request.user, version=form.cleaned_data["version"])
    except (Refused, Conflict) as problem:
        if _is_htmx(request):
            current = selectors.post_with_relations(post.pk)
            return _post_panel(request, current, error=problem.message)
        messages.error(request, problem.message)
        return redirect(post)
    if _is_htmx(request):
        response = render(request, "contentplan/includes/post_deleted.html", {"plan": plan})
        response["HX-Trigger"] = "planChanged"
        return response
    messages.success(request, _("The post is deleted."))
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
    services.feed_token_rotate(user=request.user)
    messages.success(
        request, _("Your calendar has a new private address; the old one no longer works.")
    )
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
            messages.success(request, _("The rubric «%(name)s» is added.") % {"name": rubric.name})
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
        messages.success(request, _("The rubric «%(name)s» is saved.") % {"name": rubric.name})
        return redirect("contentplan:rubrics")
    return render(request, "contentplan/rubric_edit.html", {"form": form, "rubric": rubric})
