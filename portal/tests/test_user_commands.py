"""Users made and switched off from the command line; they choose their password."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from portal.models import OutboxEmail, User


def _link(letter: OutboxEmail) -> str:
    return re.search(r"https?://\S+(/accounts/password/reset/\S+/)", letter.body).group(1)


def test_a_press_secretary_chooses_her_password_from_the_letter(world, client):
    call_command(
        "create_user",
        "--role=press",
        f"--region={world.region.short_name}",
        "--email=Aigul@Example.kz",
        "--first-name=Айгуль",
        "--leader",
    )
    user = User.objects.get(email="Aigul@example.kz")
    assert (user.role, user.region, user.is_leader) == ("press", world.region, True)
    assert user.username == "Aigul@example.kz"
    assert not user.has_usable_password()

    letter = OutboxEmail.objects.get(to="Aigul@example.kz")
    assert "Айгуль" in letter.body
    response = client.get(_link(letter))
    assert response.status_code == 302  # Django hides the token behind a redirect
    response = client.post(
        response.url,
        {"new_password1": "ochen-dlinnyj-parol-77", "new_password2": "ochen-dlinnyj-parol-77"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("ochen-dlinnyj-parol-77")
    # The link works once.
    client.logout()
    response = client.get(_link(letter), follow=True)
    assert response.context["validlink"] is False


def test_a_chair_and_the_central_committee(world):
    call_command("create_user", "--role=chair", f"--branch={world.branch2.name}", "--email=c@x.kz")
    chair = User.objects.get(email="c@x.kz")
    assert (chair.role, chair.branch, chair.region) == ("chair", world.branch2, None)
    call_command("create_user", "--role=central", "--email=cc@x.kz", "--username=cc")
    assert User.objects.get(username="cc").role == "central"
    assert OutboxEmail.objects.filter(to__in=["c@x.kz", "cc@x.kz"]).count() == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role=press", "--email=p@x.kz"], "needs --region"),
        (["--role=chair", "--email=p@x.kz"], "needs --branch"),
        (["--role=press", "--region=Нет такой", "--email=p@x.kz"], "No single region"),
        (["--role=central", "--region={region}", "--email=p@x.kz"], "no --region"),
        (["--role=chair", "--branch={branch}", "--leader", "--email=p@x.kz"], "leader"),
        (["--role=central", "--email=press@example.kz"], "exists"),
        (["--role=central", "--email=new@x.kz", "--username=press"], "taken"),
    ],
)
def test_refusals_say_why_and_create_nobody(world, args, message):
    world.users["press"].email = "press@example.kz"
    world.users["press"].save()
    before = User.objects.count()
    # Real ids of the world's region and branch (sequences differ by database).
    args = [arg.format(region=world.region.pk, branch=world.branch.pk) for arg in args]
    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("create_user", *args)
    assert User.objects.count() == before
    assert not OutboxEmail.objects.exists()


def test_no_password_is_taken_on_the_command_line(world):
    with pytest.raises(CommandError):
        call_command("create_user", "--role=central", "--email=a@x.kz", "--password=secret")


def test_deactivate_user_ends_the_open_session(world, client_for):
    client = client_for(world.users["chair"])
    assert client.get(reverse("portal:region_list")).status_code == 200
    call_command("deactivate_user", "chair")
    assert not User.objects.get(username="chair").is_active
    assert client.get(reverse("portal:region_list")).status_code == 302  # to the login page
    call_command("deactivate_user", "chair")  # a second time changes nothing
    with pytest.raises(CommandError):
        call_command("deactivate_user", "nobody")
