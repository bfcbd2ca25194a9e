"""The admin shows a question without its asker."""

from django.urls import reverse

from questions import services

from .conftest import ask


def test_the_admin_shows_no_personal_data(world, admin_client):
    press = world.users["press"]
    question = ask(
        world,
        name="Айгуль Серикова",
        email="aigul@example.kz",
        phone="+7 701 123 45 67",
        consent=True,
    )
    services.question_assign(
        question=question, user=press, version=0, assignee=press, comment="Позвонить Айгуль"
    )
    response = admin_client.get(reverse("admin:questions_question_change", args=[question.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert question.reference in page
    for value in ("Айгуль", "aigul@example.kz", "701 123"):
        assert value not in page
