"""Rubrics: the central committee's standard list."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from contentplan import permissions
from portal.exceptions import Refused
from portal.models import User

from ..models import (
    Rubric,
)

# --- Rubrics (the central committee's standard list) ---------------------------


@transaction.atomic
def rubric_save(*, user: User, data: dict, rubric: Rubric | None = None) -> Rubric:
    """Add a rubric or change one. A rubric is never deleted: switched off, it
    stays on the plans that used it."""
    if not permissions.may_keep_rubrics(user):
        raise Refused(_("Only the central committee keeps the list of rubrics."))
    rubric = rubric or Rubric()
    for field, value in data.items():
        setattr(rubric, field, value.lower() if field == "colour" else value)
    rubric.full_clean()
    rubric.save()
    return rubric
