"""Which status may follow which, and who may make each step.

One table for plans and one for posts; services, views and templates all
ask them. A step missing from a table is refused whoever asks.
"""

from __future__ import annotations

from collections.abc import Callable

from contentplan import permissions
from portal.workflow import Transitions

from .models import MonthlyPlan, PlannedPost

Plan = MonthlyPlan.Status
Post = PlannedPost.Status

# (from, to) → who may take the step.
PLAN_TRANSITIONS: dict[tuple[str, str], Callable] = {
    (Plan.DRAFT, Plan.ON_APPROVAL): permissions.may_submit_plan,
    (Plan.ON_APPROVAL, Plan.APPROVED): permissions.may_approve_plan,
    (Plan.ON_APPROVAL, Plan.DRAFT): permissions.may_return_plan,
    (Plan.APPROVED, Plan.DRAFT): permissions.may_reopen_plan,
}

# A post moves forward one step at a time, can go back for rework, and any
# post not yet published can be declared missed (the daily task does it too
# once its day has passed). A missed post taken up again is in work.
_edit = permissions.may_edit_post
POST_TRANSITIONS: dict[tuple[str, str], Callable] = {
    (Post.IDEA, Post.IN_WORK): _edit,
    (Post.IN_WORK, Post.ON_REVIEW): _edit,
    (Post.ON_REVIEW, Post.IN_WORK): _edit,
    (Post.ON_REVIEW, Post.APPROVED): _edit,
    (Post.APPROVED, Post.IN_WORK): _edit,
    (Post.APPROVED, Post.PUBLISHED): _edit,
    (Post.IDEA, Post.MISSED): _edit,
    (Post.IN_WORK, Post.MISSED): _edit,
    (Post.ON_REVIEW, Post.MISSED): _edit,
    (Post.APPROVED, Post.MISSED): _edit,
    (Post.MISSED, Post.IN_WORK): _edit,
}


_plans = Transitions(PLAN_TRANSITIONS)
_posts = Transitions(POST_TRANSITIONS)
may_move_plan = _plans.may_move
plan_targets = _plans.targets
may_move_post = _posts.may_move
post_targets = _posts.targets
