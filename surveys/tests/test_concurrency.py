"""Many members at once, against a live server, over real HTTP in threads:
no answer lost, no «database is locked», and the address limit holds when
the posts from one address arrive together. Runs on whichever database the
tests use (the embedded SQLite by default, PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from surveys.models import Answer, Response

from .conftest import make_survey

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def answer_over_http(address: str, data: dict) -> int:
    """One member's browser: open the page, send the answer; the status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(address, timeout=60).read().decode()
    body = urllib.parse.urlencode(
        {**data, "csrfmiddlewaretoken": TOKEN.search(page).group(1)}, doseq=True
    ).encode()
    request = urllib.request.Request(address, data=body, headers={"Referer": address})  # noqa: S310
    try:
        return opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def open_survey(transactional_db, world):
    from contentplan.seed import load_rubrics

    load_rubrics()
    return make_survey(world.users["press"], "event")


def _data(survey, n: int) -> dict:
    scale = survey.questions.get(kind="scale")
    single = survey.questions.get(kind="single")
    text = survey.questions.get(kind="text")
    options = list(single.options.values_list("pk", flat=True))
    return {
        f"q{scale.pk}": str(n % 5 + 1),
        f"q{single.pk}": str(options[n % len(options)]),
        f"q{text.pk}": f"Ответ номер {n}",
    }


def test_many_answers_at_once_are_all_stored(open_survey, live_server, settings):
    # One address (the test's) stands for many members here.
    settings.SURVEY_ANSWERS_PER_ADDRESS = 0
    survey = open_survey
    address = live_server.url + survey.public_path()
    total = 240
    # The forms are made here: the pool's threads touch no database.
    forms = [_data(survey, n) for n in range(total)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda data: answer_over_http(address, data), forms))
    assert statuses == [302] * total
    assert Response.objects.filter(survey=survey).count() == total
    assert Answer.objects.filter(response__survey=survey).count() == total * 3
    texts = set(Answer.objects.exclude(text="").values_list("text", flat=True))
    assert texts == {f"Ответ номер {n}" for n in range(total)}


def test_the_address_limit_holds_under_concurrent_posts(open_survey, live_server, settings):
    settings.SURVEY_ANSWERS_PER_ADDRESS = 5
    survey = open_survey
    address = live_server.url + survey.public_path()
    forms = [_data(survey, n) for n in range(24)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda data: answer_over_http(address, data), forms))
    assert sorted(statuses) == [302] * 5 + [429] * 19
    assert Response.objects.filter(survey=survey).count() == 5
