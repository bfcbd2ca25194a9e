"""Who may work on members' questions and see who asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from portal.permissions import Role, role_of

if TYPE_CHECKING:
    from portal.permissions import AnyUser


# --- Members' questions (app `questions`) ------------------------------------------
# Anyone may ask. The region's press service (users with the press role there)
# runs the region's queue and alone sees who asked; the central committee reads
# every region's questions without the askers; chairs have no queue. The
# questions' models are imported inside the functions, as the library's are.


def questions_for(user: AnyUser) -> QuerySet:
    """Questions whose page in the queue the user may open."""
    from .models import Question

    role = role_of(user)
    if role == Role.CENTRAL:
        return Question.objects.all()
    if role == Role.PRESS:
        return Question.objects.filter(region=user.region_id)
    return Question.objects.none()


def may_see_question_queue(user: AnyUser) -> bool:
    return role_of(user) in (Role.CENTRAL, Role.PRESS)


def may_answer_questions(user: AnyUser) -> bool:
    """Whether the user works any queue at all (its actions, the menu)."""
    return role_of(user) == Role.PRESS


def may_answer_question(user: AnyUser, question) -> bool:
    """Assign, answer, close, publish and make a post: the region's press service."""
    return role_of(user) == Role.PRESS and user.region_id == question.region_id


def may_see_asker(user: AnyUser, question) -> bool:
    """The asker's name and contact: only the region's press service."""
    return may_answer_question(user, question)


def may_see_askers_in_queue(user: AnyUser) -> bool:
    """Whether the user sees the asker of every question in `questions_for(user)`
    (and so may search their raw text): the press service, of its own region."""
    return role_of(user) == Role.PRESS


def may_be_assigned_question(user: AnyUser, question) -> bool:
    """A colleague of the region's press service (the legal inspector among them)."""
    return user.is_active and role_of(user) == Role.PRESS and user.region_id == question.region_id
