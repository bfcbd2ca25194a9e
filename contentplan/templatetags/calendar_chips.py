"""The calendar's chips and the month's grid, drawn here rather than by a
template included for each chip: the month draws over a hundred, the week
and the day dozens, and the included templates' lookups, filters and
translations were most of what a warm visit cost (issue 33, «Warm»). The
HTML is the one the templates (`month_chip.html`, `chip.html` and the grid's
loop in `month_grid.html`) wrote, with the same attributes, escaping and
accessibility. What is the same for every chip (the translations) is looked
up once a page, not once a chip, and the values are escaped as the template
language escapes them (`_e`) but joined as plain strings: `format_html` per
chip cost as much again as the rest of the drawing."""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from contentplan.templatetags.contentplan import (
    channel_icon,
    channel_state_icon,
    channel_state_label,
    post_status_icon,
)

register = template.Library()


def _e(value) -> str:
    """A value escaped as `conditional_escape` (and so `{{ value }}`) escapes
    it: left as it is when already safe."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


class _Words:
    """The words every chip of a page says, translated once a page."""

    def __init__(self):
        live = _e(gettext("Live stream"))
        self.live = (
            '<i class="bi bi-broadcast cp-live-mark" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{live}</span> '
        )
        self.month_live = (
            '<i class="bi-broadcast cp-live-mark" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{live}</span> '
        )
        # As {% blocktranslate %} has it: the translation as it is, the
        # values escaped into it.
        self.select = gettext("Select «%(title)s»")
        self.add = gettext("Add a post on %(day)s")
        self.states: dict[str, str] = {}

    def state(self, state: str) -> str:
        """A channel's state in words, escaped."""
        if state not in self.states:
            self.states[state] = _e(channel_state_label(state))
        return self.states[state]


def _words(context) -> _Words:
    """The page's words, kept in the template's render context: worked out
    by the first chip of a page, in the reader's language."""
    words = context.render_context.get(_Words)
    if words is None:
        words = context.render_context[_Words] = _Words()
    return words


# The month: what a press secretary reads at a glance (rubric colour, status,
# where it went out or failed, time, title), the rest in the tooltip (rubric,
# status, branch, campaign, reach, channels). What is the same for every chip
# is said once by the grid (month_grid.html): the modal a chip opens, the
# address a move goes to, dragging and its key (contentplan.js), the text
# colour (contentplan.css). One who may edit gets a checkbox labelled by its
# chip (a <label> round it).
MONTH_CHIP = (
    '<{tag} class="cp-item{live_class}"> {select}'
    '<a class="cp-chip cp-{status}{dark}{in_campaign}" href="{url}"'
    ' style="background:{colour}{border}" title="{tooltip}"'
    ' data-testid="chip" data-post="{pk}" {version}>'
    ' <span class="cp-chip-title"><i class="bi-{icon}" aria-hidden="true"></i> '
    "{live}{channels}{time}{title}</span> </a> </{tag}>"
)
MONTH_CHANNEL = (
    '<span class="cp-channel cp-state-{state}" data-channel="{code}" data-state="{state}">'
    '<i class="bi-{icon}" aria-hidden="true"></i>'
    '<i class="bi-{mark} cp-state-mark" aria-hidden="true"></i></span> '
)


def _month_chip(chip, may_edit: bool, words: _Words) -> str:
    pk, version = _e(chip.pk), _e(chip.version)
    return MONTH_CHIP.format(
        tag="label" if may_edit else "div",
        live_class=" cp-live" if chip.live else "",
        select=(
            '<input class="form-check-input cp-select" type="checkbox" form="bulk-form"'
            f' name="posts" value="{pk}:{version}" data-testid="select"> '
        )
        if may_edit
        else "",
        status=_e(chip.status),
        dark=" cp-on-dark" if chip.text_colour == "#ffffff" else "",
        in_campaign=" cp-in-campaign" if chip.campaign else "",
        url=_e(chip.url),
        colour=_e(chip.colour),
        border=f"; border-left-color: {_e(chip.campaign_colour)}" if chip.campaign else "",
        tooltip=_month_tooltip(chip, words),
        pk=pk,
        version=f'data-version="{version}"' if may_edit else "",
        icon=_e(post_status_icon(chip.status)),
        live=words.month_live if chip.live else "",
        channels="".join(
            MONTH_CHANNEL.format(
                state=_e(state),
                code=_e(code),
                icon=_e(channel_icon(code)),
                mark=_e(channel_state_icon(state)),
            )
            for code, _name, state in chip.channels
            if state
        ),
        time=f'<b class="cp-chip-time">{_e(chip.time)}</b> ' if chip.time else "",
        title=_e(chip.title),
    )


def _month_tooltip(chip, words: _Words) -> str:
    """The chip's tooltip, then its channels (and their states)."""
    parts = [_e(chip.tooltip)]
    for n, (_code, name, state) in enumerate(chip.channels):
        parts.append(" · " if n == 0 else ", ")
        parts.append(_e(name))
        if state:
            parts.append(f" ({words.state(state)})")
    return "".join(parts)


