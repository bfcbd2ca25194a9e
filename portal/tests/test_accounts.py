"""Logging in and out, lockout, password change and reset — in Russian."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from portal.infrastructure import outbox


def sent() -> list:
    """The letters the mail server took: the outbox delivers what is due first."""
    outbox.deliver_due()
    return mail.outbox


LOGIN = reverse("login")


def test_a_wrong_password_is_refused_in_russian(world, client):
    response = client.post(LOGIN, {"username": "press", "password": "wrong"})
    assert response.status_code == 200
    assert "введите правильные имя пользователя и пароль" in response.content.decode()


def test_each_role_lands_on_its_home_page(world, client):
    headings = {
        "press": "Восточно-Казахстанская область",
        "chair": "г. Усть-Каменогорск",
        "central": "Все регионы",
    }
    for username, heading in headings.items():
        response = client.post(
            LOGIN, {"username": username, "password": settings.DEMO_PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("portal:home")
        assert heading in response.content.decode()
        client.post(reverse("logout"))


def test_five_wrong_passwords_lock_the_account(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "press", "password": "wrong"})
    # Even the right password is refused now.
    response = client.post(LOGIN, {"username": "press", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Вход временно заблокирован" in page
    assert "на 1 час" in page
    assert "_auth_user_id" not in client.session


def test_another_user_is_not_locked_by_someone_elses_failures(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "press", "password": "wrong"})
    response = client.post(LOGIN, {"username": "chair", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302


def test_the_session_ends_after_idle_time(world, client_for):
    client = client_for(world.users["press"])
    client.get(reverse("portal:home"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 120 * 60
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get(reverse("portal:organisation_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_change(world, client_for):
    client = client_for(world.users["chair"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": settings.DEMO_PASSWORD,
            "new_password1": "Жаңа-құпиясөз-2025",
            "new_password2": "Жаңа-құпиясөз-2025",
        },
    )
    assert response.status_code == 302
    world.users["chair"].refresh_from_db()
    assert world.users["chair"].check_password("Жаңа-құпиясөз-2025")


def test_password_reset_by_email(world, client):
    response = client.post(reverse("password_reset"), {"email": "press@example.kz"})
    assert response.status_code == 302
    assert len(sent()) == 1
    letter = sent()[0]
    assert letter.subject == "Profinfo: установка нового пароля"
    assert "Здравствуйте" in letter.body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", letter.body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Новый-пароль-2025", "new_password2": "Новый-пароль-2025"}
    )
    assert response.status_code == 302
    world.users["press"].refresh_from_db()
    assert world.users["press"].check_password("Новый-пароль-2025")


@pytest.mark.parametrize(
    ("role", "sees_dashboards"), [("central", True), ("press", True), ("chair", False)]
)
def test_the_menu_shows_each_role_what_it_may_use(world, client_for, role, sees_dashboards):
    page = client_for(world.users[role]).get(reverse("portal:home")).content.decode()
    assert (f'href="{reverse("dashboards:home")}"' in page) is sees_dashboards
    assert f'href="{reverse("portal:organisation_list")}"' in page
    assert f'href="{reverse("bulletins:library")}"' in page
