"""Which status of a material may follow which, and who may take each step."""

from __future__ import annotations

from collections.abc import Callable

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


def may_move_submission(user, submission: Submission, to: str) -> bool:
    allowed = SUBMISSION_TRANSITIONS.get((submission.status, to))
    return allowed is not None and allowed(user, submission)


def submission_targets(user, submission: Submission) -> list[str]:
    """The statuses this user may move the submission to now."""
    return [
        to
        for (start, to) in SUBMISSION_TRANSITIONS
        if start == submission.status and may_move_submission(user, submission, to)
    ]
