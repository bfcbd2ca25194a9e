"""The calendar's week, selection and keyboard in a real headless Chromium."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import log_in, submit_login
from contentplan.models import MonthlyPlan, PlannedPost, Rubric, month_args
from portal import dates
from portal.dates import last_day, next_month
from portal.models import User

from .conftest import PHONE

pytestmark = pytest.mark.browser


def _month_ahead() -> datetime.date:
    return next_month(dates.first_day(timezone.localdate()))


def _first_monday(month: datetime.date) -> datetime.date:
    return month + datetime.timedelta(days=(7 - month.weekday()) % 7)


def _plan(region, month) -> MonthlyPlan:
    press = User.objects.get(username="press")
    return MonthlyPlan.objects.create(region=region, month=month, created_by=press)


def _post(plan, day, title, rubric, time=None) -> PlannedPost:
    return PlannedPost.objects.create(
        plan=plan,
        date=day,
        time=time,
        title=title,
        rubric=Rubric.objects.get(name=rubric),
        origin="own",
    )


def open_with_enter(page, locator) -> None:
    """Focus a link that opens the post's modal and press Enter; wait until the
    modal has finished opening (Bootstrap ignores Escape while it animates)."""
    page.evaluate(
        "() => { window.modalShown = false; document.getElementById('post-modal')"
        ".addEventListener('shown.bs.modal', () => { window.modalShown = true; },"
        " { once: true }); }"
    )
    locator.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.modalShown")


def close_modal(page) -> None:
    """Escape closes the post's modal; wait until Bootstrap has given the focus
    back to what opened it, so that the next key goes where the test means."""
    page.keyboard.press("Escape")
    expect(page.locator("#post-modal")).to_be_hidden()
    page.wait_for_function(
        "() => !document.body.classList.contains('modal-open')"
        " && !document.getElementById('post-modal').contains(document.activeElement)"
    )


def _day_url(name: str, day: datetime.date) -> str:
    return reverse(name, args=[day.year, f"{day:%m}", f"{day:%d}"])


def test_press_plans_the_week_drags_a_live_stream_and_moves_three_a_week_later(page, demo):
    month = _month_ahead()
    monday = _first_monday(month)
    tuesday, wednesday, thursday, friday = (
        monday + datetime.timedelta(days=n) for n in (1, 2, 3, 4)
    )
    plan = _plan(demo, month)
    live = _post(plan, tuesday, "Прямой эфир с председателем", "Прямые эфиры", datetime.time(18, 0))
    three = [
        _post(plan, monday, "Семинар в Риддере", "Освещение мероприятий", datetime.time(10, 0)),
        _post(plan, wednesday, "Как оформить отпуск", "Полезные советы", datetime.time(10, 0)),
        _post(plan, friday, "Доплата за классное руководство", "Правовые разъяснения",
              datetime.time(10, 0)),
    ]  # fmt: skip
    log_in(page, "press")
    page.goto(plan.calendar_url())
    page.get_by_test_id("view-week").click()
    expect(page).to_have_url(re.compile(r"/week/"))
    page.goto(_day_url("contentplan:week", tuesday))
    expect(page.get_by_test_id("week")).to_be_visible()

    # The live stream stands out at 18:00 on Tuesday; drag it to Thursday 19:00.
    cell = page.get_by_test_id(f"week-{tuesday:%Y-%m-%d}-18")
    chip = cell.get_by_test_id("chip")
    expect(chip).to_contain_text("Прямой эфир")
    expect(cell.locator(".cp-live")).to_have_count(1)
    chip.drag_to(page.get_by_test_id(f"week-{thursday:%Y-%m-%d}-19"))
    landed = page.get_by_test_id(f"week-{thursday:%Y-%m-%d}-19").get_by_test_id("chip")
    expect(landed).to_contain_text(["Прямой эфир с председателем"])
    # Redrawn by the server (not only moved in the page): the new version.
    expect(landed).to_have_attribute("data-version", "1")
    before = page.get_by_test_id(f"week-{tuesday:%Y-%m-%d}-18").get_by_test_id("chip")
    expect(before).to_have_count(0)
    live.refresh_from_db()
    assert (live.date, live.time) == (thursday, datetime.time(19, 0))

    # Select three posts (a click, Shift+click ticks the range in the calendar's
    # order: Monday to Wednesday; Friday after Thursday's live stream gets a
    # click of its own) and move them a week later.
    page.get_by_test_id("bulk-toggle").click()
    row = page.get_by_test_id(f"week-{monday:%Y-%m-%d}-10").locator("..")
    boxes = row.get_by_test_id("select")
    expect(boxes).to_have_count(3)
    boxes.nth(0).click()
    boxes.nth(1).click(modifiers=["Shift"])
    boxes.nth(2).click()
    for n in range(3):
        expect(boxes.nth(n)).to_be_checked()
    expect(page.get_by_test_id("bulk-count")).to_contain_text("3")
    page.get_by_test_id("bulk-action").select_option("move")
    page.get_by_test_id("bulk-days").fill("7")
    page.get_by_test_id("bulk-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("3")
    expect(page).to_have_url(re.compile(r"/week/"))

    # The month shows all four where they now are.
    page.get_by_test_id("view-month").click()
    expect(page).to_have_url(re.compile(rf"/plan/{month:%Y}/{month:%m}/"))
    expect(page.get_by_test_id(f"day-{thursday:%Y-%m-%d}").get_by_test_id("chip")).to_contain_text(
        ["Прямой эфир с председателем"]
    )
    for post, was in zip(three, (monday, wednesday, friday), strict=True):
        later = was + datetime.timedelta(days=7)
        expect(page.get_by_test_id(f"day-{later:%Y-%m-%d}").get_by_test_id("chip")).to_contain_text(
            [post.title]
        )
        expect(page.get_by_test_id(f"day-{was:%Y-%m-%d}").get_by_test_id("chip")).to_have_count(0)
        post.refresh_from_db()
        assert (post.date, post.time) == (later, datetime.time(10, 0))
    # One action, one entry in the plan's history — when the plan is approved;
    # this draft keeps none, so only the versions tell: each post was saved once.
    assert {post.version for post in PlannedPost.objects.exclude(pk=live.pk)} == {1}


def test_press_adds_moves_and_submits_without_a_mouse(page, demo):
    month = _month_ahead()
    plan = _plan(demo, month)
    day = month.replace(day=10)
    log_in(page, "press")
    page.goto(plan.calendar_url())

    # Add a post: the day's "+" link, the form, Enter — keys only.
    open_with_enter(page, page.get_by_test_id(f"add-{day:%Y-%m-%d}"))
    form = page.get_by_test_id("post-form")
    expect(form.locator("[name=date]")).to_have_value(f"{day:%Y-%m-%d}")
    form.locator("[name=rubric]").focus()
    form.locator("[name=rubric]").select_option(label="Прямые эфиры")
    form.locator("[name=title]").focus()
    page.keyboard.type("Эфир с клавиатуры")
    form.locator("[name=channels]").first.focus()
    page.keyboard.press("Space")
    form.get_by_test_id("save-post").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("post-panel")).to_contain_text("Эфир с клавиатуры")
    close_modal(page)
    chip = page.get_by_test_id(f"day-{day:%Y-%m-%d}").get_by_test_id("chip")
    expect(chip).to_contain_text(["Эфир с клавиатуры"])

    # Move it two days later: M picks it up, the arrows choose, Enter drops it.
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    chip.focus()
    page.keyboard.press("m")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    later = day + datetime.timedelta(days=2)
    expect(page.get_by_test_id(f"day-{later:%Y-%m-%d}")).to_have_class(re.compile("cp-key-target"))
    page.keyboard.press("Enter")
    landed = page.get_by_test_id(f"day-{later:%Y-%m-%d}").get_by_test_id("chip")
    expect(landed).to_contain_text(["Эфир с клавиатуры"])
    expect(landed).to_have_attribute("data-version", "1")  # redrawn by the server
    expect(page.get_by_test_id(f"day-{day:%Y-%m-%d}").get_by_test_id("chip")).to_have_count(0)
    assert PlannedPost.objects.get(title="Эфир с клавиатуры").date == later

    # Open it with Enter, then go to the plan and send it for approval.
    moved = page.get_by_test_id(f"day-{later:%Y-%m-%d}").get_by_test_id("chip")
    open_with_enter(page, moved)
    expect(page.get_by_test_id("post-panel")).to_contain_text("Эфир с клавиатуры")
    close_modal(page)
    page.get_by_test_id("plan-link").focus()
    page.keyboard.press("Enter")
    submit = page.get_by_test_id("submit-form")
    submit.locator("[name=reason]").focus()
    page.keyboard.type("Остальные посты добавим после совещания")
    submit.locator("button").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("plan-status")).to_be_visible()
    plan.refresh_from_db()
    assert plan.status == MonthlyPlan.Status.ON_APPROVAL


def test_on_a_phone_the_month_fits_and_titles_cut_at_two_lines(browser, live_server, demo):
    month = _month_ahead()
    plan = _plan(demo, month)
    title = "Очень длинный заголовок поста, который никак не помещается в две строки чипа календаря"
    _post(plan, month.replace(day=10), title, "Полезные советы")
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        user_agent=PHONE,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        # On a phone the menu is collapsed: the login is done when the form is left.
        submit_login(page, "press", settings.DEMO_PASSWORD)
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        # A phone with no choice yet opens the day.
        page.goto("/plan/")
        expect(page).to_have_url(re.compile(r"/plan/\d{4}/\d{2}/\d{2}/$"))
        page.goto(plan.calendar_url())
        # The day and the list are offered first; the month fits its box.
        expect(page.get_by_test_id("phone-views")).to_be_visible()
        box = page.locator(".table-responsive").first
        expect(box).to_be_visible()
        widths = box.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
        assert widths[0] <= widths[1], widths  # no sideways scroll inside the box
        page_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert page_width <= 390, page_width
    finally:
        context.close()


def test_a_long_title_shows_two_lines_and_no_third(page, demo):
    month = _month_ahead()
    plan = _plan(demo, month)
    title = (
        "Очень длинный заголовок поста о том, как оформить ежегодный оплачиваемый отпуск учителю"
    )
    _post(plan, month.replace(day=10), title, "Полезные советы")
    log_in(page, "press")
    page.goto(plan.calendar_url())
    text = page.get_by_test_id(f"day-{month.replace(day=10):%Y-%m-%d}").locator(".cp-chip-title")
    expect(text).to_be_visible()
    lines = text.evaluate(
        """(el) => {
            const style = getComputedStyle(el);
            const line = parseFloat(style.lineHeight);
            const chip = el.closest('.cp-chip').getBoundingClientRect();
            const own = el.getBoundingClientRect();
            return [own.height / line, chip.bottom - own.bottom, el.scrollHeight / line];
        }"""
    )
    # The title shows at most two lines; the chip ends with them (only its own
    # padding below, no room for a third); the full title is longer.
    assert lines[0] <= 2.05, lines
    assert lines[1] < 8, lines
    assert lines[2] > 2.05, lines


def test_press_moves_posts_between_the_hours_of_a_day(page, demo):
    month = _month_ahead()
    tuesday = _first_monday(month) + datetime.timedelta(days=1)
    plan = _plan(demo, month)
    seminar = _post(
        plan, tuesday, "Семинар в Риддере", "Освещение мероприятий", datetime.time(10, 0)
    )
    advice = _post(plan, tuesday, "Как оформить отпуск", "Полезные советы", datetime.time(12, 30))
    log_in(page, "press")
    # A desktop screen tall enough for the working day: a drag made with
    # Playwright's mouse does not scroll the page on the way.
    page.set_viewport_size({"width": 1280, "height": 1200})
    page.goto(_day_url("contentplan:day", tuesday))
    expect(page.get_by_test_id("day-hours")).to_be_visible()

    # Drag the seminar from 10:00 to 15:00.
    chip = page.get_by_test_id("day-hour-10").get_by_test_id("chip")
    expect(chip).to_contain_text("Семинар в Риддере")
    chip.drag_to(page.get_by_test_id("day-hour-15"))
    landed = page.get_by_test_id("day-hour-15").get_by_test_id("chip")
    expect(landed).to_contain_text(["Семинар в Риддере"])
    expect(landed).to_have_attribute("data-version", "1")  # redrawn by the server
    expect(page.get_by_test_id("day-hour-10").get_by_test_id("chip")).to_have_count(0)

    # With the keyboard: M picks the advice up, Down an hour later, Enter drops it.
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    advice_chip = page.get_by_test_id("day-hour-12").get_by_test_id("chip")
    advice_chip.focus()
    page.keyboard.press("m")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_test_id("day-hour-13")).to_have_class(re.compile("cp-key-target"))
    page.keyboard.press("Enter")
    moved = page.get_by_test_id("day-hour-13").get_by_test_id("chip")
    expect(moved).to_contain_text(["Как оформить отпуск"])
    expect(moved).to_have_attribute("data-version", "1")
    expect(moved).to_be_focused()  # the focus stays on the moved post
    expect(page.get_by_test_id("day-hour-12").get_by_test_id("chip")).to_have_count(0)
    seminar.refresh_from_db()
    advice.refresh_from_db()
    assert (seminar.date, seminar.time) == (tuesday, datetime.time(15, 0))
    assert (advice.date, advice.time) == (tuesday, datetime.time(13, 30))

    # The week shows both at their new hours.
    page.get_by_test_id("view-week").click()
    expect(page).to_have_url(re.compile(r"/week/"))
    expect(
        page.get_by_test_id(f"week-{tuesday:%Y-%m-%d}-15").get_by_test_id("chip")
    ).to_contain_text(["Семинар в Риддере"])
    expect(
        page.get_by_test_id(f"week-{tuesday:%Y-%m-%d}-13").get_by_test_id("chip")
    ).to_contain_text(["Как оформить отпуск"])
    for hour in ("10", "12"):
        expect(
            page.get_by_test_id(f"week-{tuesday:%Y-%m-%d}-{hour}").get_by_test_id("chip")
        ).to_have_count(0)


def test_on_a_phone_move_to_chooses_another_hour_without_dragging(phone, demo):
    month = _month_ahead()
    tuesday = _first_monday(month) + datetime.timedelta(days=1)
    plan = _plan(demo, month)
    post = _post(plan, tuesday, "Прямой эфир", "Прямые эфиры", datetime.time(18, 0))
    page = phone
    page.goto(_day_url("contentplan:day", tuesday))
    row = page.get_by_test_id("day-hour-18").get_by_test_id("day-post")
    row.get_by_test_id("move-to").locator("summary").tap()
    form = row.get_by_test_id("move-to-form")
    form.locator("[name=time]").fill("19:30")
    form.get_by_test_id("move-to-submit").tap()
    landed = page.get_by_test_id("day-hour-19").get_by_test_id("chip")
    expect(landed).to_contain_text(["Прямой эфир"])
    expect(landed).to_have_attribute("data-version", "1")
    post.refresh_from_db()
    assert post.time == datetime.time(19, 30)
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert page_width <= 390, page_width


def test_in_the_day_view_left_and_right_choose_the_day_and_up_and_down_the_hour(page, demo):
    month = _month_ahead()
    tuesday = _first_monday(month) + datetime.timedelta(days=1)
    thursday = tuesday + datetime.timedelta(days=2)
    plan = _plan(demo, month)
    post = _post(plan, tuesday, "Прямой эфир", "Прямые эфиры", datetime.time(18, 0))
    log_in(page, "press")
    page.goto(_day_url("contentplan:day", tuesday))
    page.get_by_test_id("day-hour-18").get_by_test_id("chip").focus()
    page.keyboard.press("m")
    for key in ("ArrowRight", "ArrowRight", "ArrowDown"):
        page.keyboard.press(key)
    # Where it would land: Thursday in the strip, 19:00 among the hours.
    expect(page.get_by_test_id(f"strip-{thursday:%Y-%m-%d}")).to_have_class(
        re.compile("cp-key-target")
    )
    expect(page.get_by_test_id("day-hour-19")).to_have_class(re.compile("cp-key-target"))
    # Escape puts it back; nothing moves.
    page.keyboard.press("Escape")
    expect(page.locator(".cp-key-target")).to_have_count(0)
    page.get_by_test_id("day-hour-18").get_by_test_id("chip").focus()
    page.keyboard.press("m")
    for key in ("ArrowRight", "ArrowRight", "ArrowDown", "Enter"):
        page.keyboard.press(key)
    # It left Tuesday; the strip counts it on Thursday.
    expect(page.get_by_test_id("day-hour-18").get_by_test_id("chip")).to_have_count(0)
    expect(page.get_by_test_id(f"strip-{thursday:%Y-%m-%d}")).to_contain_text("1")
    post.refresh_from_db()
    assert (post.date, post.time, post.version) == (thursday, datetime.time(19, 0), 1)


def test_on_a_phone_the_week_scrolls_inside_its_box_not_the_page(phone, demo):
    month = _month_ahead()
    monday = _first_monday(month)
    plan = _plan(demo, month)
    _post(plan, monday, "Семинар в Риддере", "Освещение мероприятий", datetime.time(10, 0))
    _post(
        plan,
        monday + datetime.timedelta(days=1),
        "Прямой эфир",
        "Прямые эфиры",
        datetime.time(18, 0),
    )
    _post(plan, monday + datetime.timedelta(days=6), "Итоги недели", "Полезные советы")
    page = phone
    page.goto(_day_url("contentplan:week", monday))
    expect(page.get_by_test_id("week").get_by_test_id("chip")).to_have_count(3)
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert page_width <= 390, page_width
    # The table itself is wider than the phone and scrolls inside its box.
    box = page.locator(".cp-scroll")
    assert box.evaluate("(el) => el.scrollWidth > el.clientWidth")


def test_shift_click_in_the_week_ticks_the_posts_between_in_time_order(page, demo):
    month = _month_ahead()
    monday = _first_monday(month)
    tuesday, wednesday = monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=2)
    plan = _plan(demo, month)
    rubric = "Полезные советы"
    first = _post(plan, monday, "Понедельник 18:00", rubric, datetime.time(18, 0))
    between = [
        _post(plan, monday, "Понедельник 20:00", rubric, datetime.time(20, 0)),
        _post(plan, tuesday, "Вторник весь день", rubric),
    ]
    last = _post(plan, tuesday, "Вторник 09:00", rubric, datetime.time(9, 0))
    outside = [
        _post(plan, monday, "Понедельник 10:00", rubric, datetime.time(10, 0)),
        _post(plan, tuesday, "Вторник 12:00", rubric, datetime.time(12, 0)),
        _post(plan, wednesday, "Среда 10:00", rubric, datetime.time(10, 0)),
    ]
    log_in(page, "press")
    page.goto(_day_url("contentplan:week", monday))
    page.get_by_test_id("bulk-toggle").click()

    def box(post):
        return page.locator(f'.cp-item[data-post="{post.pk}"]').get_by_test_id("select")

    box(first).click()
    box(last).click(modifiers=["Shift"])
    for post in [first, *between, last]:
        expect(box(post)).to_be_checked()
    for post in outside:
        expect(box(post)).not_to_be_checked()
    expect(page.get_by_test_id("bulk-count")).to_contain_text("4")


def test_a_post_deleted_meanwhile_is_told_in_russian_and_the_week_redrawn(page, demo):
    month = _month_ahead()
    tuesday = _first_monday(month) + datetime.timedelta(days=1)
    thursday = tuesday + datetime.timedelta(days=2)
    plan = _plan(demo, month)
    post = _post(plan, tuesday, "Прямой эфир", "Прямые эфиры", datetime.time(18, 0))
    log_in(page, "press")
    page.goto(_day_url("contentplan:week", tuesday))
    chip = page.get_by_test_id(f"week-{tuesday:%Y-%m-%d}-18").get_by_test_id("chip")
    expect(chip).to_contain_text("Прямой эфир")
    post.delete()  # by someone else, while the week is open
    chip.drag_to(page.get_by_test_id(f"week-{thursday:%Y-%m-%d}-19"))
    alert = page.locator("#plan-alert .alert-danger")
    expect(alert).to_contain_text("Изменение не прошло")
    expect(alert).not_to_contain_text("Error")
    expect(alert.locator(".btn-close")).to_have_attribute("aria-label", "Закрыть")
    # Redrawn from the server: the post is nowhere.
    expect(page.get_by_test_id("week").get_by_test_id("chip")).to_have_count(0)


def _month_end_in_a_split_week() -> datetime.date:
    """The last day of the month after next, or of a later month, whose week
    reaches into the following month (the last day is not a Sunday)."""
    month = next_month(_month_ahead())
    while last_day(month).weekday() == 6:
        month = next_month(month)
    return last_day(month)


def test_press_drags_a_post_across_the_months_boundary_of_a_week(page, demo):
    last = _month_end_in_a_split_week()
    first = last + datetime.timedelta(days=1)
    plan = _plan(demo, dates.first_day(last))
    MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.APPROVED)
    post = _post(plan, last, "Итоги месяца", "Освещение мероприятий", datetime.time(10, 0))
    PlannedPost.objects.filter(pk=post.pk).update(status=PlannedPost.Status.APPROVED)
    log_in(page, "press")
    page.set_viewport_size({"width": 1280, "height": 1200})
    page.goto(_day_url("contentplan:week", last))
    expect(page.get_by_test_id("week")).to_be_visible()

    # The week offers the next month's days too; the next month has no plan yet.
    target = page.get_by_test_id(f"week-{first:%Y-%m-%d}-10")
    expect(target).to_have_attribute("data-drop-date", f"{first:%Y-%m-%d}")
    chip = page.get_by_test_id(f"week-{last:%Y-%m-%d}-10").get_by_test_id("chip")
    expect(chip).to_contain_text("Итоги месяца")
    chip.drag_to(target)
    landed = page.get_by_test_id(f"week-{first:%Y-%m-%d}-10").get_by_test_id("chip")
    expect(landed).to_contain_text(["Итоги месяца"])
    expect(landed).to_have_attribute("data-version", "1")  # redrawn by the server
    expect(page.get_by_test_id(f"week-{last:%Y-%m-%d}-10").get_by_test_id("chip")).to_have_count(0)
    # Approved, in a month whose plan (started now, a draft) is not: it waits.
    expect(page.locator("#plan-alert .alert-warning")).to_contain_text(
        "ещё не утверждён: пост выйдет, когда этот план утвердят"
    )
    post.refresh_from_db()
    assert (post.date, post.time, post.status) == (first, datetime.time(10, 0), "approved")
    assert (post.plan.month, post.plan.status) == (first, MonthlyPlan.Status.DRAFT)

    # The next month's calendar shows it on its first day.
    page.goto(reverse("contentplan:calendar", args=month_args(first)))
    expect(page.get_by_test_id(f"day-{first:%Y-%m-%d}").get_by_test_id("chip")).to_contain_text(
        ["Итоги месяца"]
    )

    # The day view's strip takes it back to the last day of the month before.
    page.goto(_day_url("contentplan:day", first))
    chip = page.get_by_test_id("day-hour-10").get_by_test_id("chip")
    expect(chip).to_contain_text("Итоги месяца")
    chip.drag_to(page.get_by_test_id(f"strip-{last:%Y-%m-%d}"))
    expect(page.get_by_test_id(f"strip-{last:%Y-%m-%d}")).to_contain_text("1")
    expect(page.get_by_test_id("day-hour-10").get_by_test_id("chip")).to_have_count(0)
    post.refresh_from_db()
    assert (post.date, post.plan_id, post.version) == (last, plan.pk, 2)
