"""The role × URL matrix of members' questions.

The public pages answer everyone. The queue is the press service's: `press`
works its region's questions, `central` reads every region's (and is refused
every action, 403), chairs find nothing (404), anonymous visitors are sent to
log in. A question of the other region is a 404 for everyone but `central`.
"""

from __future__ import annotations

from django.urls import reverse

from portal.tests.url_cases import Case, everyone, logged_in


def question(world, *, other: bool = False):
    from questions.models import Question, reference_for

    region = world.other_region if other else world.region
    found, created = Question.objects.get_or_create(
        region=region, text="Вопрос для проверки", defaults={"topic": "pay"}
    )
    if created:
        found.reference = reference_for(found)
        found.save(update_fields=["reference"])
    return found


def for_question(name: str, *, other: bool = False):
    return lambda world: reverse(name, args=[question(world, other=other).pk])


# Anonymous → login; chairs → 404; central reads; press works.
READ = logged_in(404, press=200, central=200)
# An action with an empty form: press is sent back to the question with the error.
ACT = logged_in(404, press=302, central=403)
OTHER_READ = logged_in(404, central=200)
OTHER_ACT = logged_in(404, central=403)

ACTIONS = ("take", "assign", "answer", "close", "publish", "make_post")

CASES = [
    Case("questions:ask", lambda world: reverse("questions:ask"), everyone(200)),
    Case(
        "questions:ask",
        lambda world: reverse("questions:ask") + f"?region={world.region.pk}",
        everyone(200),
        label="region chosen",
    ),
    Case(
        "questions:ask",
        lambda world: reverse("questions:ask"),
        everyone(200),
        method="post",
        data={"text": ""},
        label="POST, invalid",
    ),
    Case("questions:thanks", lambda world: reverse("questions:thanks"), everyone(200)),
    Case(
        "questions:organisation_options",
        lambda world: reverse("questions:organisation_options") + f"?branch={world.branch.pk}",
        everyone(200),
    ),
    Case("questions:faq", lambda world: reverse("questions:faq"), everyone(200)),
    Case(
        "questions:faq",
        lambda world: reverse("questions:faq") + "?q=отпуск&topic=leave",
        everyone(200),
        label="search",
    ),
    Case("questions:queue", lambda world: reverse("questions:queue"), READ),
    Case("questions:detail", for_question("questions:detail"), READ, label="own region"),
    Case(
        "questions:detail",
        for_question("questions:detail", other=True),
        OTHER_READ,
        label="other region",
    ),
    *[
        Case(f"questions:{name}", for_question(f"questions:{name}"), ACT, method="post")
        for name in ACTIONS
    ],
    *[
        Case(
            f"questions:{name}",
            for_question(f"questions:{name}", other=True),
            OTHER_ACT,
            method="post",
            label="other region",
        )
        for name in ACTIONS
    ],
    *[
        Case(
            f"questions:{name}",
            for_question(f"questions:{name}"),
            logged_in(405),
            label="GET is refused",
        )
        for name in ACTIONS
    ],
]
