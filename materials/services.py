"""Every change to materials from branches: sending, editing, review, reminders.

Each function runs in a transaction and checks who may make the change
(`materials.permissions` and the steps in `workflow`). Accepting a material
writes into the content plan through the plan's own services; the plan never
knows about materials.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contentplan import selectors as plan_selectors
from contentplan import services as plan_services
from contentplan.models import PlannedPost, Rubric
from portal import dates
from portal.exceptions import Conflict, Refused
from portal.models import Branch, PrimaryOrganisation, User
from portal.selectors import press_by_region, press_of
from portal.services import in_portal_language, notify

from . import permissions, photos, workflow
from .models import Submission, SubmissionEvent, SubmissionPhoto

Sub = Submission.Status

# A material waiting longer than this for a decision reminds the press secretary.
WAITING_DAYS = 3
# From this day of the month, a branch that sent nothing this month is reminded.
SILENT_BRANCH_DAY = 20


@dataclass(frozen=True)
class SubmissionData:
    title: str
    text: str
    event_date: datetime.date
    consent: bool
    organisation: PrimaryOrganisation | None = None
    rubric: Rubric | None = None


def _check_submission_data(branch: Branch, data: SubmissionData) -> None:
    if not data.consent:
        raise Refused(
            _(
                "Confirm that the people in the photos (parents, for children) agreed "
                "to their publication."
            )
        )
    if data.organisation is not None and data.organisation.branch_id != branch.pk:
        raise Refused(_("The organisation is not of your branch."))


def _save_photos(submission: Submission, stored: list[photos.StoredPhoto]) -> None:
    start = (submission.photos.aggregate(top=Max("position"))["top"] or 0) + 1
    for offset, photo in enumerate(stored):
        SubmissionPhoto.objects.create(
            submission=submission,
            image=photo.image,
            thumbnail=photo.thumbnail,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            original_name=photo.name,
            position=start + offset,
            hints=photo.hints,
            post=submission.post,
        )


def _with_files_cleaned_up(work, uploads=()):
    """Write the photos, then run `work(stored)` in a transaction; if anything
    fails, every file written goes too, so nothing is saved unless everything is.

    The photos are handled one at a time: each is checked, decoded at most at
    its stored size, re-encoded, written and let go before the next is read,
    so a request never holds more than one decoded photo. They are written
    before the transaction opens, which then only records them.
    """
    written: list[str] = []
    try:
        stored = [photos.store_photo(upload, written) for upload in uploads]
        with transaction.atomic():
            return work(stored)
    except BaseException:
        photos.delete_files(written)
        raise


def _event(
    *, submission: Submission, user: User | None, start: str, to: str, comment: str = "", at=None
) -> SubmissionEvent:
    return SubmissionEvent.objects.create(
        submission=submission,
        user=user,
        from_status=start,
        to_status=to,
        comment=comment,
        at=at or timezone.now(),
    )


def _notify_new(submission: Submission, user: User) -> None:
    with in_portal_language():
        notify(
            users=press_of(submission.branch.region_id),
            key=f"submission-new:{submission.pk}:{submission.times_sent}",
            title=_("New material from %(branch)s: «%(title)s»")
            % {"branch": submission.branch.name, "title": submission.title},
            body=_("Sent by %(who)s. It waits for your review.") % {"who": user},
            url=submission.get_absolute_url(),
        )


def _sent_with_key(user: User, key: uuid.UUID | None) -> Submission | None:
    if key is None:
        return None
    return Submission.objects.filter(author=user, key=key).first()


def submission_create(
    *, user: User, data: SubmissionData, uploads=(), key: uuid.UUID | None = None
) -> Submission:
    """A chair sends a material of its branch with up to ten photos.

    Nothing is saved unless everything is: a refused photo leaves neither the
    submission nor any file behind. `key` is the sending form's: when a
    material was already sent with it (the form sent again after the answer
    was lost), that material is returned and nothing new is made.
    """
    if not permissions.may_submit_material(user):
        raise Refused(_("Only a branch chair sends materials."))
    if sent := _sent_with_key(user, key):
        return sent
    uploads = list(uploads)
    photos.precheck(uploads)
    branch = user.branch
    _check_submission_data(branch, data)

    def work(stored: list[photos.StoredPhoto]) -> Submission:
        now = timezone.now()
        submission = Submission.objects.create(
            branch=branch,
            author=user,
            title=data.title,
            text=data.text,
            event_date=data.event_date,
            organisation=data.organisation,
            rubric=data.rubric,
            consent=data.consent,
            sent_at=now,
            key=key,
        )
        _save_photos(submission, stored)
        _event(submission=submission, user=user, start="", to=Sub.NEW, at=now)
        _notify_new(submission, user)
        return submission

    try:
        return _with_files_cleaned_up(work, uploads)
    except IntegrityError:
        # The same form, sent twice at once: the other request saved it first.
        if sent := _sent_with_key(user, key):
            return sent
        raise


def _locked_submission(submission: Submission, version: int | None) -> Submission:
    try:
        current = (
            Submission.objects.select_for_update().select_related("branch").get(pk=submission.pk)
        )
    except Submission.DoesNotExist:
        raise Refused(_("This material was deleted meanwhile.")) from None
    if version is not None and current.version != version:
        last = submission.events.latest_step()
        raise Conflict(
            current,
            who=last.user if last else None,
            when=last.at if last else current.updated_at,
            form_kept=False,
        )
    return current


def submission_update(
    *,
    submission: Submission,
    user: User,
    version: int,
    data: SubmissionData,
    uploads=(),
    remove_photo_ids=(),
) -> Submission:
    """The chair changes a new or returned material; a returned one is sent again."""
    uploads = list(uploads)
    if uploads:  # counted (and checked by size) before any photo is decoded
        kept = submission.photos.exclude(pk__in=list(remove_photo_ids)).count()
        photos.precheck(uploads, already=kept)
    removed_files: list[str] = []

    def work(stored: list[photos.StoredPhoto]) -> Submission:
        current = _locked_submission(submission, version)
        if not permissions.may_edit_submission(user, current):
            raise Refused(_("This material can no longer be changed."))
        _check_submission_data(current.branch, data)
        removed = current.photos.filter(pk__in=list(remove_photo_ids))
        removed_files.extend(
            name for pair in removed.values_list("image", "thumbnail") for name in pair
        )
        removed.delete()
        if current.photos.count() + len(stored) > photos.MAX_PHOTOS:
            raise Refused(_("At most %(n)s photos per material.") % {"n": photos.MAX_PHOTOS})
        for name in ("title", "text", "event_date", "organisation", "rubric", "consent"):
            setattr(current, name, getattr(data, name))
        resend = current.status == Sub.RETURNED
        if resend:
            now = timezone.now()
            current.status = Sub.NEW
            current.times_sent += 1
            current.sent_at = now
            _event(submission=current, user=user, start=Sub.RETURNED, to=Sub.NEW, at=now)
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        _save_photos(current, stored)
        if resend:
            _notify_new(current, user)
        # Files of removed photos go once the removal is committed.
        transaction.on_commit(lambda: photos.delete_files(removed_files))
        return current

    return _with_files_cleaned_up(work, uploads)


def _decide(
    *, submission: Submission, user: User, version: int | None, to: str, comment: str = ""
) -> Submission:
    current = _locked_submission(submission, version)
    if not workflow.may_move_submission(user, current, to):
        raise Refused(_("You may not take this step with this material now."))
    now = timezone.now()
    start = current.status
    current.status = to
    if to in (Sub.ACCEPTED, Sub.RETURNED, Sub.REJECTED):
        current.review_comment = comment
        if current.reviewed_at is None:
            current.reviewed_at = now
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _event(submission=current, user=user, start=start, to=to, comment=comment, at=now)
    return current


@transaction.atomic
def submission_take(*, submission: Submission, user: User, version: int | None) -> Submission:
    """The press secretary takes a new material into review (the chair sees it)."""
    return _decide(submission=submission, user=user, version=version, to=Sub.IN_REVIEW)


def _notify_author(submission: Submission, *, key: str, title: str, body: str) -> None:
    people = [submission.author] if submission.author else []
    people = people or list(
        User.objects.filter(role=User.Role.CHAIR, branch=submission.branch_id, is_active=True)
    )
    notify(users=people, key=key, title=title, body=body, url=submission.get_absolute_url())


def _accepted_into(
    submission: Submission,
    *,
    user: User,
    date: datetime.date | None,
    rubric: Rubric | None,
    post: PlannedPost | None,
) -> PlannedPost:
    """The post the material goes into, with the material's text as the text
    that goes out (an existing `post` keeps a text it already has) and its
    photos (moved by the caller): the existing `post`, or a new one on `date`
    in `rubric`, written by the content plan's own services."""
    region = submission.branch.region
    if post is not None:
        return plan_services.post_note_material(
            post=post,
            user=user,
            region=region,
            title=submission.title,
            branch=submission.branch,
            text=submission.text,
        )
    if date is None or rubric is None:
        raise Refused(_("Choose the date and the rubric of the post, or an existing post."))
    plan = plan_services.plan_create(region=region, month=dates.first_day(date), user=user)
    return plan_services.post_create(
        plan=plan,
        user=user,
        data=plan_services.PostData(
            date=date,
            rubric=rubric,
            title=submission.title[:200],
            # The chair's text is what goes out; the brief is left for a note.
            text=submission.text,
            origin=PlannedPost.Origin.OWN,
            responsible=user,
            branch=submission.branch,
            # Where the rubric's posts of this region usually go.
            channels=tuple(plan_selectors.usual_channels(region=region, rubric=rubric)),
        ),
    )


