"""The role × URL matrix of the bot: its webhook answers only Telegram (POST with
the secret token, when SITE_URL is https); under the tests' http address it
is 404 for everyone, and GET is refused."""

from __future__ import annotations

from django.urls import reverse

from portal.tests.url_cases import Case, everyone, logged_in

CASES = [
    Case("bot:webhook", lambda world: reverse("bot:webhook"), everyone(405), label="GET"),
    Case(
        "bot:webhook",
        lambda world: reverse("bot:webhook"),
        everyone(404),
        method="post",
        data={"update_id": 1},
        label="POST, no https",
    ),
]

CASES += [
    # Everyone signed in has their own page; no bot configured in the matrix's world.
    Case("bot:account", lambda world: reverse("bot:account"), logged_in(200)),
    Case(
        "bot:account",
        lambda world: reverse("bot:account"),
        logged_in(302),
        method="post",
        data={"action": "notify_by", "notify_by": "nonsense"},
        label="POST, bad choice",
    ),
]