# The week and the day: a chip that opens its post in the modal and, for one
# who may edit, is dragged (or moved with M) to another day and hour.
CHIP = (
    '<div class="cp-item{live_class}" data-post="{pk}"> {select}'
    '<a class="cp-chip cp-{status}{in_campaign}" href="{url}" hx-get="{url}"'
    ' hx-target="#post-modal-content" hx-swap="innerHTML" data-bs-toggle="modal"'
    ' data-bs-target="#post-modal"'
    ' style="background-color: {colour}; color: {text_colour}{border}" title="{tooltip}"'
    ' data-testid="chip" data-post="{pk}" data-date="{iso}" data-time="{time}" {moves}>'
    ' <span class="cp-chip-head"> <i class="bi bi-{icon}" aria-hidden="true"></i> '
    '{live}{shown_time}{channels}</span> <span class="cp-chip-title">{title}</span> </a> </div>'
)
CHANNEL = (
    '<span class="cp-channel{state_class}" title="{name}" data-channel="{code}" {data_state}>'
    '<i class="bi bi-{icon}" aria-hidden="true"></i>{mark}'
    '<span class="visually-hidden">{name}{label}</span></span> '
)


def _chip(chip, may_edit: bool, words: _Words) -> str:
    pk, version, title, time = _e(chip.pk), _e(chip.version), _e(chip.title), _e(chip.time)
    select = words.select % {"title": title}
    return CHIP.format(
        live_class=" cp-live" if chip.live else "",
        pk=pk,
        select=(
            '<input class="form-check-input cp-select" type="checkbox" form="bulk-form"'
            f' name="posts" value="{pk}:{version}" aria-label="{select}" data-testid="select"> '
        )
        if may_edit
        else "",
        status=_e(chip.status),
        in_campaign=" cp-in-campaign" if chip.campaign else "",
        url=_e(chip.url),
        colour=_e(chip.colour),
        text_colour=_e(chip.text_colour),
        border=f"; border-left-color: {_e(chip.campaign_colour)}" if chip.campaign else "",
        tooltip=_e(chip.tooltip),
        iso=_e(chip.iso),
        time=time,
        moves=(
            f'draggable="true" data-move-url="{_e(chip.move_url)}" data-version="{version}"'
            ' aria-keyshortcuts="M"'
        )
        if may_edit
        else "",
        icon=_e(post_status_icon(chip.status)),
        live=words.live if chip.live else "",
        shown_time=f'<span class="cp-chip-time">{time}</span> ' if chip.time else "",
        channels=_channels(chip, words) if chip.channels else "",
        title=title,
    )


def _channels(chip, words: _Words) -> str:
    channels = "".join(_channel(code, name, state, words) for code, name, state in chip.channels)
    return f'<span class="cp-channels" data-testid="chip-channels"> {channels}</span> '


def _channel(code: str, name: str, state: str, words: _Words) -> str:
    state_mark = _e(channel_state_icon(state))
    return CHANNEL.format(
        state_class=f" cp-state-{_e(state)}" if state else "",
        name=_e(name),
        code=_e(code),
        data_state=f'data-state="{_e(state)}"' if state else "",
        icon=_e(channel_icon(code)),
        mark=f'<i class="bi bi-{state_mark} cp-state-mark" aria-hidden="true"></i>'
        if state
        else "",
        label=f" ({words.state(state)})" if state else "",
    )


@register.simple_tag(takes_context=True)
def chips(context, chips, may_edit) -> SafeString:
    """A cell's chips in the week."""
    words = _words(context)
    drawn = " ".join(_chip(chip, bool(may_edit), words) for chip in chips)
    return mark_safe(drawn)  # noqa: S308 - every value escaped by _e


@register.simple_tag(takes_context=True)
def chip(context, chip, may_edit) -> SafeString:
    """One chip (the day's list of posts)."""
    return mark_safe(_chip(chip, bool(may_edit), _words(context)))  # noqa: S308 - as above


# The month's grid: a row a week, a cell a day with its number, the button
# that adds a post on it (for one who may edit), its chips and «N more».
DAY = (
    '<td class="cp-day{out}{today}" {testid} {drop}>'
    ' <div class="d-flex justify-content-between align-items-center">'
    ' <span class="cp-daynum">{number}</span> {add}</div> {chips} {more}</td>'
)
ADD = (
    '<a class="cp-add" href="{address}" hx-get="{address}" hx-target="#post-modal-content"'
    ' hx-swap="innerHTML" data-bs-toggle="modal" data-bs-target="#post-modal"'
    ' data-testid="add-{iso}" title="{title}"><i class="bi bi-plus-lg" aria-hidden="true"></i>'
    '<span class="visually-hidden">{title}</span></a> '
)


