"""The calendar's chips drawn by the tags of calendar_chips (issue 33,
«Warm»): the HTML the included templates (chip.html, month_chip.html) wrote,
with the same attributes, escaping and accessibility, in the reader's
language. The expected HTML below is what those templates rendered for the
same chip, in Kazakh."""

from __future__ import annotations

import datetime

import pytest
from django.template import engines
from django.test.html import parse_html
from django.utils import translation

from contentplan.selectors import Chip, Day, HourRow, WeekDay

# A chip with everything a chip can show, its title and names hostile.
CHIP = Chip(
    pk=7,
    date=datetime.date(2026, 3, 10),
    status="approved",
    version=3,
    url="/plan/posts/7/",
    move_url="/plan/posts/7/move/",
    time="18:30",
    title='<script>"Q&A"</script>',
    tooltip="Rubric · <b>approved</b>",
    colour="#0d6efd",
    text_colour="#ffffff",
    live=True,
    campaign="Spring & <co>",
    campaign_colour="#198754",
    channels=[("telegram", "Telegram «A&B»", "sent"), ("facebook_page", "Facebook", "")],
)


WEEK_EDITOR = (
    '<div class="cp-item cp-live" data-post="7"> <input class="form-check-input '
    'cp-select" type="checkbox" form="bulk-form" name="posts" value="7:3" '
    'aria-label="«&lt;script&gt;&quot;Q&amp;A&quot;&lt;/script&gt;» таңдау" '
    'data-testid="select"> <a class="cp-chip cp-approved cp-in-campaign" '
    'href="/plan/posts/7/" hx-get="/plan/posts/7/" hx-target="#post-modal-content" '
    'hx-swap="innerHTML" data-bs-toggle="modal" data-bs-target="#post-modal" '
    'style="background-color: #0d6efd; color: #ffffff; border-left-color: #198754" '
    'title="Rubric · &lt;b&gt;approved&lt;/b&gt;" data-testid="chip" data-post="7" '
    'data-date="2026-03-10" data-time="18:30" draggable="true" '
    'data-move-url="/plan/posts/7/move/" data-version="3" aria-keyshortcuts="M"> <span '
    'class="cp-chip-head"> <i class="bi bi-check-circle" aria-hidden="true"></i> <i '
    'class="bi bi-broadcast cp-live-mark" aria-hidden="true"></i><span '
    'class="visually-hidden">Тікелей эфир</span> <span class="cp-chip-time">18:30</span> '
    '<span class="cp-channels" data-testid="chip-channels"> <span class="cp-channel '
    'cp-state-sent" title="Telegram «A&amp;B»" data-channel="telegram" '
    'data-state="sent"><i class="bi bi-telegram" aria-hidden="true"></i><i class="bi '
    'bi-check-circle-fill cp-state-mark" aria-hidden="true"></i><span '
    'class="visually-hidden">Telegram «A&amp;B» (жіберілді)</span></span> <span '
    'class="cp-channel" title="Facebook" data-channel="facebook_page" ><i class="bi '
    'bi-facebook" aria-hidden="true"></i><span '
    'class="visually-hidden">Facebook</span></span> </span> </span> <span '
    'class="cp-chip-title">&lt;script&gt;&quot;Q&amp;A&quot;&lt;/script&gt;</span> </a> '
    "</div>"
)

WEEK_VIEWER = (
    '<div class="cp-item cp-live" data-post="7"> <a class="cp-chip cp-approved '
    'cp-in-campaign" href="/plan/posts/7/" hx-get="/plan/posts/7/" '
    'hx-target="#post-modal-content" hx-swap="innerHTML" data-bs-toggle="modal" '
    'data-bs-target="#post-modal" style="background-color: #0d6efd; color: #ffffff; '
    'border-left-color: #198754" title="Rubric · &lt;b&gt;approved&lt;/b&gt;" '
    'data-testid="chip" data-post="7" data-date="2026-03-10" data-time="18:30" > <span '
    'class="cp-chip-head"> <i class="bi bi-check-circle" aria-hidden="true"></i> <i '
    'class="bi bi-broadcast cp-live-mark" aria-hidden="true"></i><span '
    'class="visually-hidden">Тікелей эфир</span> <span class="cp-chip-time">18:30</span> '
    '<span class="cp-channels" data-testid="chip-channels"> <span class="cp-channel '
    'cp-state-sent" title="Telegram «A&amp;B»" data-channel="telegram" '
    'data-state="sent"><i class="bi bi-telegram" aria-hidden="true"></i><i class="bi '
    'bi-check-circle-fill cp-state-mark" aria-hidden="true"></i><span '
    'class="visually-hidden">Telegram «A&amp;B» (жіберілді)</span></span> <span '
    'class="cp-channel" title="Facebook" data-channel="facebook_page" ><i class="bi '
    'bi-facebook" aria-hidden="true"></i><span '
    'class="visually-hidden">Facebook</span></span> </span> </span> <span '
    'class="cp-chip-title">&lt;script&gt;&quot;Q&amp;A&quot;&lt;/script&gt;</span> </a> '
    "</div>"
)

