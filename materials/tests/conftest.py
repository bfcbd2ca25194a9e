"""Materials reach the plan: its rubrics, leader and plan fixtures serve here too."""

from contentplan.tests.conftest import leader, plan, rubrics  # noqa: F401
