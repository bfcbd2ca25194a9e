"""The portal reads right in Russian, Kazakh and English: numbers grouped as
each language groups them, dates and weekdays in its words (Django's own
Kazakh catalogue and formats are wrong there; ours override them), and the
names kept in the database (rubrics, channels, the page standard) and a plan's
history in the reader's language."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from brand.models import StandardItem
from brand.seed import load_standard
from bulletins.tests.factories import BulletinFactory
from contentplan import services
from contentplan.models import Channel, MonthlyPlan, PlanChange, Rubric
from contentplan.seed import load_rubrics
from contentplan.tests.factories import PostFactory
from portal.models import User
from portal.tests.factories import OrganisationFactory, UserFactory

NBSP = "\xa0"
FRIDAY = datetime.date(2026, 3, 13)

# What each language must show, and what it must not (Django's mistakes).
EXPECTED = {
    "ru": {
        "number": f"31{NBSP}208",
        "weekdays": ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
        "friday": "Пятница, 13 марта",
        "issued": "15 ноября 2025",
        "rubric": "Правовые разъяснения",
        "channel": "Сайт профсоюза",
        "standard": "Собственный текст, а не репост",
        "history": "Утверждён.",
    },
    "kk": {
        "number": f"31{NBSP}208",
        "weekdays": ["Дс", "Сс", "Ср", "Бс", "Жм", "Сн", "Жс"],
        "friday": "Жұма, 13 наурыз",
        "issued": "15 қараша 2025",
        "rubric": "Құқықтық түсіндірмелер",
        "channel": "Кәсіподақ сайты",
        "standard": "Репост емес, өз мәтіні",
        "history": "Бекітілді.",
    },
    "en": {
        "number": "31,208",
        "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "friday": "Friday, 13 March",
        "issued": "15 November 2025",
        "rubric": "Legal explanations",
        "channel": "Union website",
        "standard": "Own text, not a repost",
        "history": "Approved.",
    },
}
LANGUAGES = list(EXPECTED)


@pytest.fixture(autouse=True)
def portal_language_after():
    """A request leaves its language active in the thread: give the tests after
    these the portal's own language back."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def speaking(client_for, settings):
    """A client of the given user that reads the portal in the given language."""

    def build(user, language):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return build


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_groups_thousands_as_the_language_does(world, speaking, language):
    members = 31208 - sum(org.members for org in (world.organisation, world.organisation2))
    OrganisationFactory(branch=world.branch, members=members)
    page = _text(speaking(world.users["central"], language).get(reverse("dashboards:central")))
    assert EXPECTED[language]["number"] in page
    assert "31208" not in page
    # The charts group numbers like the tables: they are told the page's language.
    assert f'<html lang="{language}">' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_weekdays_dates_and_names(world, speaking, language):
    load_rubrics()
    rubric = Rubric.objects.get(name="Правовые разъяснения")
    plan = MonthlyPlan.objects.create(region=world.region, month=FRIDAY.replace(day=1))
    post = PostFactory(plan=plan, rubric=rubric, date=FRIDAY, title="Пост о доплатах")
    post.channels.set([Channel.objects.get(code="website")])
    client = speaking(world.users["press"], language)
    expected = EXPECTED[language]

    grid = _text(client.get(reverse("contentplan:calendar", args=["2026", "03"])))
    headers = [f'<th scope="col">{name}</th>' for name in expected["weekdays"]]
    positions = [grid.find(header) for header in headers]
    assert -1 not in positions, f"weekday headers missing: {headers}"
    assert positions == sorted(positions), "weekdays out of order"
    assert expected["rubric"] in grid

    listing = _text(client.get(reverse("contentplan:month_list", args=["2026", "03"])))
    assert expected["friday"] in listing
    assert expected["rubric"] in listing
    assert expected["channel"] in listing
    if language == "kk":
        assert "Жума" not in listing  # Django's spelling


@pytest.mark.parametrize("language", LANGUAGES)
def test_library_dates_in_the_language(world, speaking, language):
    BulletinFactory(region=world.region, issued_on=datetime.date(2025, 11, 15))
    page = _text(speaking(world.users["press"], language).get(reverse("bulletins:library")))
    assert EXPECTED[language]["issued"] in page
    if language == "kk":
        assert "Қар. 15" not in page
    # One shape of a date per language: not Django's «Nov. 15, 2025» nor «2025 г.».
    assert "Nov. 15" not in page and "2025 г." not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_standard_in_the_language(world, speaking, language):
    load_standard()
    assert StandardItem.objects.filter(text_kk="", text_en="").count() == 0
    page = _text(speaking(world.users["central"], language).get(reverse("brand:standard")))
    assert EXPECTED[language]["standard"] in page


def test_plan_history_reads_in_the_readers_language(world, speaking):
    """One history, recorded once, read in three languages."""
    load_rubrics()
    leader = UserFactory(
        username="leader", role=User.Role.PRESS, region=world.region, is_leader=True
    )
    rubric = Rubric.objects.get(name="Правовые разъяснения")
    plan = MonthlyPlan.objects.create(region=world.region, month=FRIDAY.replace(day=1))
    press = world.users["press"]
    PostFactory(plan=plan, rubric=rubric, date=FRIDAY)
    plan = services.plan_submit(plan=plan, user=press, version=plan.version, reason="Праздники")
    plan = services.plan_approve(plan=plan, user=leader, version=plan.version)
    post = services.post_create(
        plan=plan,
        user=press,
        data=services.PostData(date=FRIDAY, rubric=rubric, title="Эфир о зарплате", origin="own"),
    )
    services.post_move(post=post, user=press, version=post.version, date=FRIDAY.replace(day=20))
    # Stored without words of any language: an event and its facts.
    added = PlanChange.objects.get(event="post_added")
    assert added.summary == ""
    assert added.params["date"] == "2026-03-13"
    wording = {
        "ru": ["Утверждён.", "Добавлен пост «Эфир о зарплате»", "Правовые разъяснения"],
        "kk": [EXPECTED["kk"]["history"], "Құқықтық түсіндірмелер", "13.03.2026", "20.03.2026"],
        "en": ["Approved.", "Legal explanations", "«Эфир о зарплате»", "20.03.2026"],
    }
    for language, phrases in wording.items():
        page = _text(
            speaking(press, language).get(reverse("contentplan:plan_detail", args=[plan.pk]))
        )
        history = page[page.index('data-testid="history"') :]
        for phrase in phrases:
            assert phrase in history, f"{language}: «{phrase}» not in the history"
    # An entry from before events shows the text it was written with.
    PlanChange.objects.create(plan=plan, user=press, summary="Старая запись истории.")
    page = _text(speaking(press, "en").get(reverse("contentplan:plan_detail", args=[plan.pk])))
    assert "Старая запись истории." in page