MONTH_EDITOR = (
    '<label class="cp-item cp-live"> <input class="form-check-input cp-select" '
    'type="checkbox" form="bulk-form" name="posts" value="7:3" data-testid="select"> <a '
    'class="cp-chip cp-approved cp-on-dark cp-in-campaign" href="/plan/posts/7/" '
    'style="background:#0d6efd; border-left-color: #198754" title="Rubric · '
    '&lt;b&gt;approved&lt;/b&gt; · Telegram «A&amp;B» (жіберілді), Facebook" '
    'data-testid="chip" data-post="7" data-version="3"> <span class="cp-chip-title"><i '
    'class="bi-check-circle" aria-hidden="true"></i> <i class="bi-broadcast cp-live-mark"'
    ' aria-hidden="true"></i><span class="visually-hidden">Тікелей эфир</span> <span '
    'class="cp-channel cp-state-sent" data-channel="telegram" data-state="sent"><i '
    'class="bi-telegram" aria-hidden="true"></i><i class="bi-check-circle-fill '
    'cp-state-mark" aria-hidden="true"></i></span> <b class="cp-chip-time">18:30</b> '
    "&lt;script&gt;&quot;Q&amp;A&quot;&lt;/script&gt;</span> </a> </label>"
)

MONTH_VIEWER = (
    '<div class="cp-item cp-live"> <a class="cp-chip cp-approved cp-on-dark '
    'cp-in-campaign" href="/plan/posts/7/" style="background:#0d6efd; border-left-color: '
    '#198754" title="Rubric · &lt;b&gt;approved&lt;/b&gt; · Telegram «A&amp;B» '
    '(жіберілді), Facebook" data-testid="chip" data-post="7" > <span '
    'class="cp-chip-title"><i class="bi-check-circle" aria-hidden="true"></i> <i '
    'class="bi-broadcast cp-live-mark" aria-hidden="true"></i><span '
    'class="visually-hidden">Тікелей эфир</span> <span class="cp-channel cp-state-sent" '
    'data-channel="telegram" data-state="sent"><i class="bi-telegram" '
    'aria-hidden="true"></i><i class="bi-check-circle-fill cp-state-mark" '
    'aria-hidden="true"></i></span> <b class="cp-chip-time">18:30</b> '
    "&lt;script&gt;&quot;Q&amp;A&quot;&lt;/script&gt;</span> </a> </div>"
)


def _drawn(source: str, **context) -> str:
    template = engines["django"].from_string("{% load calendar_chips %}" + source)
    with translation.override("kk"):
        return template.render(context)


@pytest.mark.parametrize(
    ("source", "may_edit", "expected"),
    [
        ("{% chips chips may_edit %}", True, WEEK_EDITOR),
        ("{% chips chips may_edit %}", False, WEEK_VIEWER),
    ],
)
def test_a_chip_is_drawn_as_its_template_drew_it(source, may_edit, expected):
    drawn = _drawn(source, chips=[CHIP], may_edit=may_edit)
    assert parse_html(drawn) == parse_html(expected)
    assert "<script>" not in drawn


@pytest.mark.parametrize(("may_edit", "expected"), [(True, MONTH_EDITOR), (False, MONTH_VIEWER)])
def test_the_months_grid_draws_a_chip_as_its_template_drew_it(may_edit, expected):
    day = Day(date=CHIP.date, in_month=True, is_today=False, posts=[CHIP], count=1, iso=CHIP.iso)
    drawn = _drawn(
        "{% month_weeks weeks may_edit add_url %}",
        weeks=[[day]],
        may_edit=may_edit,
        add_url="/plan/1/posts/new/",
    )
    assert parse_html(expected) in parse_html(drawn)
    assert "<script>" not in drawn


