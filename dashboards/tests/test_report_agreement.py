"""The «Справка» reads as a Russian editor would write it: every counted noun
agrees with its number («1 страница», «2 страницы», «5 страниц», «11 страниц»,
«21 страница», «из 21 страницы», «на 21 странице»), so does the verb that
agrees with it («вышла 21 публикация»), and a place takes its own preposition
(«в Instagram …, а также на сайте», never «в … и сайт»).

The report is written for every demo region (load_demo) over two periods; a
number followed by a word this test does not know fails it, so a new counted
noun cannot slip past unchecked.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from branches.models import PageSnapshot, SocialPage
from dashboards.management.commands.load_demo import FIRST_RUN_REGIONS
from dashboards.report.blocks import plain_text
from dashboards.report.generate import report_generate, report_request
from dashboards.report.regional import build_report
from dashboards.report.union import build_union_report
from dashboards.report.words import MONTHS_GENITIVE, in_region
from portal.models import Region, User
from portal.russian import counted, plural
from portal.tests.factories import UserFactory

# How a counted noun reads after a number in each case the report uses it in:
# the forms for 1, for 2–4 and for 5 (`plural`'s one, few, many).
DIRECT, GENITIVE, PREPOSITIONAL, ACCUSATIVE = "direct", "genitive", "prepositional", "accusative"
NOUNS: dict[str, dict[str, tuple[str, str, str]]] = {
    "публикация": {
        DIRECT: ("публикация", "публикации", "публикаций"),
        GENITIVE: ("публикации", "публикаций", "публикаций"),
    },
    "страница": {
        DIRECT: ("страница", "страницы", "страниц"),
        GENITIVE: ("страницы", "страниц", "страниц"),
        PREPOSITIONAL: ("странице", "страницах", "страницах"),
        ACCUSATIVE: ("страницу", "страницы", "страниц"),
    },
    "проверенная страница": {
        GENITIVE: ("проверенной страницы", "проверенных страниц", "проверенных страниц"),
    },
    "первичная профсоюзная организация": {
        ACCUSATIVE: (
            "первичную профсоюзную организацию",
            "первичные профсоюзные организации",
            "первичных профсоюзных организаций",
        ),
    },
    "информационный бюллетень": {
        DIRECT: (
            "информационный бюллетень",
            "информационных бюллетеня",
            "информационных бюллетеней",
        ),
    },
    "собственный пост": {
        DIRECT: ("собственный пост", "собственных поста", "собственных постов"),
    },
    "областная организация": {
        ACCUSATIVE: ("областную организацию", "областные организации", "областных организаций"),
        PREPOSITIONAL: (
            "областной организации",
            "областных организациях",
            "областных организациях",
        ),
    },
    "подписчик": {DIRECT: ("подписчик", "подписчика", "подписчиков")},
    "участник": {DIRECT: ("участник", "участника", "участников")},
    "материал": {DIRECT: ("материал", "материала", "материалов")},
    "филиал": {
        DIRECT: ("филиал", "филиала", "филиалов"),
        GENITIVE: ("филиала", "филиалов", "филиалов"),
        ACCUSATIVE: ("филиал", "филиала", "филиалов"),
    },
    "член": {DIRECT: ("член", "члена", "членов")},
    "аккаунт": {DIRECT: ("аккаунт", "аккаунта", "аккаунтов")},
    "действие": {DIRECT: ("действие", "действия", "действий")},
    "сотрудник": {DIRECT: ("сотрудник", "сотрудника", "сотрудников")},
    "регион": {GENITIVE: ("региона", "регионов", "регионов")},
    "раздел": {DIRECT: ("раздел", "раздела", "разделов")},
    "раз": {DIRECT: ("раз", "раза", "раз")},
    "месяц": {DIRECT: ("месяц", "месяца", "месяцев")},
    "день": {DIRECT: ("день", "дня", "дней")},
    # What so many branch pages are, or do («2 ведутся активно», «1 «спит»»).
    "ведётся": {DIRECT: ("ведётся", "ведутся", "ведутся")},
    "спит": {DIRECT: ("«спит»", "«спят»", "«спят»")},
    "заброшена": {DIRECT: ("заброшена", "заброшены", "заброшены")},
    "имеет страницу": {DIRECT: ("имеет страницу", "имеют страницы", "имеют страницы")},
    "ведёт страницу": {DIRECT: ("ведёт страницу", "ведут страницы", "ведут страницы")},
    "страницу на другой платформе": {
        DIRECT: (
            "страницу на другой платформе",
            "страницы на других платформах",
            "страницы на других платформах",
        )
    },
}
# The word before the number decides the case of what follows it.
CONTEXT = {
    "из": GENITIVE,
    "среди": GENITIVE,
    "у": GENITIVE,
    "активности": GENITIVE,
    "на": PREPOSITIONAL,
    "в": PREPOSITIONAL,
    "закрыть": ACCUSATIVE,
    "перевести": ACCUSATIVE,
    "объединяет": ACCUSATIVE,
}
# Verbs and participles before a number agree with it: «вышла 21 публикация»,
# «вышли 3 публикации», «вышло 5 публикаций».
VERBS = [
    ("вышла", "вышли", "вышло"),
    ("учтена", "учтены", "учтено"),
    ("подготовлен", "подготовлены", "подготовлено"),
    ("прибавился", "прибавились", "прибавилось"),
    ("убыл", "убыли", "убыло"),
    ("опубликована", "опубликованы", "опубликовано"),
    ("пропущена", "пропущены", "пропущено"),
    ("принят", "принято", "принято"),
    ("поступил", "поступило", "поступило"),
    ("состоит", "состоят", "состоят"),
    ("ведёт", "ведут", "ведут"),
]
# What may follow a number and is no counted noun: years, days of a month,
# percentages, «5 из 11», the demo's «Район № 1 (демо)».
NOT_COUNTED = {"%", "из", "и", "года", "году", "тыс", "(демо)", *MONTHS_GENITIVE}

# A number standing as a number: not part of a date, an address, a word or «19-е».
NUMBER = re.compile(r"(?<![\w.,/=:-])(\d{1,3}(?: \d{3})+|\d+)(?![\w.,/-])")


def agreement_errors(text: str) -> list[str]:
    """Every number whose word does not agree with it, as «…context…: why»."""
    errors = []
    last_case, last_end = DIRECT, -1
    for match in NUMBER.finditer(text):
        n = int(match.group(1).replace(" ", ""))
        form = ("one", "few", "many").index(plural(n, "one", "few", "many"))
        raw = (text[: match.start()].split() or [""])[-1]
        before = raw.strip("(«»,.:;—").lower()
        # A list goes on in the case its first number took: «объединяет 20
        # областных организаций, 268 филиалов и 10 745 первичных … организаций».
        in_list = before == "и" or raw.endswith(",")
        listed = in_list and "." not in text[last_end : match.start()]
        if before == "№":  # «Район № 1», «Газета № 4»: a name, not a count
            continue
        after = text[match.end() :].lstrip(" ")
        where = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")
        for verb in VERBS:
            # After 2–4 Russian takes either («вышли 3 публикации», «вышло 3
            # публикации»); after 1, 21, 101 only the singular.
            right = {verb[form], verb[2]} if form == 1 else {verb[form]}
            if before in verb and before not in right:
                errors.append(f"{where!r}: «{before}» with {n}, not «{verb[form]}»")
        known = [
            (lemma, case)
            for lemma, cases in NOUNS.items()
            for case, forms in cases.items()
            for candidate in forms
            if re.match(re.escape(candidate) + r"(?![а-яё])", after)
        ]
        case = last_case if listed and before not in CONTEXT else CONTEXT.get(before, DIRECT)
        last_case, last_end = case, match.end()
        if not known:
            word = re.split(r"[\s,.;:)»]", after, maxsplit=1)[0]
            if word and word not in NOT_COUNTED and re.search(r"[а-яё]", word):
                errors.append(f"{where!r}: «{word}» after a number, unknown to the test")
            continue
        right = [
            NOUNS[lemma][case][form]
            for lemma in {lemma for lemma, _ in known}
            if case in NOUNS[lemma]
        ]
        if not any(re.match(re.escape(word) + r"(?![а-яё])", after) for word in right):
            errors.append(f"{where!r}: {n} wants «{' / '.join(right) or '?'}» ({case})")
    return errors


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("на ней вышло 21 публикация", True),
        ("на ней вышла 21 публикация", False),
        ("из 21 страниц", True),
        ("из 21 страницы", False),
        ("отмечено на 21 страницах", True),
        ("отмечено на 21 странице", False),
        ("закрыть 1 страницы", True),
        ("закрыть 1 страницу", False),
        ("12 страница", True),
        ("12 страниц", False),
        ("22 ведётся активно", True),
        ("22 ведутся активно", False),
        ("3 попугая", True),  # a noun the test does not know fails it
        ("в 2026 году: 73 материала.", False),
        ("из 21 страницы и 2 страницы", True),  # a list keeps its case
        ("из 21 страницы и 2 страниц", False),
        ("объединяет 2 филиала, 21 первичная профсоюзная организация", True),
        ("объединяет 2 филиала, 21 первичную профсоюзную организацию", False),
        ("из 21 страницы. 2 страницы", False),  # a new sentence starts afresh
    ],
)
def test_the_checker_tells_right_from_wrong(text, wrong):
    assert bool(agreement_errors(text)) is wrong


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (0, "страниц"), (1, "страница"), (2, "страницы"), (4, "страницы"), (5, "страниц"),
        (11, "страниц"), (12, "страниц"), (14, "страниц"), (21, "страница"), (22, "страницы"),
        (25, "страниц"), (101, "страница"), (111, "страниц"), (1021, "страница"),
    ],
)  # fmt: skip
def test_one_plural_helper_counts_as_russian_does(n, word):
    assert counted(n, "страница", "страницы", "страниц") == f"{n:,} {word}".replace(",", " ")


@pytest.mark.parametrize(
    ("name", "after_v"),
    [
        ("ОО «Профсоюз: Абайская область» (демо)", "ОО «Профсоюз: Абайская область» (демо)"),
        ("Абайская область", "Абайской области"),
        ("Западно-Казахстанская область", "Западно-Казахстанской области"),
        ("город Астана", "городе Астана"),
    ],
)
def test_the_region_is_named_in_its_case_after_v(name, after_v):
    assert in_region(name) == after_v


def test_the_regions_other_places_take_their_own_prepositions(world):
    for platform, followers in (
        (SocialPage.Platform.FACEBOOK_PAGE, 6200),
        (SocialPage.Platform.TELEGRAM, 1200),
        (SocialPage.Platform.INSTAGRAM, 714),
        (SocialPage.Platform.AITU, None),
        (SocialPage.Platform.WEBSITE, None),
    ):
        page = SocialPage.objects.create(
            region=world.region, platform=platform, url=f"https://example.kz/{platform}"
        )
        PageSnapshot.objects.create(
            page=page,
            measured_on=datetime.date(2026, 11, 30),
            followers=followers,
            posts_30d=0,
            own_posts=0,
            reposts=0,
        )
    text = plain_text(
        build_report(
            region=world.region, start=datetime.date(2026, 11, 1), end=datetime.date(2026, 11, 30)
        )
    )
    assert (
        "Областная организация также представлена в Telegram (1,2 тыс. подписчиков), "
        "Instagram (714 подписчиков) и Aitu, а также на сайте." in text
    )


def test_every_counted_noun_agrees_in_the_report_of_every_demo_region(db, client_for, settings):
    """One demo load (minutes on a busy machine), every check over it: ru agreement
    in every region's report, the same document under kk and en, and its pages."""
    settings.DEBUG = True  # the demo loads only in the embedded development mode
    call_command("load_seed", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    regions = list(Region.objects.order_by("pk"))
    assert len(regions) == 1 + FIRST_RUN_REGIONS  # the report's region and the demo's
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    periods = [
        (last_month_end.replace(day=1), last_month_end),  # the monthly report's
        (datetime.date(today.year - 2, 1, 1), today),  # the form's default span
    ]
    errors = []
    checked = 0
    for region in regions:
        for start, end in periods:
            blocks = build_report(region=region, start=start, end=end)
            text = plain_text(blocks)
            checked += len(NUMBER.findall(text))
            errors += [f"{region.short_name}: {error}" for error in agreement_errors(text)]
            assert " и сайт" not in text and "в сайт" not in text
        for language in ("kk", "en"):
            with translation.override(language):
                # A Russian document whatever the reader's language.
                assert build_report(region=region, start=start, end=end) == blocks
    for start, end in periods:
        blocks = build_union_report(start=start, end=end)
        union = plain_text(blocks)
        checked += len(NUMBER.findall(union))
        errors += [f"the union: {error}" for error in agreement_errors(union)]
        assert f"Профсоюз объединяет {1 + FIRST_RUN_REGIONS} областных организаций" in union
        for language in ("kk", "en"):
            with translation.override(language):
                assert build_union_report(start=start, end=end) == blocks
    assert checked > 1000  # the demo's reports are full of figures
    assert errors == []

    job = report_request(user=None, region=regions[1], start=start, end=end)
    assert report_generate(job_id=job.pk) == "done"
    client = client_for(UserFactory(role=User.Role.CENTRAL))
    for language in ("kk", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for name in ("dashboards:report_detail", "dashboards:report_print"):
            response = client.get(reverse(name, args=[job.pk]))
            assert response.status_code == 200
            assert response.headers["Content-Language"] == language
        assert "Областная организация объединяет" in response.content.decode()
