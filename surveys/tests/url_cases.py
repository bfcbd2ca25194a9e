"""The role × URL matrix of surveys.

The public page answers everyone. The rest is the press service's and the
central committee's: `press` works its region's surveys, `central` reads
every survey and is refused a region's survey's changes (403); chairs find
nothing (404); anonymous visitors are sent to log in. A survey of the other
region is a 404 for everyone but `central`.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from portal.tests.url_cases import Case, everyone, logged_in


def survey(world, *, other: bool = False):
    from surveys.models import Question, Survey

    region = world.other_region if other else world.region
    found, created = Survey.objects.get_or_create(
        region=region,
        title_ru="Опрос для проверки",
        defaults={
            "opens_on": datetime.date(2026, 1, 1),
            "closes_on": datetime.date(2099, 1, 1),
        },
    )
    if created:
        Question.objects.create(survey=found, kind="scale", text_ru="Оцените", position=1)
    return found


def question(world):
    return survey(world).questions.first()


def for_survey(name: str, *extra, other: bool = False):
    return lambda world: reverse(name, args=[survey(world, other=other).pk, *extra])


READ = logged_in(404, press=200, central=200)
OTHER_READ = logged_in(404, central=200)
# A form action: press is sent back to the survey; central may not change a region's.
ACT = logged_in(404, press=302, central=403)
OTHER_ACT = logged_in(404, central=403)

CASES = [
    Case("surveys:list", lambda world: reverse("surveys:list"), READ),
    Case("surveys:create", lambda world: reverse("surveys:create"), READ),
    Case(
        "surveys:create",
        lambda world: reverse("surveys:create"),
        READ,
        method="post",
        data={"title_ru": ""},
        label="POST, invalid",
    ),
    Case("surveys:detail", for_survey("surveys:detail"), READ, label="own region"),
    Case("surveys:detail", for_survey("surveys:detail", other=True), OTHER_READ, label="other"),
    Case("surveys:edit", for_survey("surveys:edit"), logged_in(404, press=200, central=403)),
    Case("surveys:edit", for_survey("surveys:edit", other=True), OTHER_ACT, label="other"),
    Case("surveys:question_add", for_survey("surveys:question_add"), ACT, method="post"),
    Case(
        "surveys:question_add",
        for_survey("surveys:question_add"),
        logged_in(405),
        label="GET is refused",
    ),
    Case(
        "surveys:question_delete",
        lambda world: reverse("surveys:question_delete", args=[survey(world).pk, 999999]),
        logged_in(404, central=403),
        method="post",
        label="no such question",
    ),
    Case("surveys:close", for_survey("surveys:close", other=True), OTHER_ACT, method="post"),
    Case("surveys:qr", for_survey("surveys:qr", "svg"), READ, label="svg"),
    Case("surveys:qr", for_survey("surveys:qr", "png", other=True), OTHER_READ, label="other"),
    Case("surveys:poster", for_survey("surveys:poster"), READ),
    Case("surveys:results", for_survey("surveys:results"), READ, label="own region"),
    Case("surveys:results", for_survey("surveys:results", other=True), OTHER_READ, label="other"),
    Case("surveys:export", for_survey("surveys:export"), READ),
    Case(
        "surveys:make_post",
        for_survey("surveys:make_post"),
        logged_in(404, press=302, central=403),
        method="post",
    ),
    Case(
        "surveys:make_post",
        for_survey("surveys:make_post", other=True),
        OTHER_ACT,
        method="post",
        label="other",
    ),
    Case(
        "surveys:public",
        lambda world: reverse("surveys:public", args=[survey(world).code]),
        everyone(200),
    ),
    Case(
        "surveys:public",
        lambda world: reverse("surveys:public", args=[survey(world).code]) + "?lang=kk",
        everyone(200),
        label="kk",
    ),
    Case(
        "surveys:public",
        lambda world: reverse("surveys:public", args=[survey(world).code]),
        everyone(400),
        method="post",
        data={"q0": "7"},
        label="POST, nothing answered",
    ),
    Case(
        "surveys:public",
        lambda world: reverse("surveys:public", args=["no-such-code"]),
        everyone(404),
        label="unknown code",
    ),
]
