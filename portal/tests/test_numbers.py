"""Numbers from requests and files are bounded and checked (issue 14, item 8).

The helpers of `portal.numbers`, and the places the review found answering
500 to a hostile number: each now refuses it with a message, or ignores it.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from branches.models import PageSnapshot
from branches.tests.factories import SocialPageFactory
from contentplan.tests.factories import PlanFactory, RubricFactory
from portal.models import PrimaryOrganisation
from portal.numbers import MAX_COUNT, NumberError, parse_count, parse_id
from questions.models import Question

HUGE = "9223372036854775808"  # one past the largest 64-bit integer
FOLLOWERS = "99999999999999999999999"


@pytest.mark.parametrize(
    ("text", "value"), [("0", 0), ("17", 17), (" 1 204 ", 1204), ("1\u00a0000", 1000)]
)
def test_parse_count_takes_ascii_digits(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize(
    "text", ["", "²", "٣", "１２", "-1", "+1", "1_000", "1.5", "1e3", "9" * 5000, "\x00", "1\x00"]
)
def test_parse_count_refuses_everything_else(text):
    with pytest.raises(NumberError):
        parse_count(text)


def test_parse_count_keeps_to_its_bounds():
    assert parse_count(str(MAX_COUNT)) == MAX_COUNT
    with pytest.raises(NumberError, match="2147483647"):
        parse_count(str(MAX_COUNT + 1))
    with pytest.raises(NumberError):
        parse_count("6", maximum=5)


def test_a_refusal_is_short_and_translated():
    with translation.override("ru"), pytest.raises(NumberError) as refusal:
        parse_count("9" * 5000)
    assert len(refusal.value.message) < 200
    assert "цифрами" in refusal.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[("12", 12), (12, 12), ("", None), (None, None), ("0", None), ("-3", None)],
        *[(HUGE, None), ("²", None), ("٣", None), ("1\x00", None), ("9" * 5000, None)],
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


# --- The places of the review ------------------------------------------------------------


def test_organisation_options_ignore_a_branch_beyond_64_bits(world, client):
    url = reverse("questions:organisation_options")
    for value in (HUGE, "-" + HUGE, "²", "٣"):
        response = client.get(url, {"branch": value})
        assert response.status_code == 200
        assert world.organisation.name not in response.content.decode()


def test_a_question_with_a_20_digit_branch_is_refused_as_a_form_error(world, client):
    data = {"region": world.region.pk, "topic": "pay", "text": "Вопрос", "website": ""}
    for field in ("branch", "organisation"):
        response = client.post(reverse("questions:ask"), {**data, field: "1" * 20})
        assert response.status_code == 200
        assert response.context["form"].errors[field]
    assert not Question.objects.exists()


def test_a_post_with_a_channel_beyond_64_bits_is_refused_as_a_form_error(world, client_for):
    plan = PlanFactory(region=world.region)
    data = {
        "date": "2026-03-10",
        "rubric": RubricFactory().pk,
        "title": "Пост",
        "language": "ru",
        "origin": "own",
        "recurrence": "",
        "channels": HUGE,
        "version": "0",
    }
    client = client_for(world.users["press"])
    response = client.post(reverse("contentplan:post_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["channels"]


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("list.csv", text.encode("utf-8"), content_type="text/csv")


@pytest.mark.parametrize("members", ["²", "9" * 5000, "٣", HUGE])
def test_an_organisation_import_with_a_hostile_number_is_previewed_with_an_error(
    world, client_for, members
):
    upload = _upload(
        f"Филиал;Организация;Тип;Членов профсоюза\nг. Усть-Каменогорск;Школа № 99;школа;{members}\n"
    )
    client = client_for(world.users["press"])
    response = client.post(reverse("portal:organisation_import"), {"file": upload})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.valid and preview.rows[0].errors
    assert not PrimaryOrganisation.objects.filter(name="Школа № 99").exists()


MEASUREMENTS = "Адрес;Дата;Подписчики;Постов за 30 дней;Собственных;Репостов\n"


@pytest.mark.parametrize("followers", ["²", "9" * 5000, FOLLOWERS, "-5"])
def test_a_measurement_file_with_a_hostile_number_is_refused_at_the_preview(
    world, client_for, followers
):
    page = SocialPageFactory(branch=world.branch, url="https://www.facebook.com/groups/ust")
    upload = _upload(MEASUREMENTS + f"{page.url};01.11.2025;{followers};10;6;4\n")
    client = client_for(world.users["press"])
    response = client.post(reverse("branches:snapshot_import"), {"file": upload})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.valid
    assert any("«подписчики»" in error for error in preview.rows[0].errors)
    # Nothing waits for a confirmation that would fail.
    response = client.post(reverse("branches:snapshot_import_confirm"), {"token": preview.token})
    assert response.status_code == 302
    assert not PageSnapshot.objects.exists()


@pytest.mark.parametrize("region", ["²", "9" * 5000, HUGE])
def test_the_audit_table_ignores_a_region_that_is_no_id(world, client_for, region):
    client = client_for(world.users["central"])
    for name in ("branches:audit_table", "branches:audit_export"):
        assert client.get(reverse(name), {"region": region}).status_code == 200
