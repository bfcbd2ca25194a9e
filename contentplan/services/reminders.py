"""Reminders (the daily and monthly tasks): posts due, posts missed, plans
not approved by the 25th.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import dates
from portal.models import Region
from portal.selectors import press_by_region
from portal.services import in_portal_language, notify

from .. import history, signals
from ..models import (
    FINAL_STATUSES,
    MonthlyPlan,
    PlannedPost,
    month_args,
)
from .common import record_if_approved

Plan = MonthlyPlan.Status
Post = PlannedPost.Status


# --- Reminders (the daily and monthly tasks) ----------------------------------------

# A post due within this many days and not yet approved reminds its responsible person.
DUE_SOON_DAYS = 2
# From this day of the month on, next month's plan should be approved.
PLAN_DEADLINE_DAY = 25
NOT_READY = (Post.IDEA, Post.IN_WORK, Post.ON_REVIEW)


def _due_body(post: PlannedPost) -> str:
    """The reminder's text: the status, and the time with its zone (an e-mail
    leaves the portal, and its reader may be anywhere)."""
    body = _("Status: %(status)s.") % {"status": post.get_status_display()}
    if post.time:
        body += " " + _("At %(time)s Almaty time (UTC+5).") % {"time": f"{post.time:%H:%M}"}
    return body


@transaction.atomic
def reminders_posts_due(*, today: datetime.date) -> int:
    """Tell each responsible person about their posts due within two days and not
    yet approved (the region's press secretaries when nobody is responsible).
    Once per post and date: a second run sends nothing new."""
    posts = list(
        PlannedPost.objects.filter(
            date__gte=today,
            date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            status__in=NOT_READY,
        ).select_related("responsible", "plan")
    )
    press = press_by_region(post.plan.region_id for post in posts)
    sent = 0
    with in_portal_language():
        for post in posts:
            people = [post.responsible] if post.responsible else press.get(post.plan.region_id, [])
            sent += len(
                notify(
                    users=people,
                    key=f"post-due:{post.pk}:{post.date.isoformat()}",
                    title=_("Due %(date)s and not approved yet: «%(title)s»")
                    % {"date": dates.format_day(post.date), "title": post.title},
                    body=_due_body(post),
                    url=post.get_absolute_url(),
                )
            )
    return sent


@transaction.atomic
def reminders_posts_missed(*, today: datetime.date) -> int:
    """Mark posts whose day passed unpublished as missed, and tell the press secretary.

    The update is conditional (only from a status that is not final), so a
    second run finds nothing to mark and sends nothing.
    """
    candidates = list(
        PlannedPost.objects.filter(date__lt=today)
        .exclude(status__in=FINAL_STATUSES)
        .select_related("plan")
    )
    press = press_by_region(post.plan.region_id for post in candidates)
    marked = 0
    with in_portal_language():
        for post in candidates:
            claimed = (
                PlannedPost.objects.filter(pk=post.pk)
                .exclude(status__in=FINAL_STATUSES)
                .update(
                    status=Post.MISSED,
                    version=F("version") + 1,
                    updated_by=None,
                    updated_at=timezone.now(),
                )
            )
            if not claimed:
                continue
            marked += 1
            signals.posts_updated.send(
                sender=PlannedPost, region_id=post.plan.region_id, month=post.plan.month
            )
            record_if_approved(
                plan=post.plan,
                user=None,
                post=post,
                event=history.POST_MISSED,
                params={"title": post.title, "date": history.day(post.date)},
            )
            notify(
                users=press.get(post.plan.region_id, []),
                key=f"post-missed:{post.pk}",
                title=_("Missed: «%(title)s» of %(date)s")
                % {"title": post.title, "date": dates.format_day(post.date)},
                body=_("The day passed and the post was not published."),
                url=post.get_absolute_url(),
            )
    return marked


@transaction.atomic
def reminders_plans_unapproved(*, today: datetime.date) -> int:
    """From the 25th, tell each region's press secretaries and leaders that next
    month's plan is not approved yet. Once per region and month."""
    if today.day < PLAN_DEADLINE_DAY:
        return 0
    month = dates.next_month(today)
    approved = set(
        MonthlyPlan.objects.filter(month=month, status=Plan.APPROVED).values_list(
            "region_id", flat=True
        )
    )
    press = press_by_region(Region.objects.exclude(pk__in=approved).values_list("pk", flat=True))
    calendar_url = reverse("contentplan:calendar", args=month_args(month))
    sent = 0
    with in_portal_language():
        for region_id, people in press.items():
            sent += len(
                notify(
                    users=people,  # press secretaries, leaders among them
                    key=f"plan-unapproved:{region_id}:{month:%Y-%m}",
                    title=_("The content plan for %(month)s is not approved yet")
                    % {"month": dates.month_words(month)},
                    body=_("Next month's plan should be approved by the %(day)s.")
                    % {"day": PLAN_DEADLINE_DAY},
                    url=calendar_url,
                )
            )
    return sent


def reminders_send(*, today: datetime.date) -> dict[str, int]:
    """Everything the reminder tasks do, for the management command."""
    return {
        "due": reminders_posts_due(today=today),
        "missed": reminders_posts_missed(today=today),
        "plans": reminders_plans_unapproved(today=today),
    }
