"""«Принять в план» starts filled in: the day, the chair's rubric, the rubric's channels."""

import datetime

from django.urls import reverse
from django.utils import timezone

from contentplan.models import Channel, MonthlyPlan, PlannedPost
from materials import services
from portal import dates

from . import images
from .test_uploads import data


def send(world, **overrides):
    return services.submission_create(
        user=world.users["chair"],
        data=data(**overrides),
        uploads=[images.jpeg("a.jpg", width=300, height=300)],
    )


def planned(world, rubric, day, channels):
    plan, _created = MonthlyPlan.objects.get_or_create(
        region=world.region, month=dates.first_day(day)
    )
    post = PlannedPost.objects.create(plan=plan, date=day, rubric=rubric, title=f"Пост {day}")
    post.channels.set(channels)
    return post


def test_the_new_post_gets_the_channels_the_rubric_usually_goes_to(world, rubrics):
    events, advice = rubrics["Освещение мероприятий"], rubrics["Полезные советы"]
    facebook, instagram, aitu = Channel.objects.order_by("position")[:3]
    day = datetime.date(2026, 3, 2)
    planned(world, events, day, [facebook, instagram])
    planned(world, events, day + datetime.timedelta(days=1), [facebook, instagram])
    planned(world, events, day + datetime.timedelta(days=2), [facebook])
    planned(world, advice, day, [aitu])  # another rubric's habits do not count
    submission = send(world)
    accepted = services.submission_accept(
        submission=submission,
        user=world.users["press"],
        version=submission.version,
        date=datetime.date(2026, 4, 7),
        rubric=events,
    )
    assert set(accepted.post.channels.all()) == {facebook, instagram}


def test_a_rubric_without_history_leaves_the_channels_to_the_press_secretary(world, rubrics):
    submission = send(world)
    accepted = services.submission_accept(
        submission=submission,
        user=world.users["press"],
        version=submission.version,
        date=datetime.date(2026, 4, 7),
        rubric=rubrics["Освещение мероприятий"],
    )
    assert not accepted.post.channels.exists()


def test_the_form_starts_with_the_event_day_or_the_next_free_one(world, rubrics, client_for):
    today = timezone.localdate()
    rubric = rubrics["Освещение мероприятий"]
    client = client_for(world.users["press"])
    coming = send(world, event_date=today + datetime.timedelta(days=5), rubric=rubric)
    form = client.get(reverse("submissions:detail", args=[coming.pk])).context["accept_form"]
    assert form["date"].value() == today + datetime.timedelta(days=5)
    assert form["rubric"].value() == rubric.pk  # the rubric the chair suggested
    planned(world, rubric, today + datetime.timedelta(days=1), [])
    past = send(world, event_date=today - datetime.timedelta(days=3), title="Прошедшее событие")
    form = client.get(reverse("submissions:detail", args=[past.pk])).context["accept_form"]
    assert form["date"].value() == today + datetime.timedelta(days=2)


def test_a_forgotten_date_is_refused_clearly(world, rubrics, client_for):
    submission = send(world)
    response = client_for(world.users["press"]).post(
        reverse("submissions:accept", args=[submission.pk]),
        {
            "version": submission.version,
            "mode": "new",
            "rubric": rubrics["Освещение мероприятий"].pk,
        },
        follow=True,
    )
    assert "Выберите дату поста" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "new"
