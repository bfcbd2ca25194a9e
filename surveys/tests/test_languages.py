"""The member picks Russian or Kazakh: the survey's texts and the page's follow."""

from __future__ import annotations

from django.urls import reverse

from surveys.models import Response

from .conftest import make_survey


def test_russian_by_default(world, rubrics, client):
    survey = make_survey(world.users["press"], "news")
    page = client.get(reverse("surveys:public", args=[survey.code])).content.decode()
    assert "Откуда вы узнаёте новости профсоюза?" in page
    assert "Отправить ответ" in page


def test_kazakh_when_chosen(world, rubrics, client):
    survey = make_survey(world.users["press"], "news")
    address = reverse("surveys:public", args=[survey.code])
    page = client.get(address + "?lang=kk").content.decode()
    assert "Кәсіподақ жаңалықтарын қайдан білесіз?" in page
    assert "Жауапты жіберу" in page
    assert "Кәсіподақ сайты" in page  # a channel's Kazakh name
    question = survey.questions.get(kind="multiple")
    option = question.options.first()
    response = client.post(address, {f"q{question.pk}": option.pk, "lang": "kk"})
    assert response.status_code == 302
    assert Response.objects.get().language == "kk"
    thanks = client.get(response.url).content.decode()
    assert "Рахмет! Жауабыңыз сақталды." in thanks


def test_kazakh_error_message(world, rubrics, client):
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    address = reverse("surveys:public", args=[survey.code])
    response = client.post(address, {f"q{scale.pk}": "7", "lang": "kk"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "1-ден 5-ке дейін баға қойыңыз." in page
    assert "ештеңе сақталмады" in page