class _Grid:
    """What every day of a month's grid shares: who draws, the addresses and
    the words, once a page."""

    def __init__(self, context, may_edit, add_url: str, day_list_url: str, view_query: str):
        self.words = _words(context)
        self.may_edit = bool(may_edit)
        self.add_url = _e(add_url)
        self.day_list_url = _e(day_list_url)
        self.query = f"&amp;{_e(view_query)}" if view_query else ""

    def day(self, day) -> str:
        editable = self.may_edit and day.in_month
        iso = _e(day.iso)
        return DAY.format(
            out="" if day.in_month else " cp-out",
            today=" cp-today" if day.is_today else "",
            testid=f'data-testid="day-{iso}"' if day.in_month else "",
            drop=f'data-drop-date="{iso}"' if editable else "",
            number=day.date.day,
            add=self.add(day, iso) if editable else "",
            chips=" ".join(_month_chip(chip, self.may_edit, self.words) for chip in day.chips),
            more=self.more(day, iso) if day.more else "",
        )

    def add(self, day, iso: str) -> str:
        return ADD.format(
            address=f"{self.add_url}?date={iso}",
            iso=iso,
            title=self.words.add % {"day": _e(day.label)},
        )

    def more(self, day, iso: str) -> str:
        text = ngettext("%(counter)s more post", "%(counter)s more posts", day.more)
        return (
            f'<a class="cp-more" href="{self.day_list_url}?day={iso}{self.query}"'
            f' data-testid="more-{iso}">{text % {"counter": _e(localize(day.more))}}</a> '
        )


@register.simple_tag(takes_context=True)
def month_weeks(context, weeks, may_edit, add_url="", day_list_url="", view_query=""):
    """The rows of the month's grid, a week each."""
    grid = _Grid(context, may_edit, add_url, day_list_url, view_query)
    rows = " ".join("<tr> " + " ".join(grid.day(day) for day in week) + " </tr>" for week in weeks)
    return mark_safe(rows)  # noqa: S308 - every value escaped by _e


# The week's hours: a row an hour, a cell a day to drop a post on, with the
# posts at that hour.
HOUR_CELL = '<td class="cp-slot{today}" data-testid="week-{iso}-{hour}" {drop}> {chips} </td>'


@register.simple_tag(takes_context=True)
def week_rows(context, rows, may_edit) -> SafeString:
    """The rows of the week's hours (the row of the whole day stays in the
    template): a hundred cells, drawn here rather than by the template's
    inner loop."""
    words = _words(context)
    may_edit = bool(may_edit)
    drawn = []
    for row in rows:
        label, hour = _e(row.label), _e(row.hour_text)
        cells = " ".join(
            HOUR_CELL.format(
                today=" cp-today-col" if column.is_today else "",
                iso=_e(column.iso),
                hour=hour,
                drop=f'data-drop-date="{_e(column.iso)}" data-drop-time="{label}"'
                if may_edit
                else "",
                chips=" ".join(_chip(chip, may_edit, words) for chip in chips),
            )
            for column, chips in row.cells
        )
        drawn.append(f'<tr> <th scope="row" class="cp-hour small">{label}</th> {cells} </tr>')
    return mark_safe(" ".join(drawn))  # noqa: S308 - every value escaped by _e


# The week's heading: a column a day, its name and number leading to the
# day, the button that adds a post on it (for one who may edit) and «+N».
HEAD = (
    '<th scope="col" class="{today}" data-testid="week-head-{iso}">'
    ' <a href="{day_url}">{weekday} <span class="cp-daynum">{number}</span></a> {add}{more}</th>'
)


@register.simple_tag(takes_context=True)
def week_head(context, head, may_edit) -> SafeString:
    """The heading's cells: (column, its day's address, its day's name) each.
    The address that adds a post is reversed once a plan, not once a day."""
    words = _words(context)
    add_urls: dict[int, str] = {}
    drawn = []
    for column, day_url, day_label in head:
        iso, day_url = _e(column.iso), _e(day_url)
        add = ""
        if may_edit and column.plan_id:
            if column.plan_id not in add_urls:
                add_urls[column.plan_id] = _e(
                    reverse("contentplan:post_create", args=[column.plan_id])
                )
            add = ADD.format(
                address=f"{add_urls[column.plan_id]}?date={iso}",
                iso=iso,
                title=words.add % {"day": _e(day_label)},
            )
        more = ""
        if column.more:
            text = ngettext("+%(counter)s more", "+%(counter)s more", column.more)
            more = (
                f'<a class="cp-more small" href="{day_url}">'
                f"{text % {'counter': _e(localize(column.more))}}</a> "
            )
        drawn.append(
            HEAD.format(
                today="cp-today" if column.is_today else "",
                iso=iso,
                day_url=day_url,
                weekday=_e(date_format(column.date, "D")),
                number=column.date.day,
                add=add,
                more=more,
            )
        )
    return mark_safe(" ".join(drawn))  # noqa: S308 - every value escaped by _e
