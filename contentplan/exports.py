"""The month's plan as a printable XLSX table, and posts as an iCalendar feed.

The feed is plain RFC 5545 text written here (no dependency): escaped
values, lines folded at 75 octets, CRLF line ends.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from portal.tabular import safe_cell

from .models import MonthlyPlan, PlannedPost

# --- XLSX --------------------------------------------------------------------------


# (header, width in characters) of each column of the printed table.
def _columns() -> list[tuple[str, int]]:
    return [
        (_("Date"), 11),
        (_("Day"), 5),
        (_("Time"), 7),
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


HEADER_ROW = 4  # title, status line, an empty line, then the table


def plan_xlsx(*, plan: MonthlyPlan, posts: Iterable[PlannedPost]) -> bytes:
    """The plan as a table for the executive committee: landscape, one page wide."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = plan.month.strftime("%Y-%m")
    columns = _columns()
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
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, (title, width) in enumerate(columns, start=1):
        cell = safe_cell(sheet, row=HEADER_ROW, column=index, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F5")
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    row = HEADER_ROW
    for post in posts:
        row += 1
        values = [
            post.date,
            date_format(post.date, "D"),
            post.time.strftime("%H:%M") if post.time else "",
            post.rubric.name,
            post.title,
            post.brief,
            ", ".join(channel.name for channel in post.channels.all()),
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
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{max(row, HEADER_ROW)}"
    # Printed for the executive committee: landscape A4, all columns on one page
    # wide, the header repeated on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- iCalendar ----------------------------------------------------------------------


def ical_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ical_fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545, 3.1),
    never splitting a UTF-8 character."""
    pieces, current, size = [], [], 0
    limit = 75
    for char in line:
        length = len(char.encode("utf-8"))
        if size + length > limit:
            pieces.append("".join(current))
            current, size = [], 1  # continuation lines start with a space
            limit = 75
        current.append(char)
        size += length
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(post: PlannedPost, *, stamp: datetime.datetime, host: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:post-{post.pk}@{host}",
        f"DTSTAMP:{_utc(stamp)}",
        f"LAST-MODIFIED:{_utc(post.updated_at)}",
        f"SEQUENCE:{post.version}",
    ]
    if post.time is None:
        lines.append(f"DTSTART;VALUE=DATE:{post.date:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{post.date + datetime.timedelta(days=1):%Y%m%d}")
    else:
        start = timezone.make_aware(
            datetime.datetime.combine(post.date, post.time), timezone.get_default_timezone()
        )
        lines.append(f"DTSTART:{_utc(start)}")
        lines.append(f"DTEND:{_utc(start + datetime.timedelta(hours=1))}")
    summary = f"[{post.rubric.name}] {post.title}"
    details = [
        post.brief,
        _("Status: %(status)s") % {"status": post.get_status_display()},
        _("Region: %(region)s") % {"region": post.plan.region.short_name},
    ]
    if post.responsible:
        details.append(_("Responsible: %(who)s") % {"who": post.responsible})
    channel_names = ", ".join(channel.name for channel in post.channels.all())
    if channel_names:
        details.append(_("Channels: %(channels)s") % {"channels": channel_names})
    lines += [
        f"SUMMARY:{ical_escape(summary)}",
        f"DESCRIPTION:{ical_escape(chr(10).join(part for part in details if part))}",
        f"CATEGORIES:{ical_escape(post.rubric.name)}",
        f"URL:{settings.SITE_URL}{post.get_absolute_url()}",
    ]
    if post.status == PlannedPost.Status.MISSED:
        lines.append("STATUS:CANCELLED")
    lines.append("END:VEVENT")
    return lines


def posts_ical(*, posts: Iterable[PlannedPost], name: str) -> str:
    """A VCALENDAR with one all-day (or one-hour) event per post."""
    host = urlsplit(settings.SITE_URL).hostname or "profinfo"
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Profinfo//Content plan//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_escape(name)}",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for post in posts:
        lines += _event_lines(post, stamp=stamp, host=host)
    lines.append("END:VCALENDAR")
    return "".join(ical_fold(line) + "\r\n" for line in lines)
