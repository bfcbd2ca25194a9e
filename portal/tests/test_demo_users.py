"""Demo accounts (public password) are refused with DEBUG off: at login, for a
session opened earlier, by `check --deploy`; `remove_demo_users` deletes them."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from portal.models import User
from portal.seed import DEMO_USERNAMES

LOGIN = reverse("login")
DEMO_REFUSED = "Вход под демонстрационными учётными записями отключён на рабочем сервере"
WRONG = "введите правильные имя пользователя и пароль"
WRONG_FULL = (
    "Пожалуйста, введите правильные имя пользователя и пароль. "
    "Оба поля могут быть чувствительны к регистру."
)


@pytest.fixture
def demo_users(db, settings):
    settings.DEBUG = True
    call_command("load_seed", verbosity=0)
    call_command("load_demo_users", verbosity=0)
    settings.DEBUG = False
    return {user.username: user for user in User.objects.all()}


def _login(client, username, password=settings.DEMO_PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_every_demo_user_is_marked_and_named(demo_users):
    assert set(demo_users) == DEMO_USERNAMES
    assert all(user.is_demo for user in demo_users.values())


def test_a_demo_account_logs_in_only_with_debug_on(demo_users, client, settings):
    settings.DEBUG = True
    assert _login(client, "press").status_code == 302
    client.post(reverse("logout"))

    settings.DEBUG = False
    for username in sorted(DEMO_USERNAMES):
        response = _login(client, username)
        assert response.status_code == 200
        assert DEMO_REFUSED in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_the_refusal_does_not_tell_whether_the_account_exists(demo_users, client):
    demo_users["lawyer"].delete()
    errors = [
        _login(client, "press").context["form"].non_field_errors(),
        _login(client, "leader", "wrong").context["form"].non_field_errors(),
        _login(client, "lawyer").context["form"].non_field_errors(),  # no such account now
    ]
    assert errors[0] == errors[1] == errors[2]
    assert errors[0] == [WRONG_FULL, DEMO_REFUSED + "."]


def test_other_names_get_the_standard_answer(demo_users, client):
    from portal.tests.factories import UserFactory

    UserFactory(username="ivanova", role=User.Role.CENTRAL)
    wrong = _login(client, "ivanova", "wrong").context["form"].non_field_errors()
    missing = _login(client, "petrov").context["form"].non_field_errors()
    assert wrong == missing
    assert wrong == [WRONG_FULL]
    assert _login(client, "ivanova").status_code == 302


def test_a_real_account_with_a_demo_name_logs_in(db, client):
    """`createsuperuser` may well make an `admin`: it is not a demo account."""
    User.objects.create_superuser("admin", "it@example.kz", "a-real-password-2025")
    assert _login(client, "admin", "a-real-password-2025").status_code == 302


def test_a_demo_session_opened_earlier_ends_with_debug_off(demo_users, client, settings):
    settings.DEBUG = True
    client.force_login(demo_users["press"], backend="portal.backends.ScopedModelBackend")
    assert client.get(reverse("portal:organisation_list")).status_code == 200

    settings.DEBUG = False
    response = client.get(reverse("portal:organisation_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_remove_demo_users_deletes_only_them(demo_users, capsys):
    from portal.tests.factories import UserFactory

    real = UserFactory(username="ivanova", role=User.Role.CENTRAL)
    call_command("remove_demo_users")
    out = capsys.readouterr().out
    assert "Удалены демо-пользователи: admin, central, chair, chair2, lawyer, leader, press." in out
    assert list(User.objects.all()) == [real]

    call_command("remove_demo_users")
    assert "Демо-пользователей нет." in capsys.readouterr().out


def test_the_migration_marks_demo_accounts_created_before_the_marker(db):
    migration = importlib.import_module("portal.migrations.0010_user_is_demo")
    old = User.objects.create_user("press", password=settings.DEMO_PASSWORD)
    own_password = User.objects.create_user("admin", password="a-real-password-2025")
    not_a_demo_name = User.objects.create_user("ivanova", password=settings.DEMO_PASSWORD)

    migration.mark_existing(apps, None)

    old.refresh_from_db()
    own_password.refresh_from_db()
    not_a_demo_name.refresh_from_db()
    assert old.is_demo
    assert not own_password.is_demo
    assert not not_a_demo_name.is_demo
