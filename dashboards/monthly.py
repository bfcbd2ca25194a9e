"""The «Справка» that writes itself: last month's, for every region and for the
whole union, on the 1st.

On the 1st at 09:00 (Asia/Almaty) the beat runs `monthly_reports_request`,
which asks for one report job per region, and one for the whole union (a job
without a region, `report.union.build_union_report`), for the month that has just
ended.
Each job carries its `ReportJob.monthly_key`, unique in the database, so
whatever runs twice — a second beat, a rerun by hand, a retried task, two
runs at the same moment — a region's month has one job: the second run finds
the row and sends nothing.

The job is written as any other (`report.generate.report_generate`, swept by
`dashboards.jobs` while Redis or the workers are away, so a broker outage
delays the report and never loses it). In the transaction that marks it done,
`monthly_report_announce` tells the region's press secretaries (its leader
among them) and the central committee (the union's report: the central
committee only): a notification with the link, and its e-mail through the
outbox — one per person and key, however often it runs.

The beat asks again on the hour until 23:00, through the 7th: a beat or a broker that was
down at 09:00 on the 1st delays the month's reports by an hour, not a month.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import dates
from portal.models import Region, User
from portal.selectors import press_of
from portal.services import in_portal_language, notify

from . import jobs
from .models import ReportJob

# The local time of the 1st from which last month's reports are owed.
SEND_AT = datetime.time(9, 0)


def owed_month(now: datetime.datetime) -> datetime.date | None:
    """The first day of the month whose reports are owed at `now`: the previous
    month, from 09:00 local time on the 1st; None before that on the 1st (that
    morning belongs to the month before, whose reports went out a month ago)."""
    local = timezone.localtime(now)
    if local.day == 1 and local.time() < SEND_AT:
        return None
    return dates.previous_month(dates.first_day(local.date()))


def monthly_key(*, region_id: int | None, month: datetime.date) -> str:
    """«monthly:2026-11:region:7», or «monthly:2026-11:union» for the whole union."""
    scope = f"region:{region_id}" if region_id is not None else "union"
    return f"monthly:{month:%Y-%m}:{scope}"


def monthly_reports_request(*, now: datetime.datetime) -> list[ReportJob]:
    """Ask for the owed month's report of every region, and of the whole union,
    that has none yet; returns the jobs created now (none on a second run)."""
    month = owed_month(now)
    if month is None:
        return []
    created = []
    regions: list[int | None] = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    for region_id in [*regions, None]:
        # A region at a time: a concurrent run waits on the unique key of the
        # row it would duplicate, then finds it (get_or_create's second look).
        with transaction.atomic():
            job, was_created = ReportJob.objects.get_or_create(
                monthly_key=monthly_key(region_id=region_id, month=month),
                defaults={
                    "region_id": region_id,
                    "period_start": month,
                    "period_end": dates.last_day(month),
                },
            )
            if was_created:
                jobs.enqueue(job)
                created.append(job)
    return created


def recipients(region_id: int | None) -> list[User]:
    """Who receives a region's monthly report: its press secretaries and
    leader, and every member of the central committee (active people only);
    the whole union's goes to the central committee."""
    press = list(press_of(region_id)) if region_id is not None else []
    central = list(User.objects.filter(role=User.Role.CENTRAL, is_active=True))
    return press + central


def monthly_report_announce(*, job: ReportJob) -> int:
    """Tell the recipients that the monthly report of `job` is written; in the
    caller's transaction (the one that marks the job done). Returns how many
    were told now: nobody the second time."""
    if not job.monthly_key:
        return 0
    with in_portal_language():
        month = dates.month_words(job.period_start)
        name = job.region.short_name if job.region_id else _("the whole union")
        told = notify(
            users=recipients(job.region_id),
            key=f"report:{job.monthly_key}",
            title=_("%(month)s: the report for %(region)s is ready")
            % {"month": month, "region": name},
            body=_(
                "The portal has written the report on the organisation of information "
                "work for the past month. It opens by the link below; its DOCX file "
                "downloads from its page."
            ),
            url=reverse("dashboards:report_detail", args=[job.pk]),
        )
    return len(told)
