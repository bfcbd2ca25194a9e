"""Who may make surveys and read their answers.

A region's press secretary makes its region's surveys and reads their
answers; it also reads its own region's answers to the central committee's
surveys of every region. The central committee makes those and reads every
survey. Chairs see nothing of surveys (404); members answer the public page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from portal.permissions import Role, role_of

if TYPE_CHECKING:
    from portal.permissions import AnyUser


def may_see_surveys(user: AnyUser) -> bool:
    return role_of(user) in (Role.CENTRAL, Role.PRESS)


def surveys_for(user: AnyUser) -> QuerySet:
    """Surveys whose pages the user may open."""
    from .models import Survey

    role = role_of(user)
    if role == Role.CENTRAL:
        return Survey.objects.all()
    if role == Role.PRESS:
        return Survey.objects.filter(Q(region=user.region_id) | Q(region__isnull=True))
    return Survey.objects.none()


def may_edit_survey(user: AnyUser, survey) -> bool:
    """Questions, dates, closing: who made it (the region's press, or central)."""
    role = role_of(user)
    if survey.region_id is None:
        return role == Role.CENTRAL
    return role == Role.PRESS and user.region_id == survey.region_id


def may_create_survey(user: AnyUser) -> bool:
    return role_of(user) in (Role.CENTRAL, Role.PRESS)


def answers_region_for(user: AnyUser, survey) -> int | None:
    """The one region whose answers the user reads (None: every region)."""
    if role_of(user) == Role.PRESS:
        return user.region_id
    return None


def may_make_post(user: AnyUser, survey) -> bool:
    """A post goes into a region's plan: its press secretary makes it."""
    return role_of(user) == Role.PRESS and survey.region_id in (None, user.region_id)
