"""Which status of a question may follow which, and who may take each step.

new → in progress → answered → closed; a question may also be answered
straight from new, and closed (as a duplicate or spam) before an answer.
A closed question stays closed.
"""

from __future__ import annotations

from collections.abc import Callable

from portal.workflow import Transitions
from questions import permissions

from .models import Question

S = Question.Status
_press = permissions.may_answer_question

TRANSITIONS: dict[tuple[str, str], Callable] = {
    (S.NEW, S.IN_PROGRESS): _press,
    (S.NEW, S.ANSWERED): _press,
    (S.IN_PROGRESS, S.ANSWERED): _press,
    (S.NEW, S.CLOSED): _press,
    (S.IN_PROGRESS, S.CLOSED): _press,
    (S.ANSWERED, S.CLOSED): _press,
}


_questions = Transitions(TRANSITIONS)
may_move = _questions.may_move
targets = _questions.targets
