"""The public form: what it stores, and what it refuses (or stores inert)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from questions.models import Question

from .conftest import ask

SCRIPT = '<script>alert("x")</script><b onmouseover="evil()">жирный</b>'


def form_data(world, **fields) -> dict:
    data = {
        "region": world.region.pk,
        "topic": "leave",
        "text": "Можно ли перенести отпуск на осень?",
        "branch": "",
        "organisation": "",
        "name": "",
        "email": "",
        "phone": "",
        "website": "",
    }
    data.update(fields)
    return data


def post(client, data, address="10.0.0.1"):
    return client.post(reverse("questions:ask"), data, REMOTE_ADDR=address)


def test_a_question_is_stored_and_the_visitor_sees_only_its_own_reference(world, client):
    response = post(
        client,
        form_data(
            world,
            branch=world.branch.pk,
            organisation=world.organisation.pk,
            name="Айгуль",
            email="aigul@example.kz",
            consent="on",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("questions:thanks")
    question = Question.objects.get()
    assert re.fullmatch(r"В-\d{4}-\d{6}", question.reference)
    assert question.status == Question.Status.NEW
    assert (question.branch, question.organisation) == (world.branch, world.organisation)
    assert question.consent and question.email == "aigul@example.kz"
    assert question.events.get().to_status == "new"
    # The region's press secretary is told; the other region's is not.
    assert world.users["press"].notifications.filter(key=f"question-new:{question.pk}").exists()
    assert not world.users["other_press"].notifications.exists()

    thanks = client.get(reverse("questions:thanks")).content.decode()
    assert question.reference in thanks
    # Another visitor (another session) sees no reference at all.
    from django.test import Client

    other = Client().get(reverse("questions:thanks")).content.decode()
    assert question.reference not in other
    assert 'data-testid="reference"' not in other


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "я" * 4001}, "text"),
        ({"name": "Я" * 101}, "name"),
        ({"topic": "politics"}, "topic"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "позвоните мне"}, "phone"),
        ({"phone": "+7 701 123 45 67", "consent": ""}, "consent"),
        ({"email": "a@example.kz"}, "consent"),
        ({"region": "999999"}, "region"),
        ({"text": "ok\x00"}, "text"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(world, client, fields, field):
    response = post(client, form_data(world, **fields))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Question.objects.exists()


def test_a_branch_or_organisation_outside_the_region_is_refused(world, client):
    response = post(client, form_data(world, branch=world.other_branch.pk))
    assert "branch" in response.context["form"].errors
    response = post(
        client, form_data(world, branch=world.branch.pk, organisation=world.organisation2.pk)
    )
    assert "organisation" in response.context["form"].errors
    response = post(client, form_data(world, organisation=world.organisation.pk))
    assert "organisation" in response.context["form"].errors
    assert not Question.objects.exists()


def test_html_and_script_are_stored_as_text_and_shown_escaped(world, client, client_for):
    response = post(client, form_data(world, text=SCRIPT, name="<i>Имя</i>"))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.text == SCRIPT  # stored as it came, plain text
    press = client_for(world.users["press"])
    for address in (reverse("questions:queue"), question.get_absolute_url()):
        page = press.get(address).content.decode()
        assert "<script>alert" not in page
        assert "onmouseover=" not in page.replace("onmouseover=&quot;", "")
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "<i>Имя</i>" not in page


def test_the_honeypot_pretends_success_and_stores_nothing(world, client):
    response = post(client, form_data(world, website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("questions:thanks")
    assert not Question.objects.exists()
    assert 'data-testid="reference"' not in client.get(reverse("questions:thanks")).content.decode()


def test_more_than_five_questions_an_hour_from_one_address_are_refused(world, client):
    for _n in range(5):
        assert post(client, form_data(world)).status_code == 302
    response = post(client, form_data(world))
    assert response.status_code == 429
    # In the portal's language (Russian), whatever the catalogue holds today.
    with translation.override("ru"):
        message = gettext(
            "Too many questions from your address in the last hour. Please try again later."
        )
    assert message in response.content.decode()
    assert Question.objects.count() == 5
    # Another address is not affected.
    assert post(client, form_data(world), address="10.0.0.2").status_code == 302
    assert Question.objects.count() == 6


def test_the_region_is_hidden_when_there_is_only_one(db, client):
    from portal.tests.factories import RegionFactory

    region = RegionFactory(short_name="Восточно-Казахстанская область")
    page = client.get(reverse("questions:ask")).content.decode()
    assert f'type="hidden" name="region" value="{region.pk}"' in page
    data = {"region": region.pk, "topic": "pay", "text": "Вопрос", "website": ""}
    assert post(client, data).status_code == 302
    assert Question.objects.get().region == region


def test_the_region_can_be_chosen_by_the_address(world, client):
    response = client.get(reverse("questions:ask") + f"?region={world.other_region.pk}")
    assert response.context["form"]["region"].value() == world.other_region.pk
    branches = list(response.context["form"].fields["branch"].queryset)
    assert branches == [world.other_branch]


def test_organisation_options_are_those_of_the_branch(world, client):
    page = client.get(
        reverse("questions:organisation_options") + f"?branch={world.branch.pk}"
    ).content.decode()
    assert world.organisation.name in page and world.organisation2.name not in page
    page = client.get(reverse("questions:organisation_options") + "?branch=x").content.decode()
    assert "<option" in page and world.organisation.name not in page


def test_the_form_speaks_kazakh(world, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    response = client.get(reverse("questions:ask"))
    assert response.status_code == 200
    assert '<html lang="kk">' in response.content.decode()


def test_the_service_refuses_what_the_form_would(world):
    from questions.services import Refused

    with pytest.raises(Refused):
        ask(world, text=" ")
    with pytest.raises(Refused):
        ask(world, branch=world.other_branch)
    with pytest.raises(Refused):
        ask(world, phone="+77011234567")
    assert not Question.objects.exists()


def test_the_limit_counts_the_client_behind_the_proxy_as_axes_does(world, client, settings):
    # Behind one trusted proxy (TRUSTED_PROXY_COUNT=1 in docker-compose.yml) every
    # request comes from the proxy (127.0.0.1 here); the limit counts the client
    # the proxy appended to X-Forwarded-For, and a forged entry before it is ignored.
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("questions:ask")
    for n in range(5):
        forged = f"198.51.100.{n}, 203.0.113.7"
        response = client.post(url, form_data(world), HTTP_X_FORWARDED_FOR=forged)
        assert response.status_code == 302
    assert client.post(url, form_data(world), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert client.post(url, form_data(world), HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302


def test_the_limit_counts_an_ipv6_client_by_its_network(world, client):
    for host in range(1, 6):
        assert post(client, form_data(world), address=f"2001:db8::{host}").status_code == 302
    assert post(client, form_data(world), address="2001:db8::ffff").status_code == 429
    assert post(client, form_data(world), address="2001:db8:0:1::1").status_code == 302