@transaction.atomic
def submission_accept(
    *,
    submission: Submission,
    user: User,
    version: int | None,
    date: datetime.date | None = None,
    rubric: Rubric | None = None,
    post: PlannedPost | None = None,
    comment: str = "",
) -> Submission:
    """Accept a material into the plan: as a new planned post on `date` in
    `rubric`, or attached to an existing `post` of the region's plan. The
    photos follow it. The post is written by the content plan's own services."""
    current = _locked_submission(submission, version)
    if not workflow.may_move_submission(user, current, Sub.ACCEPTED):
        raise Refused(_("You may not take this step with this material now."))
    target = _accepted_into(current, user=user, date=date, rubric=rubric, post=post)
    current.post = target
    current.save(update_fields=["post"])
    current.photos.update(post=target)
    current = _decide(submission=current, user=user, version=None, to=Sub.ACCEPTED, comment=comment)
    with in_portal_language():
        _notify_author(
            current,
            key=f"submission-accepted:{current.pk}",
            title=_("Your material «%(title)s» is accepted into the plan")
            % {"title": current.title},
            body=_("Planned for %(date)s: «%(post)s».")
            % {"date": dates.format_day(target.date), "post": target.title},
        )
    return current


@transaction.atomic
def submission_return(
    *, submission: Submission, user: User, version: int | None, comment: str
) -> Submission:
    """Send a material back to its chair with advice; they change it and send it again."""
    comment = comment.strip()
    if not comment:
        raise Refused(_("Write a comment: say what should change."))
    current = _decide(
        submission=submission, user=user, version=version, to=Sub.RETURNED, comment=comment
    )
    event = current.events.order_by("-pk").first()
    with in_portal_language():
        _notify_author(
            current,
            key=f"submission-returned:{current.pk}:{event.pk}",
            title=_("Your material «%(title)s» is returned for changes") % {"title": current.title},
            body=comment,
        )
    return current


