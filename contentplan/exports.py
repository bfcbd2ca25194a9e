"""The month's plan as a printable XLSX table, and posts as an iCalendar feed.

The feed is written by `icalendar`, which escapes the values, folds the
lines at 75 octets and ends them with CRLF (RFC 5545).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from portal.infrastructure.tabular import safe_cell

from .models import MonthlyPlan, PlannedPost

# --- XLSX --------------------------------------------------------------------------


# (header, width in characters) of each column of the printed table.
def _columns() -> list[tuple[str, int]]:
    return [
        (_("Date"), 11),
        (_("Day"), 5),
        (_("Time (%(zone)s)") % {"zone": TIME_ZONE_LABEL}, 9),
        (_("Rubric"), 20),
        (_("Title"), 34),
        (_("Brief"), 44),
        (_("Channels"), 20),
        (_("Responsible"), 20),
        (_("Featured branch"), 20),
        (_("Language"), 10),
        (_("Own or repost"), 9),
        (_("Status"), 12),
        (_("Published at"), 28),
    ]


HEADER_ROW = 4  # title, status line, the time zone, then the table

# How times leaving the portal name their zone (all of Kazakhstan keeps UTC+5
# since March 2024).
TIME_ZONE_LABEL = "Asia/Almaty, UTC+5"


def plan_xlsx(*, plan: MonthlyPlan, posts: Iterable[PlannedPost]) -> bytes:
    """The plan as a table for the executive committee: landscape, one page wide."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = plan.month.strftime("%Y-%m")
    columns = _columns()
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    _xlsx_heading(sheet, plan)
    _xlsx_header_row(sheet, columns, border)
    row = HEADER_ROW
    for post in posts:
        row += 1
        _xlsx_post_row(sheet, row, post, border)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{max(row, HEADER_ROW)}"
    _xlsx_for_print(sheet)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_heading(sheet, plan: MonthlyPlan) -> None:
    """The plan's month and region, its status, the time zone: rows 1–3."""
    heading = _("Content plan for %(month)s · %(region)s") % {
        "month": date_format(plan.month, "F Y"),
        "region": plan.region.short_name,
    }
    safe_cell(sheet, row=1, column=1, value=heading).font = Font(bold=True, size=14)
    status = _("Status: %(status)s") % {"status": plan.get_status_display()}
    if plan.approved_by and plan.approved_at:
        status += " · " + _("approved by %(who)s, %(when)s") % {
            "who": plan.approved_by,
            "when": date_format(timezone.localtime(plan.approved_at), "d.m.Y"),
        }
    safe_cell(sheet, row=2, column=1, value=status)
    safe_cell(
        sheet,
        row=3,
        column=1,
        value=_("All times are Almaty time (%(zone)s).") % {"zone": TIME_ZONE_LABEL},
    ).font = Font(italic=True)


def _xlsx_header_row(sheet, columns, border: Border) -> None:
    for index, (title, width) in enumerate(columns, start=1):
        cell = safe_cell(sheet, row=HEADER_ROW, column=index, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F5")
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width


def _xlsx_post_row(sheet, row: int, post: PlannedPost, border: Border) -> None:
    values = [
        post.date,
        date_format(post.date, "D"),
        post.time.strftime("%H:%M") if post.time else "",
        post.rubric.display_name,
        post.title,
        post.brief,
        ", ".join(channel.display_name for channel in post.channels.all()),
        str(post.responsible) if post.responsible else "",
        post.branch.name if post.branch else "",
        post.get_language_display(),
        post.get_origin_display(),
        post.get_status_display(),
        post.published_url,
    ]
    for index, value in enumerate(values, start=1):
        # Titles, briefs and names are people's text: kept as text.
        cell = safe_cell(sheet, row=row, column=index, value=value)
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(row=row, column=1).number_format = "DD.MM.YYYY"
    colour = post.rubric.colour.lstrip("#").upper()
    sheet.cell(row=row, column=4).fill = PatternFill("solid", fgColor=colour)
    sheet.cell(row=row, column=4).font = Font(color=post.rubric.text_colour.lstrip("#").upper())


def _xlsx_for_print(sheet) -> None:
    # Printed for the executive committee: landscape A4, all columns on one page
    # wide, the header repeated on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)


# --- iCalendar ----------------------------------------------------------------------


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """Times go out in UTC (the calendar shows them in its own zone)."""
    return moment.astimezone(datetime.UTC)


def _event(post: PlannedPost, *, stamp: datetime.datetime, host: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"post-{post.pk}@{host}")
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(post.updated_at))
    event.add("sequence", post.version)
    if post.time is None:
        event.add("dtstart", post.date)
        event.add("dtend", post.date + datetime.timedelta(days=1))
    else:
        # In the portal's zone (Asia/Almaty), named by TZID and described by the
        # VTIMEZONE the calendar carries: a calendar app in another zone shows
        # the right moment, and the file says whose 18:00 it is.
        start = timezone.make_aware(
            datetime.datetime.combine(post.date, post.time), timezone.get_default_timezone()
        )
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(hours=1))
    details = [
        post.brief,
        _("Status: %(status)s") % {"status": post.get_status_display()},
        _("Region: %(region)s") % {"region": post.plan.region.short_name},
    ]
    if post.responsible:
        details.append(_("Responsible: %(who)s") % {"who": post.responsible})
    channel_names = ", ".join(channel.display_name for channel in post.channels.all())
    if channel_names:
        details.append(_("Channels: %(channels)s") % {"channels": channel_names})
    event.add("summary", f"[{post.rubric.display_name}] {post.title}")
    event.add("description", "\n".join(part for part in details if part))
    event.add("categories", [post.rubric.display_name])
    event.add("url", f"{settings.SITE_URL}{post.get_absolute_url()}")
    if post.status == PlannedPost.Status.MISSED:
        event.add("status", "CANCELLED")
    return event


def posts_ical(*, posts: Iterable[PlannedPost], name: str) -> bytes:
    """A VCALENDAR with one all-day (or one-hour) event per post."""
    host = urlsplit(settings.SITE_URL).hostname or "profinfo"
    stamp = timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Profinfo//Content plan//RU")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # Extension properties have no type of their own in `icalendar`: give them one.
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("x-published-ttl", icalendar.vDuration(datetime.timedelta(hours=1)))
    calendar.add("x-wr-timezone", icalendar.vText(settings.TIME_ZONE))
    for post in posts:
        calendar.add_component(_event(post, stamp=stamp, host=host))
    # A VTIMEZONE for the zone the timed events name (RFC 5545, 3.6.5).
    calendar.add_missing_timezones()
    # In the order written above, as the feed always was.
    return calendar.to_ical(sorted=False)
