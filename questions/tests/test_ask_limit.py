"""The hourly limit of questions from one address (issue 14, item 6).

Counted in the database, from the questions stored: it holds when many
questions arrive at once, its window is the hour, and it needs no cache.
"""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from questions.models import Question
from questions.services import ASK_LIMIT

from .test_ask_form import form_data, post

SIMULTANEOUS = 30


def test_simultaneous_questions_from_one_address_store_at_most_the_limit(transactional_db, world):
    """Thirty visitors' requests from one address at once, each in its own
    thread and database connection, as a threaded server would run them."""
    data = form_data(world)
    start = threading.Barrier(SIMULTANEOUS)

    def ask(_n: int) -> int:
        client = Client(REMOTE_ADDR="203.0.113.9")
        try:
            start.wait()
            return client.post(reverse("questions:ask"), data).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(SIMULTANEOUS) as pool:
        statuses = sorted(pool.map(ask, range(SIMULTANEOUS)))
    assert Question.objects.count() == ASK_LIMIT
    assert statuses == [302] * ASK_LIMIT + [429] * (SIMULTANEOUS - ASK_LIMIT)


def test_the_window_is_the_hour(world, client):
    for _n in range(ASK_LIMIT):
        assert post(client, form_data(world)).status_code == 302
    # Ten minutes later (past the old cache's five) the address still waits ...
    Question.objects.update(received_at=timezone.now() - datetime.timedelta(minutes=10))
    assert post(client, form_data(world)).status_code == 429
    # ... and an hour after its questions it may ask again.
    Question.objects.update(received_at=timezone.now() - datetime.timedelta(minutes=61))
    assert post(client, form_data(world)).status_code == 302


def test_asking_works_with_the_cache_down(world, client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1: every cache call fails.
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with pytest.raises(Exception, match=r"(?i)connect"):
        cache.get("anything")
    assert client.get(reverse("questions:ask")).status_code == 200
    for _n in range(ASK_LIMIT):
        assert post(client, form_data(world)).status_code == 302
    assert post(client, form_data(world)).status_code == 429
    assert Question.objects.count() == ASK_LIMIT


def test_the_address_is_stored_only_as_a_keyed_hash(world, client):
    post(client, form_data(world), address="203.0.113.9")
    sender = Question.objects.get().sender
    assert len(sender) == 32 and "203.0.113.9" not in sender
