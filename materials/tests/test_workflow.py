"""Materials from branches: the workflow, who may do what, notifications,
reminders once, the figures."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contentplan.models import MonthlyPlan, PlannedPost
from dashboards import figures
from dashboards.selectors import submission_table
from materials import selectors, services, workflow
from materials.models import Submission, SubmissionEvent
from portal import dates
from portal.exceptions import Conflict
from portal.models import Notification

from . import images
from .test_uploads import data

Status = Submission.Status


def send(world, *, chair="chair", uploads=None, **overrides) -> Submission:
    return services.submission_create(
        user=world.users[chair],
        data=data(**overrides),
        uploads=[images.jpeg("a.jpg", width=300, height=300)] if uploads is None else uploads,
    )


def keys(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("key", flat=True))


def test_chair_sends_press_is_notified(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = send(world)
    assert submission.status == Status.NEW and submission.branch == world.branch
    assert keys(world.users["press"]) == [f"submission-new:{submission.pk}:1"]
    assert keys(world.users["other_press"]) == []
    event = submission.events.get()
    assert (event.user, event.from_status, event.to_status) == (world.users["chair"], "", "new")
    # The e-mail goes through the Celery task after commit (eager in tests, when enabled).
    assert Notification.objects.get(user=world.users["press"]).url == submission.get_absolute_url()


def test_only_chairs_send_and_consent_is_required(world):
    for role in ("press", "central"):
        with pytest.raises(services.Refused):
            send(world, chair=role)
    with pytest.raises(services.Refused):
        send(world, consent=False)
    with pytest.raises(services.Refused):
        send(world, organisation=world.organisation2)  # chair2's organisation
    assert not Submission.objects.exists()


def test_accept_into_a_new_post(world, rubrics):
    submission = send(world, uploads=[images.jpeg("1.jpg"), images.png("2.png")])
    press = world.users["press"]
    day = datetime.date(2026, 4, 7)
    rubric = rubrics["Освещение мероприятий"]
    accepted = services.submission_accept(
        submission=submission, user=press, version=submission.version, date=day, rubric=rubric
    )
    assert accepted.status == Status.ACCEPTED and accepted.reviewed_at is not None
    post = accepted.post
    assert (post.date, post.rubric, post.title, post.branch, post.responsible) == (
        day,
        rubric,
        submission.title,
        world.branch,
        press,
    )
    assert post.plan.region == world.region and post.plan.month == dates.first_day(day)
    assert sorted(post.photos.values_list("original_name", flat=True)) == ["1.jpg", "2.png"]
    assert keys(world.users["chair"]) == [f"submission-accepted:{submission.pk}"]
    assert list(accepted.events.values_list("from_status", "to_status")) == [
        ("", "new"),
        ("new", "accepted"),
    ]


def test_accept_attaches_to_an_existing_post_of_the_region_only(world, rubrics):
    plan = MonthlyPlan.objects.create(region=world.region, month=datetime.date(2026, 4, 1))
    post = PlannedPost.objects.create(
        plan=plan,
        date=datetime.date(2026, 4, 9),
        rubric=rubrics["Освещение мероприятий"],
        title="Неделя науки",
        origin="own",
    )
    other_plan = MonthlyPlan.objects.create(
        region=world.other_region, month=datetime.date(2026, 4, 1)
    )
    other_post = PlannedPost.objects.create(
        plan=other_plan, date=post.date, rubric=post.rubric, title="Чужой", origin="own"
    )
    submission = send(world)
    press = world.users["press"]
    with pytest.raises(services.Refused):
        services.submission_accept(
            submission=submission, user=press, version=submission.version, post=other_post
        )
    accepted = services.submission_accept(
        submission=submission, user=press, version=submission.version, post=post
    )
    assert accepted.post == post
    assert post.photos.count() == 1
    assert PlannedPost.objects.count() == 2


def test_return_edit_resend_then_reject(world, django_capture_on_commit_callbacks):
    submission = send(world)
    press, chair = world.users["press"], world.users["chair"]
    taken = services.submission_take(submission=submission, user=press, version=0)
    assert taken.status == Status.IN_REVIEW
    with pytest.raises(services.Refused):  # a comment is required
        services.submission_return(submission=taken, user=press, version=taken.version, comment="")
    returned = services.submission_return(
        submission=taken, user=press, version=taken.version, comment="Нужны фото крупнее."
    )
    assert returned.status == Status.RETURNED and returned.review_comment
    event = returned.events.order_by("-pk").first()
    assert f"submission-returned:{submission.pk}:{event.pk}" in keys(chair)
    with django_capture_on_commit_callbacks(execute=True):
        resent = services.submission_update(
            submission=returned,
            user=chair,
            version=returned.version,
            data=data(title="Новая версия"),
            uploads=[images.jpeg("big.jpg")],
        )
    assert (resent.status, resent.times_sent, resent.title) == (Status.NEW, 2, "Новая версия")
    assert resent.photos.count() == 2
    assert f"submission-new:{submission.pk}:2" in keys(press)
    rejected = services.submission_reject(
        submission=resent, user=press, version=resent.version, reason="Не по теме."
    )
    assert rejected.status == Status.REJECTED
    assert f"submission-rejected:{submission.pk}" in keys(chair)
    # First decision stays the first one.
    assert rejected.reviewed_at == returned.reviewed_at
    with pytest.raises(services.Refused):
        services.submission_update(
            submission=rejected, user=chair, version=rejected.version, data=data()
        )
    steps = list(rejected.events.values_list("from_status", "to_status"))
    assert steps == [
        ("", "new"),
        ("new", "in_review"),
        ("in_review", "returned"),
        ("returned", "new"),
        ("new", "rejected"),
    ]
    assert all(event.user_id for event in SubmissionEvent.objects.all())


def test_a_stale_version_is_refused(world):
    submission = send(world)
    services.submission_take(submission=submission, user=world.users["press"], version=0)
    with pytest.raises(Conflict, match="press") as conflict:
        services.submission_update(
            submission=submission, user=world.users["chair"], version=0, data=data()
        )
    assert conflict.value.current.status == Submission.Status.IN_REVIEW


def test_who_may_take_which_step(world):
    submission = Submission.objects.select_related("branch").get(pk=send(world).pk)
    assert workflow.submission_targets(world.users["press"], submission) == [
        "in_review",
        "accepted",
        "returned",
        "rejected",
    ]
    for role in ("chair", "chair2", "central", "other_press"):
        assert workflow.submission_targets(world.users[role], submission) == []
        with pytest.raises(services.Refused):
            services.submission_reject(
                submission=submission, user=world.users[role], version=0, reason="Нет."
            )


def test_scope_of_each_role(world, client_for):
    mine = send(world)
    theirs = send(world, chair="chair2")
    for role, visible in {
        "chair": {mine.pk},
        "chair2": {theirs.pk},
        "press": {mine.pk, theirs.pk},
        "central": {mine.pk, theirs.pk},
        "other_press": set(),
    }.items():
        client = client_for(world.users[role])
        for submission in (mine, theirs):
            photo = submission.photos.get()
            expected = 200 if submission.pk in visible else 404
            for address in (
                reverse("submissions:detail", args=[submission.pk]),
                reverse("submissions:photo", args=[photo.pk]),
                reverse("submissions:thumbnail", args=[photo.pk]),
            ):
                assert client.get(address).status_code == expected, (role, address)
    # chair2 may not edit or see chair's material in its list.
    client = client_for(world.users["chair2"])
    assert client.get(reverse("submissions:edit", args=[mine.pk])).status_code == 404
    listed = client.get(reverse("submissions:mine")).context["submissions"]
    assert [item.pk for item in listed] == [theirs.pk]


def test_views_accept_return_reject(world, client_for, rubrics):
    first, second, third = send(world), send(world), send(world)
    client = client_for(world.users["press"])
    response = client.post(
        reverse("submissions:accept", args=[first.pk]),
        {
            "version": 0,
            "mode": "new",
            "date": "2026-04-07",
            "rubric": rubrics["Освещение мероприятий"].pk,
        },
    )
    assert response.status_code == 302
    client.post(reverse("submissions:return", args=[second.pk]), {"version": 0, "comment": "Ещё"})
    client.post(reverse("submissions:reject", args=[third.pk]), {"version": 0, "reason": "Нет"})
    statuses = dict(Submission.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "accepted", second.pk: "returned", third.pk: "rejected"}
    # The chair's page shows the post it became and the comments.
    page = client_for(world.users["chair"]).get(reverse("submissions:mine"))
    assert "Ещё" in page.content.decode()
    assert Submission.objects.get(pk=first.pk).post.title in page.content.decode()


def test_queue_filters_and_order(world, client_for):
    older = send(world, chair="chair2")
    Submission.objects.filter(pk=older.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=5)
    )
    newer = send(world)
    client = client_for(world.users["press"])
    shown = client.get(reverse("submissions:queue")).context["submissions"]
    assert [item.pk for item in shown] == [older.pk, newer.pk]
    by_branch = client.get(reverse("submissions:queue"), {"branch": world.branch.pk})
    assert [item.pk for item in by_branch.context["submissions"]] == [newer.pk]
    by_age = client.get(reverse("submissions:queue"), {"age": 3})
    assert [item.pk for item in by_age.context["submissions"]] == [older.pk]
    services.submission_reject(submission=newer, user=world.users["press"], version=0, reason="Нет")
    waiting = client.get(reverse("submissions:queue")).context["submissions"]
    assert [item.pk for item in waiting] == [older.pk]
    rejected = client.get(reverse("submissions:queue"), {"status": "rejected"})
    assert [item.pk for item in rejected.context["submissions"]] == [newer.pk]


def test_reminders_are_sent_once(world):
    waiting = send(world)
    fresh = send(world, chair="chair2")
    Submission.objects.filter(pk=waiting.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=4)
    )
    today = timezone.localdate()
    assert services.reminders_submissions_waiting(today=today) == 1
    assert services.reminders_submissions_waiting(today=today) == 0
    assert keys(world.users["press"]).count(f"submission-waiting:{waiting.pk}") == 1
    assert f"submission-waiting:{fresh.pk}" not in keys(world.users["press"])


def test_silent_branches_hear_from_the_20th_once(world):
    send(world)  # chair's branch sent something this month
    today = timezone.localdate()
    before = today.replace(day=19)
    after = today.replace(day=20)
    if today.day < 20:  # the material must be "this month" for the day we act on
        assert services.reminders_branches_silent(today=before) == 0
    assert services.reminders_branches_silent(today=after) == 1
    assert services.reminders_branches_silent(today=after) == 0
    assert keys(world.users["chair2"]) == [f"branch-silent:{world.branch2.pk}:{after:%Y-%m}"]
    assert not any(key.startswith("branch-silent") for key in keys(world.users["chair"]))


def test_the_command_runs_the_same_code(world, capsys):
    waiting = send(world)
    Submission.objects.filter(pk=waiting.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=10)
    )
    today = max(timezone.localdate(), timezone.localdate().replace(day=21))
    call_command("send_submission_reminders", today=today.isoformat())
    call_command("send_submission_reminders", today=today.isoformat())
    assert Notification.objects.filter(key=f"submission-waiting:{waiting.pk}").count() == 1
    assert Notification.objects.filter(key__startswith="branch-silent").count() == 1  # chair2
    assert "1" in capsys.readouterr().out


@pytest.mark.parametrize("stored", [True, False], ids=["stored figures", "counted live"])
def test_stats(world, django_capture_on_commit_callbacks, stored):
    """The same figures from the stored monthly figures (rebuilt when the
    services' transactions commit) and counted from the materials and events."""
    press = world.users["press"]
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        a, b, c = send(world), send(world), send(world, chair="chair2")
    Submission.objects.filter(pk__in=[a.pk, b.pk]).update(
        created_at=now - datetime.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_return(submission=a, user=press, version=0, comment="Переделать")
        services.submission_reject(submission=b, user=press, version=0, reason="Нет")
    month = dates.first_day(timezone.localdate())
    lines = selectors.submission_stats(
        region_ids=[world.region.pk], since=month, until=timezone.localdate(), stored=stored
    )
    by_branch = {line.branch_id: line for line in lines}
    assert set(by_branch) == {world.branch.pk, world.branch2.pk}
    mine = by_branch[world.branch.pk]
    assert (mine.submitted, mine.accepted, mine.returned, mine.rejected) == (2, 0, 1, 1)
    assert mine.median_review_days == 2.0
    theirs = by_branch[world.branch2.pk]
    assert (theirs.submitted, theirs.median_review_days) == (1, None)
    assert c.status == Status.NEW
    other = selectors.submission_stats(
        region_ids=[world.other_region.pk],
        since=month,
        until=timezone.localdate(),
        stored=stored,
    )
    assert all(line.submitted == 0 for line in other)


def test_stats_of_part_of_a_month_are_counted_live(world, django_capture_on_commit_callbacks):
    """The stored figures hold whole months: a period from the middle of a
    month is counted from the events."""
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(world)
    SubmissionEvent.objects.filter(submission=sent).update(
        at=timezone.now() - datetime.timedelta(days=40)
    )
    figures.rebuild_region(world.region.pk)
    event_day = timezone.localdate() - datetime.timedelta(days=40)
    whole = selectors.submission_stats(
        region_ids=[world.region.pk], since=dates.first_day(event_day), until=event_day
    )
    assert sum(line.submitted for line in whole) == 1
    after = event_day + datetime.timedelta(days=1)
    part = selectors.submission_stats(
        region_ids=[world.region.pk], since=after, until=timezone.localdate()
    )
    assert sum(line.submitted for line in part) == 0


def test_review_medians_by_month_and_by_branch(world):
    """Medians of odd and even groups: per month of the decision (counted by the
    database) and per branch over the months on the dashboard (from the stored
    figures); materials of another region stay out."""
    press = world.users["press"]
    tz = timezone.get_current_timezone()
    this_month = dates.first_day(timezone.localdate())
    last_month = dates.previous_month(this_month)

    def decided(month, waited_days, chair="chair"):
        submission = send(world, chair=chair, uploads=[])
        services.submission_reject(submission=submission, user=press, version=0, reason="Нет")
        # Noon of the month's first day: inside the period whatever today is.
        reviewed = datetime.datetime.combine(month, datetime.time(12), tzinfo=tz)
        created = reviewed - datetime.timedelta(days=waited_days)
        Submission.objects.filter(pk=submission.pk).update(created_at=created, reviewed_at=reviewed)

    for days in (1, 9, 2):  # this month: median 2
        decided(this_month, days)
    for days in (4, 1, 10, 6):  # last month: median (4 + 6) / 2 = 5
        decided(last_month, days)
    decided(this_month, 7, chair="chair2")
    today = timezone.localdate()
    by_month = selectors.review_medians(region_ids=[world.region.pk], since=last_month, until=today)
    assert by_month == {
        (world.branch.pk, this_month): 2.0,
        (world.branch.pk, last_month): 5.0,
        (world.branch2.pk, this_month): 7.0,
    }
    # The dashboard's median over the months, from the stored figures (recounted
    # here because the test dated the materials with update()).
    figures.rebuild_region(world.region.pk)
    table = submission_table(region=world.region, months=[last_month, this_month], today=today)
    by_branch = {row[0]: row[6] for row in table.plain_rows()}
    # Seven waits 1, 1, 2, 4, 6, 9, 10: the fourth.
    assert by_branch == {world.branch.name: 4.0, world.branch2.name: 7.0}
    lines = selectors.submission_stats(region_ids=[world.region.pk], since=last_month, until=today)
    medians = {(line.branch_id, line.month): line.median_review_days for line in lines}
    assert medians[(world.branch.pk, last_month)] == 5.0
    assert medians[(world.branch2.pk, last_month)] is None
    assert (
        selectors.review_medians(region_ids=[world.other_region.pk], since=last_month, until=today)
        == {}
    )


@pytest.mark.parametrize(("role", "status"), [("press", 200), ("central", 200), ("chair", 403)])
def test_stats_page(world, client_for, role, status):
    send(world)
    response = client_for(world.users[role]).get(reverse("submissions:stats"))
    assert response.status_code == status
    if status == 200:
        assert "Усть-Каменогорск" in response.content.decode()


def test_central_chooses_a_region_press_cannot(world, client_for):
    other = {"region": world.other_region.pk}
    assert (
        client_for(world.users["central"]).get(reverse("submissions:stats"), other).status_code
        == 200
    )
    assert (
        client_for(world.users["press"]).get(reverse("submissions:stats"), other).status_code == 404
    )


@pytest.mark.celery_worker
def test_submission_reminders_run_on_a_real_worker_once(celery_worker, world):
    from materials.tasks import submission_reminders_task

    waiting = send(world, uploads=[])
    Submission.objects.filter(pk=waiting.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=5)
    )
    # From the 20th (for the silent branch), and never before the material was sent.
    today = max(timezone.localdate(), timezone.localdate().replace(day=20)).isoformat()
    first = submission_reminders_task.apply_async(args=[today], queue=celery_worker.queue)
    assert first.get(timeout=60) == {"waiting": 1, "silent": 1}  # press; chair2's branch
    second = submission_reminders_task.apply_async(args=[today], queue=celery_worker.queue)
    assert second.get(timeout=60) == {"waiting": 0, "silent": 0}
    assert Notification.objects.filter(key=f"submission-waiting:{waiting.pk}").count() == 1
