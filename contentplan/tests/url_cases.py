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
]


# --- Materials from branches (/submissions/) -----------------------------------------
# `chair` sends for its branch; `chair2`, a chair of the same region, never
# sees it (404); the region's `press` reviews it; `central` reads everything
# and changes nothing (403). A material of the other region is a 404 for all
# but central.


def submission(world, *, whose: str = "chair"):
    """A new material with one photo: of chair's branch, chair2's, or the other region's."""
    import io

    from PIL import Image

    from contentplan import photos
    from contentplan.models import Submission, SubmissionPhoto

    branch = {
        "chair": world.branch,
        "chair2": world.branch2,
        "other": world.other_branch,
    }[whose]
    found, created = Submission.objects.get_or_create(
        branch=branch,
        title=f"Материал для проверки ({whose})",
        defaults={"text": "Текст.", "event_date": MONTH, "consent": True},
    )
    if created:
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), "orange").save(buffer, "PNG")
        buffer.seek(0)
        buffer.name, buffer.size = "photo.png", len(buffer.getvalue())
        stored = photos.store_photo(photos.check_photo(buffer), [])
        SubmissionPhoto.objects.create(
            submission=found,
            image=stored.image,
            thumbnail=stored.thumbnail,
            content_type=stored.content_type,
            width=stored.width,
            height=stored.height,
            original_name="photo.png",
        )
    return found


def for_submission(name: str, whose: str = "chair"):
    return lambda world: reverse(name, args=[submission(world, whose=whose).pk])


def for_photo(name: str, whose: str = "chair"):
    return lambda world: reverse(name, args=[submission(world, whose=whose).photos.get().pk])


# Reading a material: its branch's chair, the region's press, central.
SUB_READ = logged_in(200, chair2=404)
SUB_OTHER = logged_in(404, central=200)
# Deciding on a material: the region's press only.
SUB_DECIDE = logged_in(403, chair2=404, press=302)
SUB_OTHER_DECIDE = logged_in(404, central=403)

CASES += [
    Case(
        "submissions:queue",
        lambda world: reverse("submissions:queue"),
        # Chairs are sent to their own list.
        logged_in(302, press=200, central=200),
    ),
    Case(
        "submissions:mine",
        lambda world: reverse("submissions:mine"),
        logged_in(200, press=302, central=302),
    ),
    Case(
        "submissions:create",
        lambda world: reverse("submissions:create"),
        logged_in(200, press=403, central=403),
    ),
    Case(
        "submissions:create",
        lambda world: reverse("submissions:create"),
        logged_in(200, press=403, central=403),
        method="post",
        data={"title": "Без текста"},
        label="POST incomplete: the form again",
    ),
    Case(
        "submissions:stats",
        lambda world: reverse("submissions:stats"),
        logged_in(403, press=200, central=200),
    ),
    Case(
        "submissions:stats",
        lambda world: reverse("submissions:stats") + f"?region={world.other_region.pk}",
        logged_in(403, press=404, central=200),
        label="other region",
    ),
    Case("submissions:detail", for_submission("submissions:detail"), SUB_READ, label="own"),
    Case(
        "submissions:detail",
        for_submission("submissions:detail", "chair2"),
        logged_in(200, chair=404),
        label="chair2's branch",
    ),
    Case(
        "submissions:detail",
        for_submission("submissions:detail", "other"),
        SUB_OTHER,
        label="other region",
    ),
    Case(
        "submissions:edit",
        for_submission("submissions:edit"),
        logged_in(403, chair=200, chair2=404),
        label="own",
    ),
    Case(
        "submissions:edit",
        for_submission("submissions:edit", "other"),
        SUB_OTHER_DECIDE,
        label="other region",
    ),
    Case(
        "submissions:take",
        for_submission("submissions:take"),
        SUB_DECIDE,
        method="post",
        data={"version": 0},
    ),
    Case(
        "submissions:take",
        for_submission("submissions:take", "other"),
        SUB_OTHER_DECIDE,
        method="post",
        data={"version": 0},
        label="other region",
    ),
    Case(
        "submissions:accept",
        for_submission("submissions:accept"),
        SUB_DECIDE,
        method="post",
        data={"version": 0, "mode": "attach"},
        label="no post chosen: back with the error",
    ),
    Case(
        "submissions:accept",
        for_submission("submissions:accept", "other"),
        SUB_OTHER_DECIDE,
        method="post",
        data={"version": 0, "mode": "attach"},
        label="other region",
    ),
    Case(
        "submissions:accept",
        for_submission("submissions:accept"),
        logged_in(405),
        label="GET is refused",
    ),
    Case(
        "submissions:return",
        for_submission("submissions:return"),
        SUB_DECIDE,
        method="post",
        data={"version": 0, "comment": "Нужны фото крупнее."},
    ),
    Case(
        "submissions:return",
        for_submission("submissions:return", "other"),
        SUB_OTHER_DECIDE,
        method="post",
        data={"version": 0, "comment": "Чужой регион"},
        label="other region",
    ),
    Case(
        "submissions:reject",
        for_submission("submissions:reject"),
        SUB_DECIDE,
        method="post",
        data={"version": 0, "reason": "Не по теме."},
    ),
    Case(
        "submissions:reject",
        for_submission("submissions:reject", "other"),
        SUB_OTHER_DECIDE,
        method="post",
        data={"version": 0, "reason": "Чужой регион"},
        label="other region",
    ),
    Case("submissions:photo", for_photo("submissions:photo"), SUB_READ, label="own"),
    Case(
        "submissions:photo",
        for_photo("submissions:photo", "chair2"),
        logged_in(200, chair=404),
        label="chair2's branch",
    ),
    Case(
        "submissions:photo",
        for_photo("submissions:photo", "other"),
        SUB_OTHER,
        label="other region",
    ),
    Case("submissions:thumbnail", for_photo("submissions:thumbnail"), SUB_READ, label="own"),
    Case(
        "submissions:thumbnail",
        for_photo("submissions:thumbnail", "other"),
        SUB_OTHER,
        label="other region",
    ),
]
