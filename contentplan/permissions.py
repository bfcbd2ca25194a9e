"""Who may read, write and approve content plans and their posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from portal.models import Region
from portal.permissions import Role, region_id_of, regions_for, role_of

if TYPE_CHECKING:
    from portal.permissions import AnyUser


# --- Content plan -------------------------------------------------------------
# Chairs read their region's plan, press secretaries write it, a regional
# leader who did not send it for approval approves it, central reads all. The
# plan's models are imported inside the functions, as the library's are.


def plans_for(user: AnyUser) -> QuerySet:
    """Monthly plans the user may read."""
    from .models import MonthlyPlan

    return MonthlyPlan.objects.filter(region__in=regions_for(user))


def posts_for(user: AnyUser) -> QuerySet:
    """Planned posts the user may read."""
    from .models import PlannedPost

    return PlannedPost.objects.filter(plan__region__in=regions_for(user))


def campaigns_for(user: AnyUser) -> QuerySet:
    """Campaigns the user may read: those of the regions whose plans they read."""
    from .models import Campaign

    return Campaign.objects.filter(region__in=regions_for(user))


def may_edit_campaigns(user: AnyUser, region: Region) -> bool:
    """A region's campaigns are kept by its press secretaries, like its plans."""
    return may_edit_region_plans(user, region)


def may_edit_region_plans(user: AnyUser, region: Region) -> bool:
    """Start, fill and send for approval the region's plans: its press secretaries."""
    return role_of(user) == Role.PRESS and user.region_id == region.pk


def may_edit_plan(user: AnyUser, plan) -> bool:
    """Add, change, move and delete the plan's posts (also once it is approved)."""
    return role_of(user) == Role.PRESS and user.region_id == plan.region_id


def may_keep_rubrics(user: AnyUser) -> bool:
    """The standard list of rubrics (names, colours, monthly minimums) is the
    central committee's; everyone who plans reads it."""
    return role_of(user) == Role.CENTRAL


def is_leader_of(user: AnyUser, plan) -> bool:
    return may_edit_plan(user, plan) and user.is_leader


def may_submit_plan(user: AnyUser, plan) -> bool:
    return may_edit_plan(user, plan)


def may_approve_plan(user: AnyUser, plan) -> bool:
    """A leader of the region, never the one who sent the plan for approval."""
    return is_leader_of(user, plan) and user.pk != plan.submitted_by_id


def may_return_plan(user: AnyUser, plan) -> bool:
    """Back to draft from approval: a leader returns it, or its author withdraws it."""
    return is_leader_of(user, plan) or (
        may_edit_plan(user, plan) and user.pk == plan.submitted_by_id
    )


def may_reopen_plan(user: AnyUser, plan) -> bool:
    """An approved plan goes back to draft only by a leader's decision."""
    return is_leader_of(user, plan)


def may_edit_post(user: AnyUser, post) -> bool:
    return may_edit_plan(user, post.plan)


def may_comment_post(user: AnyUser, post) -> bool:
    """The region's people discuss its posts: press secretaries and branch chairs."""
    return role_of(user) in {Role.PRESS, Role.CHAIR} and region_id_of(user) == post.plan.region_id
