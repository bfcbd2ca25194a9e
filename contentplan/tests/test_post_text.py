"""A post is written once (issue 32, item 1): the post form has the text that
goes out, a chair's accepted material brings its text and photos into the
post, and the warnings before approval count the posts, name and link each.

The text is kept by publishing (`PublicationText`), above the content plan:
the form reaches it through the registered `PostExtension` (contentplan.texts).
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from contentplan.models import Channel, MonthlyPlan, PlannedPost
from materials import services as material_services
from materials.tests import images
from materials.tests.test_uploads import data as material_data
from publishing.models import PublicationText, PublicationVariant

from .conftest import MONTH
from .factories import PostFactory

TEXT = "Сегодня в Усть-Каменогорске прошёл форум молодых педагогов области."
DAY = MONTH.replace(day=12)


def _form(rubric, **fields) -> dict:
    data = {
        "version": 0,
        "date": DAY.isoformat(),
        "rubric": rubric.pk,
        "title": "Форум молодых педагогов",
        "channels": [Channel.objects.get(code="telegram").pk],
        "language": "ru",
        "origin": "own",
    }
    data.update(fields)
    return data


def test_the_post_form_has_the_text_that_goes_out(world, plan, rubrics, client_for):
    client = client_for(world.users["press"])
    create = reverse("contentplan:post_create", args=[plan.pk])
    assert 'name="text"' in client.get(create).content.decode()
    rubric = rubrics["Освещение мероприятий"]
    response = client.post(create, _form(rubric, text=TEXT, brief=""))
    assert response.status_code == 302
    post = PlannedPost.objects.get(title="Форум молодых педагогов")
    assert PublicationText.objects.get(post=post).text == TEXT
    # A network's own version is an override the form leaves alone.
    text = PublicationText.objects.get(post=post)
    PublicationText.objects.filter(pk=text.pk).update(image="none")
    PublicationVariant.objects.create(text=text, network="telegram", body="Для Telegram")
    edit = reverse("contentplan:post_edit", args=[post.pk])
    assert TEXT in client.get(edit).content.decode()
    corrected = "Форум молодых педагогов перенесён на пятницу."
    response = client.post(edit, _form(rubric, version=post.version, text=corrected))
    assert response.status_code == 302
    saved = PublicationText.objects.get(post=post)
    assert (saved.text, saved.variant("telegram"), saved.image) == (
        corrected,
        "Для Telegram",
        "none",
    )


def test_a_post_without_text_gets_no_empty_text(world, plan, rubrics, client_for):
    client = client_for(world.users["press"])
    create = reverse("contentplan:post_create", args=[plan.pk])
    client.post(create, _form(rubrics["Освещение мероприятий"], text="  ", brief="Эфир"))
    post = PlannedPost.objects.get(title="Форум молодых педагогов")
    assert post.brief == "Эфир"
    assert not PublicationText.objects.filter(post=post).exists()


def _send(world):
    return material_services.submission_create(
        user=world.users["chair"],
        data=material_data(text=TEXT),
        uploads=[images.jpeg("a.jpg", width=300, height=300)],
    )


def test_an_accepted_material_brings_its_text_and_photos(world, rubrics):
    submission = _send(world)
    accepted = material_services.submission_accept(
        submission=submission,
        user=world.users["press"],
        version=submission.version,
        date=datetime.date(2026, 4, 7),
        rubric=rubrics["Освещение мероприятий"],
    )
    post = accepted.post
    assert PublicationText.objects.get(post=post).text == TEXT
    assert post.brief == ""  # nobody reads the same text twice in the plan
    assert [photo.original_name for photo in post.photos.all()] == ["a.jpg"]


def test_a_material_joining_a_post_fills_only_an_empty_text(world, rubrics):
    plan = MonthlyPlan.objects.create(region=world.region, month=datetime.date(2026, 4, 1))
    empty = PostFactory(plan=plan, date=datetime.date(2026, 4, 8), title="Пустой")
    written = PostFactory(plan=plan, date=datetime.date(2026, 4, 9), title="Написанный")
    PublicationText.objects.create(post=written, text="Свой текст пресс-секретаря.")
    for post in (empty, written):
        submission = _send(world)
        material_services.submission_accept(
            submission=submission, user=world.users["press"], version=submission.version, post=post
        )
    assert PublicationText.objects.get(post=empty).text == TEXT
    assert PublicationText.objects.get(post=written).text == "Свой текст пресс-секретаря."
