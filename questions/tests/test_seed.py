"""Demo questions and the demo legal inspector: only in the embedded default, idempotent."""

import pytest
from django.core.management import call_command

from portal.models import User
from questions.models import Question


@pytest.mark.django_db
def test_demo_questions_load_once_and_two_are_on_the_faq(settings):
    settings.DEBUG = True
    call_command("load_seed", verbosity=0)
    call_command("load_seed", verbosity=0)
    questions = Question.objects.all()
    assert questions.count() == 5
    assert all("(демо)" in q.text and q.is_demo and q.reference for q in questions)
    assert questions.filter(faq_published=True).count() == 2
    assert questions.filter(status="new").count() == 2


@pytest.mark.django_db
def test_a_real_installation_gets_no_demo_questions(settings):
    settings.DEBUG = False
    call_command("load_seed", verbosity=0)
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_the_legal_inspector_is_a_demo_user_of_the_press_service(settings):
    settings.DEBUG = True
    call_command("load_seed", verbosity=0)
    call_command("load_demo_users", verbosity=0)
    lawyer = User.objects.get(username="lawyer")
    assert lawyer.role == User.Role.PRESS
    assert lawyer.region == User.objects.get(username="press").region
    assert lawyer.position == "Главный правовой инспектор"
    assert lawyer.check_password(settings.DEMO_PASSWORD)


def test_load_demo_adds_questions_in_proportion_to_the_scale(world):
    import random

    from django.utils import timezone

    from dashboards.management.commands.load_demo import Command
    from questions.selectors import question_figures

    today = timezone.localdate()
    branches = [world.branch, world.branch2]
    for region, scale in ((world.region, 1), (world.other_region, 3)):
        Command()._questions(region, branches, scale=scale, today=today, rng=random.Random(1))
    one = Question.objects.filter(region=world.region)
    three = Question.objects.filter(region=world.other_region)
    assert 300 < one.count() <= 360  # ten a month over three years, none in the future
    assert 2.8 < three.count() / one.count() < 3.2
    assert one.filter(faq_published=True).exists()
    start = today.replace(day=1, year=today.year - 1)
    figures = question_figures(world.region, start, today)
    assert figures["total"] > 100 and figures["median_days"] is not None
