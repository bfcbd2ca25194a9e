"""A refusal says what it is: no rights, or a form that expired."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.tests.factories import UserFactory


@pytest.mark.django_db
def test_a_plain_refusal_says_there_are_no_rights(world, client_for):
    # A user with no role may not read the review queue.
    nobody = UserFactory(username="nobody", role="")
    response = client_for(nobody).get(reverse("submissions:queue"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Нет доступа" in text
    assert "нет прав" in text
    assert "Обновите" not in text
    assert "Форма устарела" not in text


@pytest.mark.django_db
def test_an_expired_form_says_to_refresh_the_page(world, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["press"], backend="portal.backends.ScopedModelBackend")
    # A form sent without its token, as after a session ended in another tab.
    response = client.post(
        reverse("logout"), HTTP_REFERER="http://testserver/contentplan/", SERVER_NAME="testserver"
    )
    assert response.status_code == 403
    text = response.content.decode()
    assert "Форма устарела" in text
    assert "обновите страницу" in text
    assert "нет прав" not in text
    assert 'href="http://testserver/contentplan/"' in text
    # Nothing happened: the user is still logged in.
    assert client.get(reverse("portal:home")).wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_an_expired_form_never_links_back_to_another_site(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["press"], backend="portal.backends.ScopedModelBackend")
    response = client.post(reverse("logout"), HTTP_REFERER="https://evil.example/")
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()


@pytest.mark.django_db
def test_the_refusals_speak_kazakh_and_english(world, client_for, settings):
    nobody = UserFactory(username="nobody", role="")
    client = client_for(nobody)
    for code, words in (("kk", "Қол жеткізу жоқ"), ("en", "No access")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
        response = client.get(reverse("submissions:queue"))
        assert response.status_code == 403
        assert words in response.content.decode()