def test_the_day_draws_the_weeks_chip():
    assert parse_html(_drawn("{% chip chip may_edit %}", chip=CHIP, may_edit=True)) == parse_html(
        WEEK_EDITOR
    )


def test_a_cells_chips_follow_each_other():
    drawn = _drawn("{% chips chips may_edit %}", chips=[CHIP, CHIP], may_edit=False)
    assert parse_html(drawn) == parse_html(WEEK_VIEWER + " " + WEEK_VIEWER)
    assert _drawn("{% chips chips may_edit %}", chips=[], may_edit=False) == ""


# The week's row of 8:00 over two days (today and the next), with the chip at
# the second: what the template's loop (week_board.html) wrote.
HOUR_ROW = (
    '<tr> <th scope="row" class="cp-hour small">08:00</th>'
    ' <td class="cp-slot cp-today-col" data-testid="week-2026-03-10-08"{drop_10}> </td>'
    ' <td class="cp-slot" data-testid="week-2026-03-11-08"{drop_11}> {chip} </td> </tr>'
)


@pytest.mark.parametrize(("may_edit", "chip"), [(True, WEEK_EDITOR), (False, WEEK_VIEWER)])
def test_the_weeks_hours_are_drawn_as_their_template_drew_them(may_edit, chip):
    today, tomorrow = (
        WeekDay(date=date, is_today=n == 0, plan_id=1, whole_day=[], by_hour={}, count=0)
        for n, date in enumerate([datetime.date(2026, 3, 10), datetime.date(2026, 3, 11)])
    )
    row = HourRow(hour=8, label="08:00", cells=[(today, []), (tomorrow, [CHIP])])
    drop = ' data-drop-date="2026-03-{}" data-drop-time="08:00"' if may_edit else ""
    expected = HOUR_ROW.format(drop_10=drop.format(10), drop_11=drop.format(11), chip=chip)
    drawn = _drawn("{% week_rows rows may_edit %}", rows=[row], may_edit=may_edit)
    assert parse_html(drawn) == parse_html(expected)


# The week's heading of a day (today, with four posts more than it shows),
# as the template's loop (week_board.html) wrote it, in Kazakh.
HEAD_DAY = (
    '<th scope="col" class="cp-today" data-testid="week-head-2026-03-10">'
    ' <a href="/plan/2026/03/10/?status=idea&amp;x=&lt;y&gt;">Сс'
    ' <span class="cp-daynum">10</span></a> {add}'
    '<a class="cp-more small" href="/plan/2026/03/10/?status=idea&amp;x=&lt;y&gt;">тағы 4</a>'
    " </th>"
)
HEAD_ADD = (
    '<a class="cp-add" href="/plan/plans/5/posts/new/?date=2026-03-10"'
    ' hx-get="/plan/plans/5/posts/new/?date=2026-03-10" hx-target="#post-modal-content"'
    ' hx-swap="innerHTML" data-bs-toggle="modal" data-bs-target="#post-modal"'
    ' data-testid="add-2026-03-10" title="10 наурыз&lt;&gt;: жазба қосу">'
    '<i class="bi bi-plus-lg" aria-hidden="true"></i>'
    '<span class="visually-hidden">10 наурыз&lt;&gt;: жазба қосу</span></a> '
)


@pytest.mark.parametrize(("may_edit", "add"), [(True, HEAD_ADD), (False, "")])
def test_the_weeks_heading_is_drawn_as_its_template_drew_it(may_edit, add):
    column = WeekDay(
        date=datetime.date(2026, 3, 10),
        is_today=True,
        plan_id=5,
        whole_day=[],
        by_hour={},
        count=4,
    )
    head = [(column, "/plan/2026/03/10/?status=idea&x=<y>", "10 наурыз<>")]
    drawn = _drawn("{% week_head head may_edit %}", head=head, may_edit=may_edit)
    assert parse_html(drawn) == parse_html(HEAD_DAY.format(add=add))
