"""One address answers one survey at most SURVEY_ANSWERS_PER_ADDRESS times a
day (an IPv6 /64 counted as one address), and the results show the press
service how many addresses sent several answers — never an address."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.test import Client
from django.urls import reverse

from surveys import services
from surveys.models import AddressCount, Response, Survey

from .conftest import make_survey

HOME, OFFICE, ALONE = "203.0.113.7", "198.51.100.2", "192.0.2.44"


def _answer(survey, address: str, value: str = "4") -> int:
    """A fresh browser (no cookie) at `address` answers the scale question."""
    scale = survey.questions.get(kind="scale")
    return (
        Client(REMOTE_ADDR=address)
        .post(reverse("surveys:public", args=[survey.code]), {f"q{scale.pk}": value})
        .status_code
    )


def test_one_address_answers_a_survey_three_times_a_day(world, rubrics, client):
    assert settings.SURVEY_ANSWERS_PER_ADDRESS == 3  # the default
    survey = make_survey(world.users["press"], "event")
    assert [_answer(survey, HOME) for _n in range(5)] == [302, 302, 302, 429, 429]
    assert Response.objects.filter(survey=survey).count() == 3
    # The refusal says what to do, in Russian, and stores nothing.
    scale = survey.questions.get(kind="scale")
    refused = Client(REMOTE_ADDR=HOME).post(
        reverse("surveys:public", args=[survey.code]), {f"q{scale.pk}": "1"}
    )
    assert refused.status_code == 429
    assert "ответьте через мобильный интернет" in refused.content.decode()
    assert Response.objects.filter(survey=survey).count() == 3
    # Another address, and another survey from this one, are not held back.
    assert _answer(survey, OFFICE) == 302
    other = make_survey(world.users["press"], "event")
    assert _answer(other, HOME) == 302
    # A day later the address may answer again; its total goes on.
    AddressCount.objects.filter(survey=survey).update(
        window_start=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert _answer(survey, HOME) == 302
    totals = sorted(AddressCount.objects.filter(survey=survey).values_list("total", flat=True))
    assert totals == [1, 4]


def test_an_ipv6_network_is_one_address(world, rubrics, settings):
    settings.SURVEY_ANSWERS_PER_ADDRESS = 2
    survey = make_survey(world.users["press"], "event")
    assert _answer(survey, "2001:db8:5:1::1") == 302
    assert _answer(survey, "2001:db8:5:1:aaaa:bbbb:cccc:dddd") == 302
    # A third address of the same /64 is the same client; the next /64 is not.
    assert _answer(survey, "2001:db8:5:1::3") == 429
    assert _answer(survey, "2001:db8:5:2::1") == 302
    assert sorted(AddressCount.objects.values_list("total", flat=True)) == [1, 2]


def _bursts(page: str) -> str:
    start = page.index('data-testid="bursts"')
    return page[start : page.index("</section>", start)]


def test_the_results_show_addresses_that_sent_several(world, rubrics, client_for, settings):
    settings.SURVEY_ANSWERS_PER_ADDRESS = 0  # no limit: one address outvotes a branch
    survey = make_survey(world.users["press"], "event")
    for address, times in ((HOME, 14), (OFFICE, 2), (ALONE, 1)):
        for _n in range(times):
            assert _answer(survey, address) == 302
    address = reverse("surveys:results", args=[survey.pk])
    for role in ("press", "central"):
        page = client_for(world.users[role]).get(address).content.decode()
        bursts = _bursts(page)
        assert "14 ответов с одного адреса" in bursts
        assert "2 ответа с одного адреса" in bursts
        assert "16 ответов из 17 пришли с адресов, приславших несколько" in bursts
        assert bursts.count('data-testid="burst-row"') == 2  # the lone answer is no burst
        for secret in (HOME, OFFICE, ALONE, *AddressCount.objects.values_list("digest", flat=True)):
            assert secret not in page
    # Closed: the hashes go, the figures of the bursts stay.
    services.survey_close(survey=survey, user=world.users["press"])
    assert not AddressCount.objects.filter(survey=survey).exists()
    assert Survey.objects.get(pk=survey.pk).address_bursts == {"14": 1, "2": 1}
    page = client_for(world.users["press"]).get(address).content.decode()
    assert "14 ответов с одного адреса" in _bursts(page)


def test_a_region_reading_a_central_survey_sees_no_bursts(world, rubrics, client_for, settings):
    """Addresses are not told by region: only the central committee, which
    reads every region's answers, sees the bursts of its survey."""
    settings.SURVEY_ANSWERS_PER_ADDRESS = 0
    survey = make_survey(world.users["central"], "event")
    scale = survey.questions.get(kind="scale")
    for _n in range(3):
        response = Client(REMOTE_ADDR=HOME).post(
            reverse("surveys:public", args=[survey.code]),
            {f"q{scale.pk}": "5", "region": world.region.pk},
        )
        assert response.status_code == 302
    address = reverse("surveys:results", args=[survey.pk])
    central = client_for(world.users["central"]).get(address).content.decode()
    assert "3 ответа с одного адреса" in _bursts(central)
    press = client_for(world.users["press"]).get(address).content.decode()
    assert 'data-testid="bursts"' not in press


def test_the_refusal_in_kazakh(world, rubrics):
    """The public page speaks Russian or Kazakh (the member's choice)."""
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    page = reverse("surveys:public", args=[survey.code]) + "?lang=kk"
    for _n in range(3):
        assert Client(REMOTE_ADDR=HOME).post(page, {f"q{scale.pk}": "3"}).status_code == 302
    refused = Client(REMOTE_ADDR=HOME).post(page, {f"q{scale.pk}": "3"})
    assert refused.status_code == 429
    assert "мобильді интернет арқылы жауап беріңіз" in refused.content.decode()
