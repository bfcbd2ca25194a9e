"""People and plans shared by the content plan's tests."""

import pytest

from contentplan.seed import load_rubrics
from portal.models import User
from portal.tests.factories import UserFactory

from .factories import MONTH, PlanFactory


@pytest.fixture
def rubrics(db) -> dict:
    """The standard rubrics, by name."""
    return {rubric.name: rubric for rubric in load_rubrics()}


@pytest.fixture
def leader(world) -> User:
    """The region's leader, who approves its plans."""
    return UserFactory(username="leader", role=User.Role.PRESS, region=world.region, is_leader=True)


@pytest.fixture
def plan(world):
    return PlanFactory(region=world.region, month=MONTH)