@transaction.atomic
def submission_reject(
    *, submission: Submission, user: User, version: int | None, reason: str
) -> Submission:
    reason = reason.strip()
    if not reason:
        raise Refused(_("Write the reason for the refusal."))
    current = _decide(
        submission=submission, user=user, version=version, to=Sub.REJECTED, comment=reason
    )
    with in_portal_language():
        _notify_author(
            current,
            key=f"submission-rejected:{current.pk}",
            title=_("Your material «%(title)s» is rejected") % {"title": current.title},
            body=reason,
        )
    return current


@transaction.atomic
def reminders_submissions_waiting(*, today: datetime.date) -> int:
    """Materials waiting more than three days for a decision remind the region's
    press secretaries, once per material."""
    tz = timezone.get_current_timezone()
    limit = datetime.datetime.combine(
        today - datetime.timedelta(days=WAITING_DAYS), datetime.time.max, tzinfo=tz
    )
    waiting = list(
        Submission.objects.filter(status__in=(Sub.NEW, Sub.IN_REVIEW), sent_at__lt=limit)
        .select_related("branch")
        .order_by("sent_at", "pk")
    )
    press = press_by_region(submission.branch.region_id for submission in waiting)
    sent = 0
    with in_portal_language():
        for submission in waiting:
            sent += len(
                notify(
                    users=press.get(submission.branch.region_id, []),
                    key=f"submission-waiting:{submission.pk}",
                    title=_("Material «%(title)s» from %(branch)s waits for review since %(date)s")
                    % {
                        "title": submission.title,
                        "branch": submission.branch.name,
                        "date": dates.format_day(timezone.localtime(submission.sent_at).date()),
                    },
                    body=_("Accept it, return it with advice, or reject it."),
                    url=submission.get_absolute_url(),
                )
            )
    return sent


@transaction.atomic
def reminders_branches_silent(*, today: datetime.date) -> int:
    """From the 20th, the chairs of a branch that sent nothing this month are
    reminded, once per branch and month."""
    if today.day < SILENT_BRANCH_DAY:
        return 0
    start, _end = dates.month_bounds(today)
    active = SubmissionEvent.objects.filter(to_status=Sub.NEW, at__gte=start).values(
        "submission__branch_id"
    )
    chairs = User.objects.filter(role=User.Role.CHAIR, is_active=True).exclude(branch__in=active)
    create_url = reverse("submissions:create")
    sent = 0
    with in_portal_language():
        for chair in chairs:
            sent += len(
                notify(
                    users=[chair],
                    key=f"branch-silent:{chair.branch_id}:{today:%Y-%m}",
                    title=_("Your branch has sent no material in %(month)s yet")
                    % {"month": dates.month_words(today)},
                    body=_(
                        "The regional page lives on stories from the branches: send one "
                        "about a recent event, with photos."
                    ),
                    url=create_url,
                )
            )
    return sent


def reminders_submissions(*, today: datetime.date) -> dict[str, int]:
    """Everything the daily submissions task does, for the management command."""
    return {
        "waiting": reminders_submissions_waiting(today=today),
        "silent": reminders_branches_silent(today=today),
    }
