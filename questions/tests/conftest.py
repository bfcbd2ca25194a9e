"""People and questions shared by the questions app's tests."""

from __future__ import annotations

import pytest

from contentplan.seed import load_rubrics
from portal.models import User
from portal.tests.factories import UserFactory
from questions import services
from questions.models import Question


@pytest.fixture
def rubrics(db) -> dict:
    return {rubric.name: rubric for rubric in load_rubrics()}


@pytest.fixture
def lawyer(world) -> User:
    return UserFactory(
        username="lawyer",
        role=User.Role.PRESS,
        region=world.region,
        position="Главный правовой инспектор",
    )


def ask(world, **fields) -> Question:
    """A question of the world's region, sent through the service."""
    data = {"region": world.region, "topic": Question.Topic.PAY, "text": "Как считается доплата?"}
    data.update(fields)
    return services.question_ask(data=services.AskData(**data))
