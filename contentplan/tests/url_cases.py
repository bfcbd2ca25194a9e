"""The role × URL matrix of the content plan.

Plans and posts are made on demand, the same every time: in the world's
region (`press`, `chair`, `chair2` work there) and in the other region,
which only `central` may read. Of the roles in the matrix only `press`
writes; `central` reads everything and changes nothing (403).
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from portal.tests.url_cases import Case, everyone, logged_in

MONTH = datetime.date(2026, 3, 1)
EMPTY_MONTH = datetime.date(2026, 4, 1)


def plan(world, *, other: bool = False):
    from contentplan.models import MonthlyPlan

    region = world.other_region if other else world.region
    found, _created = MonthlyPlan.objects.get_or_create(region=region, month=MONTH)
    return found


def post(world, *, other: bool = False, title: str = "Пост для проверки"):
    from contentplan.models import PlannedPost, Rubric

    rubric, _created = Rubric.objects.get_or_create(name="Полезные советы")
    found, _created = PlannedPost.objects.get_or_create(
        plan=plan(world, other=other),
        title=title,
        defaults={"date": MONTH.replace(day=10), "rubric": rubric, "origin": "own"},
    )
    return found


def feed_token(world) -> str:
    from contentplan.models import FeedToken

    token, _created = FeedToken.objects.get_or_create(
        user=world.users["press"], defaults={"token": "matrix-secret-token"}
    )
    return token.token


def campaign(world, *, other: bool = False):
    from contentplan.models import Campaign

    region = world.other_region if other else world.region
    found, _created = Campaign.objects.get_or_create(
        region=region,
        name="Месячник охраны труда",
        defaults={"starts": MONTH, "ends": MONTH.replace(day=31)},
    )
    return found


def for_campaign(*, other: bool = False):
    return lambda world: reverse(
        "contentplan:campaign_detail", args=[campaign(world, other=other).pk]
    )


def day(name: str, query: str = ""):
    def build(world) -> str:
        address = reverse(name, args=["2026", "03", "10"])
        if query == "other":
            address += f"?region={world.other_region.pk}"
        return address

    return build


def month(name: str, when: datetime.date = MONTH, query: str = ""):
    def build(world) -> str:
        address = reverse(name, args=[f"{when:%Y}", f"{when:%m}"])
        if query == "other":
            address += f"?region={world.other_region.pk}"
        return address

    return build


def for_plan(name: str, *, other: bool = False):
    return lambda world: reverse(name, args=[plan(world, other=other).pk])


def for_post(name: str, *, other: bool = False, title: str = "Пост для проверки"):
    return lambda world: reverse(name, args=[post(world, other=other, title=title).pk])


# Writers: press in its own region; everyone else who may read is refused.
WRITE = logged_in(403, press=302)
WRITE_FORM = logged_in(403, press=200)
# Out of scope: the other region's objects are not found, except by central.
OTHER = logged_in(404, central=200)
OTHER_WRITE = logged_in(404, central=403)

CASES = [
    Case("contentplan:current", lambda world: reverse("contentplan:current"), everyone(302)),
    Case("contentplan:calendar", month("contentplan:calendar"), logged_in(), label="own"),
    Case(
        "contentplan:calendar",
        month("contentplan:calendar", query="other"),
        OTHER,
        label="other region",
    ),
    Case(
        "contentplan:calendar",
        lambda world: "/plan/2026/13/",
        logged_in(404),
        label="no such month",
    ),
    Case("contentplan:month_list", month("contentplan:month_list"), logged_in(), label="own"),
    Case(
        "contentplan:month_list",
        month("contentplan:month_list", query="other"),
        OTHER,
        label="other region",
    ),
    Case(
        "contentplan:export_xlsx",
        lambda world: plan(world) and month("contentplan:export_xlsx")(world),
        logged_in(),
        label="own",
    ),
    Case(
        "contentplan:export_xlsx",
        lambda world: (
            plan(world, other=True) and month("contentplan:export_xlsx", query="other")(world)
        ),
        OTHER,
        label="other region",
    ),
    Case(
        "contentplan:export_xlsx",
        month("contentplan:export_xlsx", EMPTY_MONTH),
        logged_in(404),
        label="no plan",
    ),
    Case(
        "contentplan:plan_start",
        month("contentplan:plan_start", EMPTY_MONTH),
        WRITE,
        method="post",
    ),
    Case(
        "contentplan:plan_start",
        month("contentplan:plan_start", EMPTY_MONTH, query="other"),
        OTHER_WRITE,
        method="post",
        label="other region",
    ),
    Case(
        "contentplan:plan_start",
        month("contentplan:plan_start", EMPTY_MONTH),
        logged_in(405),
        label="GET is refused",
    ),
    Case("contentplan:plan_detail", for_plan("contentplan:plan_detail"), logged_in(), label="own"),
    Case(
        "contentplan:plan_detail",
        for_plan("contentplan:plan_detail", other=True),
        OTHER,
        label="other region",
    ),
    Case(
        "contentplan:plan_step",
        for_plan("contentplan:plan_step"),
        WRITE,
        method="post",
        data={"to": "on_approval", "version": 0},
        label="send for approval",
    ),
    Case(
        "contentplan:plan_step",
        for_plan("contentplan:plan_step"),
        # Only a leader approves; none of the matrix's roles is one.
        logged_in(403),
        method="post",
        data={"to": "approved", "version": 0},
        label="approve a draft",
    ),
    Case(
        "contentplan:plan_step",
        for_plan("contentplan:plan_step", other=True),
        OTHER_WRITE,
        method="post",
        data={"to": "on_approval", "version": 0},
        label="other region",
    ),
    Case(
        "contentplan:plan_copy",
        for_plan("contentplan:plan_copy"),
        WRITE,
        method="post",
    ),
    Case(
        "contentplan:plan_copy",
        for_plan("contentplan:plan_copy", other=True),
        OTHER_WRITE,
        method="post",
        label="other region",
    ),
    Case("contentplan:post_create", for_plan("contentplan:post_create"), WRITE_FORM),
    Case(
        "contentplan:post_create",
        for_plan("contentplan:post_create"),
        WRITE_FORM,
        method="post",
        data={"version": 0, "date": "2026-03-12", "title": "Новый", "origin": "own"},
        label="POST without a rubric: the form again",
    ),
    Case(
        "contentplan:post_create",
        for_plan("contentplan:post_create", other=True),
        OTHER_WRITE,
        label="other region",
    ),
    Case("contentplan:post_detail", for_post("contentplan:post_detail"), logged_in(), label="own"),
    Case(
        "contentplan:post_detail",
        for_post("contentplan:post_detail", other=True),
        OTHER,
        label="other region",
    ),
    Case("contentplan:post_edit", for_post("contentplan:post_edit"), WRITE_FORM),
    Case(
        "contentplan:post_edit",
        for_post("contentplan:post_edit", other=True),
        OTHER_WRITE,
        label="other region",
    ),
    Case(
        "contentplan:post_move",
        for_post("contentplan:post_move"),
        WRITE,
        method="post",
        data={"date": "2026-03-11"},
    ),
    Case(
        "contentplan:post_move",
        for_post("contentplan:post_move"),
        WRITE,
        method="post",
        data={"date": "2026-03-10", "time": "15:00", "next": "/plan/2026/03/10/"},
        label="to an hour, back to the day",
    ),
    Case(
        "contentplan:post_move",
        for_post("contentplan:post_move", other=True),
        OTHER_WRITE,
        method="post",
        data={"date": "2026-03-11"},
        label="other region",
    ),
    Case(
        "contentplan:post_status",
        for_post("contentplan:post_status"),
        WRITE,
        method="post",
        data={"status": "in_work", "version": 0},
    ),
    Case(
        "contentplan:post_status",
        for_post("contentplan:post_status", other=True),
        OTHER_WRITE,
        method="post",
        data={"status": "in_work", "version": 0},
        label="other region",
    ),
    Case(
        "contentplan:post_delete",
        # A post of its own: press deletes it, and it is made again for central.
        for_post("contentplan:post_delete", title="Пост к удалению"),
        WRITE,
        method="post",
        data={"version": 0},
    ),
    Case(
        "contentplan:post_delete",
        for_post("contentplan:post_delete", other=True),
        OTHER_WRITE,
        method="post",
        data={"version": 0},
        label="other region",
    ),
    Case(
        "contentplan:post_delete",
        # The answer about the networks' copies: the same scope.
        for_post("contentplan:post_delete", title="Пост к удалению из сетей"),
        WRITE,
        method="post",
        data={"version": 0, "networks": "delete"},
        label="from the networks too",
    ),
    Case(
        "contentplan:post_delete",
        for_post("contentplan:post_delete", other=True),
        OTHER_WRITE,
        method="post",
        data={"version": 0, "networks": "delete"},
        label="other region, from the networks too",
    ),
    Case(
        "contentplan:post_comment",
        for_post("contentplan:post_comment"),
        # The region's chairs discuss its posts too; central only reads.
        logged_in(302, central=403),
        method="post",
        data={"text": "Фото будут к среде."},
    ),
    Case(
        "contentplan:post_comment",
        for_post("contentplan:post_comment", other=True),
        OTHER_WRITE,
        method="post",
        data={"text": "Чужой регион"},
        label="other region",
    ),
    Case("contentplan:rubrics", lambda world: reverse("contentplan:rubrics"), logged_in()),
    Case(
        "contentplan:rubrics",
        lambda world: reverse("contentplan:rubrics"),
        logged_in(403, central=200),
        method="post",
        data={"name": ""},
        label="add (an empty form is shown again to central)",
    ),
    Case(
        "contentplan:rubric_edit",
        lambda world: reverse("contentplan:rubric_edit", args=[post(world).rubric_id]),
        logged_in(404, central=200),
    ),
    Case(
        "contentplan:rubric_edit",
        lambda world: reverse("contentplan:rubric_edit", args=[post(world).rubric_id]),
        logged_in(404, central=200),
        method="post",
        data={"name": ""},
        label="save (an empty form is shown again to central)",
    ),
    Case(
        "contentplan:feed_settings", lambda world: reverse("contentplan:feed_settings"), logged_in()
    ),
    Case(
        "contentplan:feed_rotate",
        lambda world: reverse("contentplan:feed_rotate"),
        logged_in(302),
        method="post",
    ),
    Case(
        "contentplan:feed_revoke",
        lambda world: reverse("contentplan:feed_revoke"),
        logged_in(302),
        method="post",
    ),
    Case(
        "contentplan:feed",
        lambda world: reverse("contentplan:feed", args=[feed_token(world)]),
        everyone(200),
        label="valid token, no login",
    ),
    Case(
        "contentplan:feed",
        lambda world: reverse("contentplan:feed", args=["no-such-token"]),
        everyone(404),
        label="unknown token",
    ),
    Case("contentplan:week", day("contentplan:week"), logged_in(), label="own"),
    Case("contentplan:week", day("contentplan:week", "other"), OTHER, label="other region"),
    Case(
        "contentplan:week",
        lambda world: "/plan/2026/02/30/week/",
        logged_in(404),
        label="no such day",
    ),
    Case("contentplan:day", day("contentplan:day"), logged_in(), label="own"),
    Case("contentplan:day", day("contentplan:day", "other"), OTHER, label="other region"),
    Case("contentplan:day", lambda world: "/plan/2026/04/31/", logged_in(404), label="no such day"),
    Case("contentplan:queue", lambda world: reverse("contentplan:queue"), logged_in(), label="own"),
    Case(
        "contentplan:queue",
        lambda world: reverse("contentplan:queue") + f"?region={world.other_region.pk}&tab=week",
        OTHER,
        label="other region",
    ),
    Case(
        "contentplan:bulk",
        lambda world: post(world) and reverse("contentplan:bulk"),
        # A post that is not there: refused as a whole, back to the calendar.
        logged_in(403, press=302),
        method="post",
        data={"action": "move", "days": "7", "posts": "987654321:0"},
    ),
    Case(
        "contentplan:bulk",
        lambda world: reverse("contentplan:bulk"),
        # A post that is not there: refused as a whole, whatever the answer.
        logged_in(403, press=302),
        method="post",
        data={"action": "delete", "networks": "delete", "posts": "987654321:0"},
        label="delete from the networks",
    ),
    Case(
        "contentplan:bulk",
        lambda world: reverse("contentplan:bulk"),
        logged_in(405),
        label="GET is refused",
    ),
    Case("contentplan:campaigns", lambda world: reverse("contentplan:campaigns"), logged_in()),
    Case(
        "contentplan:campaigns",
        lambda world: reverse("contentplan:campaigns") + f"?region={world.other_region.pk}",
        OTHER,
        label="other region",
    ),
    Case(
        "contentplan:campaigns",
        lambda world: reverse("contentplan:campaigns"),
        WRITE_FORM,
        method="post",
        data={"name": ""},
        label="add (an empty form is shown again)",
    ),
    Case("contentplan:campaign_detail", for_campaign(), logged_in(), label="own"),
    Case(
        "contentplan:campaign_detail",
        for_campaign(other=True),
        OTHER,
        label="other region",
    ),
    Case(
        "contentplan:campaign_detail",
        for_campaign(),
        WRITE_FORM,
        method="post",
        data={"name": ""},
        label="save (an empty form is shown again)",
    ),
    Case(
        "contentplan:campaign_detail",
        for_campaign(other=True),
        OTHER_WRITE,
        method="post",
        data={"name": ""},
        label="save, other region",
    ),
]
