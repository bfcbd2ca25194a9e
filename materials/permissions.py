"""Who may read, send and review materials, built on the portal's scope primitives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from portal.permissions import Role, role_of

if TYPE_CHECKING:
    from portal.permissions import AnyUser

# --- Submissions (materials from branches) ----------------------------------------
# A branch chair sends its branch's materials and sees only those; the region's
# press secretary reviews the region's; central reads all and changes nothing.


def submissions_for(user: AnyUser) -> QuerySet:
    """Submissions the user may read (their photos follow them)."""
    from .models import Submission

    role = role_of(user)
    if role == Role.CENTRAL:
        return Submission.objects.all()
    if role == Role.PRESS:
        return Submission.objects.filter(branch__region=user.region_id)
    if role == Role.CHAIR:
        return Submission.objects.filter(branch=user.branch_id)
    return Submission.objects.none()


def may_submit_material(user: AnyUser) -> bool:
    """Branch chairs send materials, for their own branch."""
    return role_of(user) == Role.CHAIR and user.branch_id is not None


def may_edit_submission(user: AnyUser, submission) -> bool:
    """Its branch's chair, while the material is new or returned."""
    return (
        may_submit_material(user)
        and user.branch_id == submission.branch_id
        and submission.status in ("new", "returned")
    )


def may_review_submission(user: AnyUser, submission) -> bool:
    """The press secretary of the submission's region."""
    return role_of(user) == Role.PRESS and user.region_id == submission.branch.region_id


def may_review_submissions(user: AnyUser) -> bool:
    """Whether the user reviews anyone's materials at all (the queue's actions)."""
    return role_of(user) == Role.PRESS
