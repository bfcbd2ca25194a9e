"""`make bench`, surveys: 1,000 members answering one survey at once on the
database the command runs on, and the results page at 100 and 10,000 answers.

Run by `manage.py bench` in a fresh database in a temporary folder (the
embedded SQLite unless DATABASE_URL names PostgreSQL). The answers are sent
by several processes at the same moment, each through Django's full request
path (middleware, the public view, the service), one fresh browser (cookies)
and one client address per answer, as members behind their own phones.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

ANSWERS = 1000
PROCESSES = 4
REPEAT = 15


def _setup():
    import datetime

    from django.utils import timezone

    from contentplan.seed import load_rubrics
    from portal.models import Branch, Region, User
    from surveys import services

    load_rubrics()
    region, _created = Region.objects.get_or_create(name="Bench region", short_name="Bench")
    for n in range(13):
        Branch.objects.get_or_create(region=region, name=f"Bench branch {n + 1}")
    press, _created = User.objects.get_or_create(
        username="bench-survey-press", defaults={"role": User.Role.PRESS, "region": region}
    )
    today = timezone.localdate()

    def survey(template: str):
        data = services.SurveyData(
            title_ru="", opens_on=today, closes_on=today + datetime.timedelta(days=14)
        )
        return services.survey_create(user=press, data=data, template=template)

    return region, press, survey


def _form(questions, branches, n: int) -> dict:
    data = {}
    for question in questions:
        options = [o.pk for o in question.options.all()]
        if question.kind == "multiple":
            data[f"q{question.pk}"] = [str(options[n % len(options)]), str(options[-1])]
        elif question.kind == "single":
            data[f"q{question.pk}"] = str(options[n % len(options)])
        elif question.kind == "scale":
            data[f"q{question.pk}"] = str(n % 5 + 1)
        else:
            data[f"q{question.pk}"] = f"Ответ участника {n}: больше о правах педагога"
    data["branch"] = str(branches[n % len(branches)].pk)
    return data


def _worker(code: str, start: int, count: int) -> dict:
    """Send `count` answers, each as a new browser from its own address."""
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from surveys import selectors
    from surveys.models import Survey

    setup_test_environment()  # the test client's host, «testserver», is allowed
    survey = Survey.objects.get(code=code)
    questions = selectors.questions_of(survey)
    branches = selectors.answer_branches(survey)
    address = reverse("surveys:public", args=[code])
    forms = [_form(questions, branches, n) for n in range(start, start + count)]
    statuses: dict[int, int] = {}
    errors: list[str] = []
    times = []
    for offset, data in enumerate(forms):
        n = start + offset
        client = Client(REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
        began = time.perf_counter()
        try:
            status = client.post(address, data).status_code
        except Exception as error:  # counted and shown, e.g. «database is locked»
            errors.append(f"{type(error).__name__}: {error}")
            continue
        times.append((time.perf_counter() - began) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
    return {"statuses": statuses, "errors": errors[:5], "error_count": len(errors), "ms": times}


def _grow(*, survey, region, branches, questions, options, count: int) -> None:
    """`count` more responses, each with a point, a choice and a free text."""
    from surveys.models import Answer, Response

    responses = Response.objects.bulk_create(
        Response(survey=survey, region=region, branch=branches[n % len(branches)])
        for n in range(count)
    )
    Answer.objects.bulk_create(
        (
            answer
            for n, response in enumerate(responses)
            for answer in (
                Answer(response=response, question=questions["scale"], value=n % 5 + 1),
                Answer(response=response, question=questions["single"], option=options[n % 3]),
                Answer(response=response, question=questions["text"], text=f"Текст {n}"),
            )
        ),
        batch_size=5000,
    )


def _page_costs(client, address: str, *, repeat: int, size: int) -> dict:
    """The page's status once warm, its median time over `repeat` and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        status = client.get(address).status_code
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        client.get(address)
        times.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(address)
    return {
        "answers": size,
        "status": status,
        "median_ms": statistics.median(times),
        "queries": len(queries),
    }


def _results_costs(repeat: int) -> list[dict]:
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    region, press, make = _setup()
    survey = make("event")
    questions = {q.kind: q for q in survey.questions.all()}
    options = list(questions["single"].options.all())
    branches = list(region.branches.all())
    client = Client()
    client.force_login(press, backend="portal.backends.ScopedModelBackend")
    address = reverse("surveys:results", args=[survey.pk])
    rows = []
    for size, add in ((100, 100), (10_000, 9_900)):
        _grow(
            survey=survey,
            region=region,
            branches=branches,
            questions=questions,
            options=options,
            count=add,
        )
        rows.append(_page_costs(client, address, repeat=repeat, size=size))
    return rows


def _answer_at_once(code: str, *, answers: int, processes: int) -> tuple[list[dict], float]:
    """Each of `processes` processes sends its share of the answers; their
    reports and the seconds until the last one finished."""
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_surveys"]
    share = answers // processes
    began = time.perf_counter()
    running = [
        subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [*manage, "--worker", code, str(n * share), str(share)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    results = []
    for process in running:
        out, err = process.communicate()
        if process.returncode:
            raise SystemExit(f"an answering process failed:\n{err}")
        results.append(json.loads(out.splitlines()[-1]))
    return results, time.perf_counter() - began


def _answers_summary(results: list[dict]) -> dict:
    """The workers' reports added up: statuses, errors, median and 95th percentile."""
    statuses: dict[str, int] = {}
    for result in results:
        for status, n in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    times = sorted(t for result in results for t in result["ms"])
    errors = [e for result in results for e in result["errors"]]
    return {
        "statuses": statuses,
        "errors": sum(result["error_count"] for result in results),
        "error_examples": errors[:3],
        "median_ms": statistics.median(times) if times else 0,
        "p95_ms": times[int(len(times) * 0.95) - 1] if times else 0,
    }


class Command(BaseCommand):
    help = "(make bench) Time 1,000 concurrent survey answers and the results page."

    def add_arguments(self, parser):
        parser.add_argument("--answers", type=int, default=ANSWERS)
        parser.add_argument("--processes", type=int, default=PROCESSES)
        parser.add_argument("--repeat", type=int, default=REPEAT)
        # Internal: one of the answering processes.
        parser.add_argument("--worker", nargs=3, metavar=("CODE", "START", "COUNT"))

    def handle(self, *args, answers: int, processes: int, repeat: int, worker, **options):
        if worker:
            code, start, count = worker
            self.stdout.write(json.dumps(_worker(code, int(start), int(count))))
            return
        from surveys.models import Response

        _region, _press, make = _setup()
        survey = make("news")
        results, seconds = _answer_at_once(survey.code, answers=answers, processes=processes)
        summary = _answers_summary(results)
        self.stdout.write(
            json.dumps(
                {
                    "sent": answers // processes * processes,
                    "processes": processes,
                    "stored": Response.objects.filter(survey=survey).count(),
                    "statuses": summary["statuses"],
                    "errors": summary["errors"],
                    "error_examples": summary["error_examples"],
                    "seconds": seconds,
                    "median_ms": summary["median_ms"],
                    "p95_ms": summary["p95_ms"],
                    "results": _results_costs(repeat),
                }
            )
        )
