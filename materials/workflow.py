"""Which status of a material may follow which, and who may take each step."""

from __future__ import annotations

from collections.abc import Callable

from portal.workflow import Transitions

from . import permissions
from .models import Submission

Sub = Submission.Status

# (from, to) → who may take the step. A reviewer may decide straight from
# "new" (taking into review is implied) or after taking the material into review.
SUBMISSION_TRANSITIONS: dict[tuple[str, str], Callable] = {
    (Sub.NEW, Sub.IN_REVIEW): permissions.may_review_submission,
    (Sub.NEW, Sub.ACCEPTED): permissions.may_review_submission,
    (Sub.NEW, Sub.RETURNED): permissions.may_review_submission,
    (Sub.NEW, Sub.REJECTED): permissions.may_review_submission,
    (Sub.IN_REVIEW, Sub.ACCEPTED): permissions.may_review_submission,
    (Sub.IN_REVIEW, Sub.RETURNED): permissions.may_review_submission,
    (Sub.IN_REVIEW, Sub.REJECTED): permissions.may_review_submission,
    (Sub.RETURNED, Sub.NEW): permissions.may_edit_submission,
}


_submissions = Transitions(SUBMISSION_TRANSITIONS)
may_move_submission = _submissions.may_move
submission_targets = _submissions.targets
