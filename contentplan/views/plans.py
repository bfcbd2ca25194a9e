"""A month's plan: started, shown with its history and warnings, moved through
its workflow, filled with last month's recurring posts, exported.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contentplan import permissions
from portal.exceptions import Conflict, Refused

from .. import exports, readiness, selectors, services, workflow
from ..forms import (
    PlanStepForm,
    StartPlanForm,
)
from ..models import MonthlyPlan
from .common import calendar_url, region_param


@login_required
@require_GET
def export_xlsx(request, year: int, month: int):
    first = selectors.month_start(year, month)
    region = selectors.plan_region(user=request.user, region_id=region_param(request))
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
    region = selectors.plan_region(user=request.user, region_id=region_param(request))
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
    return redirect(calendar_url(plan, request.user))


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
            "warned_posts": readiness.warned_posts(warnings),
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
            "calendar_url": calendar_url(plan, user),
            "list_url": calendar_url(plan, user, view="month_list"),
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
    return redirect(calendar_url(plan, request.user))
