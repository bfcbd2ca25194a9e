"""The XLSX table and the iCalendar feed, parsed back and checked."""

import datetime
import io

import icalendar
import openpyxl
from django.urls import reverse
from django.utils import timezone

from contentplan import services
from contentplan.models import Channel, FeedToken
from portal import dates

from .factories import PlanFactory, PostFactory


def _posts(world, plan, rubrics):
    first = PostFactory(
        plan=plan,
        date=datetime.date(2026, 3, 5),
        time=datetime.time(18, 30),
        rubric=rubrics["Прямые эфиры"],
        title="Эфир; вопросы, ответы",
        brief="Строка один\nСтрока два — " + "очень длинный текст " * 8,
        responsible=world.users["press"],
        branch=world.branch,
        channels=Channel.objects.filter(code__in=["facebook_page", "instagram"]),
    )
    second = PostFactory(
        plan=plan,
        date=datetime.date(2026, 3, 12),
        rubric=rubrics["Полезные советы"],
        title="Отпуск",
        origin="repost",
    )
    return first, second


def test_the_xlsx_is_a_printable_table_of_the_month(world, plan, rubrics, client_for):
    _posts(world, plan, rubrics)
    PostFactory(plan=PlanFactory(region=world.other_region), title="Чужой пост")
    response = client_for(world.users["chair"]).get(
        reverse("contentplan:export_xlsx", args=["2026", "03"])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="content-plan-2026-03.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "Восточно-Казахстанская область" in sheet["A1"].value
    # Times leave the portal saying whose they are.
    assert "Asia/Almaty, UTC+5" in sheet["A3"].value
    assert "Asia/Almaty" in sheet["C4"].value
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == 2
    assert rows[0][0].date() == datetime.date(2026, 3, 5)
    assert rows[0][2:5] == ("18:30", "Прямые эфиры", "Эфир; вопросы, ответы")
    assert rows[0][6] == "Facebook (страница области), Instagram"
    assert rows[0][8] == world.branch.name
    assert rows[1][3:5] == ("Полезные советы", "Отпуск")
    # Printed for the executive committee: landscape, one page wide, header repeated.
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$4"
    assert sheet["D5"].fill.fgColor.rgb.endswith("D63384")


def test_the_feed_parses_back_with_the_plans_the_user_may_read(world, plan, rubrics, client):
    first, second = _posts(world, plan, rubrics)
    PostFactory(plan=PlanFactory(region=world.other_region), title="Чужой пост")
    token = services.feed_token_rotate(user=world.users["chair"]).token
    today = timezone.localdate()
    # The feed shows what is recent or ahead: move the month near today.
    for post in (first, second):
        post.date = post.date.replace(
            year=today.year, month=today.month, day=min(post.date.day, 28)
        )
        post.save()
    response = client.get(reverse("contentplan:feed", args=[token]))  # no login
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"[Прямые эфиры] Эфир; вопросы, ответы", "[Полезные советы] Отпуск"}
    timed = events["[Прямые эфиры] Эфир; вопросы, ответы"]
    start = timed.decoded("DTSTART")
    # 18:30 Almaty time, named so (TZID with its VTIMEZONE): 13:30 UTC.
    assert timed["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert (start.hour, start.minute, start.utcoffset()) == (18, 30, datetime.timedelta(hours=5))
    assert start.astimezone(datetime.UTC).hour == 13
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Almaty"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Almaty"
    assert str(timed["UID"]) == f"post-{first.pk}@127.0.0.1"
    assert "Строка один\nСтрока два" in str(timed["DESCRIPTION"])
    assert str(timed["URL"]).endswith(f"/plan/posts/{first.pk}/")
    all_day = events["[Полезные советы] Отпуск"]
    assert all_day.decoded("DTSTART") == second.date.replace(day=min(12, 28))
    assert not isinstance(all_day.decoded("DTSTART"), datetime.datetime)


def test_a_title_with_commas_semicolons_lines_and_cyrillic_comes_back_exactly(
    world, rubrics, client
):
    title = "Итоги года; зарплата, отпуск\nи вопросы — «Қазақстан» \\ 100%"
    post = PostFactory(
        plan=PlanFactory(region=world.region, month=dates.first_day(timezone.localdate())),
        date=timezone.localdate(),
        rubric=rubrics["Полезные советы"],
        title=title,
        brief="Первая строка;\nвторая, с запятой",
    )
    token = services.feed_token_rotate(user=world.users["press"]).token
    raw = client.get(reverse("contentplan:feed", args=[token])).content
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    (event,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"[Полезные советы] {title}"
    assert str(event["DESCRIPTION"]).startswith("Первая строка;\nвторая, с запятой\n")
    assert str(event["UID"]) == f"post-{post.pk}@127.0.0.1"


def test_a_new_address_revokes_the_old_one(world, client, client_for):
    old = services.feed_token_rotate(user=world.users["press"]).token
    assert client.get(reverse("contentplan:feed", args=[old])).status_code == 200
    client_for(world.users["press"]).post(reverse("contentplan:feed_rotate"))
    assert client.get(reverse("contentplan:feed", args=[old])).status_code == 404
    new = FeedToken.objects.get(user=world.users["press"]).token
    assert new != old
    assert client.get(reverse("contentplan:feed", args=[new])).status_code == 200
    client_for(world.users["press"]).post(reverse("contentplan:feed_revoke"))
    assert client.get(reverse("contentplan:feed", args=[new])).status_code == 404


def test_a_deactivated_users_feed_is_gone(world, client):
    token = services.feed_token_rotate(user=world.users["press"]).token
    world.users["press"].is_active = False
    world.users["press"].save()
    assert client.get(reverse("contentplan:feed", args=[token])).status_code == 404
