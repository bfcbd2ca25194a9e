"""Every change to content plans and their posts: one function per kind of write,
a module per concern (as Zulip's `zerver/actions`).

Each function runs in a transaction, checks who may make the change (through
`portal.permissions` and the tables in `workflow`), and refuses a save that
was prepared from an older version of the plan or post (optimistic locking):
two people editing the same post never silently overwrite each other.

The names other apps call are gathered here, so `from contentplan import
services` keeps working; inside the package each module imports what it
uses from its siblings (`common` below everything).
"""

from portal.exceptions import Conflict, Refused

from .bulk import BULK_MAX_DAYS, BULK_MAX_POSTS, Bulk, posts_bulk
from .campaigns import CampaignData, campaign_dates_shown, campaign_save, campaign_years_message
from .plans import (
    plan_approve,
    plan_copy_recurring,
    plan_create,
    plan_reopen,
    plan_return,
    plan_submit,
)
from .posts import (
    KEEP_TIME,
    POST_FIELDS,
    PostData,
    post_comment_add,
    post_create,
    post_delete,
    post_move,
    post_note_material,
    post_set_status,
    post_update,
    waits_for_plan,
)
from .preferences import (
    PREFERENCE_STAMP_TIMEOUT,
    calendar_preference_save,
    feed_token_revoke,
    feed_token_rotate,
)
from .published import post_published_by_network, post_resumed_for_network
from .reminders import (
    DUE_SOON_DAYS,
    NOT_READY,
    PLAN_DEADLINE_DAY,
    reminders_plans_unapproved,
    reminders_posts_due,
    reminders_posts_missed,
    reminders_send,
)
from .rubrics import rubric_save

__all__ = [
    "BULK_MAX_DAYS",
    "BULK_MAX_POSTS",
    "DUE_SOON_DAYS",
    "KEEP_TIME",
    "NOT_READY",
    "PLAN_DEADLINE_DAY",
    "POST_FIELDS",
    "PREFERENCE_STAMP_TIMEOUT",
    "Bulk",
    "CampaignData",
    "Conflict",
    "PostData",
    "Refused",
    "calendar_preference_save",
    "campaign_dates_shown",
    "campaign_save",
    "campaign_years_message",
    "feed_token_revoke",
    "feed_token_rotate",
    "plan_approve",
    "plan_copy_recurring",
    "plan_create",
    "plan_reopen",
    "plan_return",
    "plan_submit",
    "post_comment_add",
    "post_create",
    "post_delete",
    "post_move",
    "post_note_material",
    "post_published_by_network",
    "post_resumed_for_network",
    "post_set_status",
    "post_update",
    "posts_bulk",
    "reminders_plans_unapproved",
    "reminders_posts_due",
    "reminders_posts_missed",
    "reminders_send",
    "rubric_save",
    "waits_for_plan",
]
