"""Putting a changed text on the network (Telegram, Facebook; Instagram's
caption is changed by hand).

Like a deletion, durable: the wish is recorded on the publication in the
caller's transaction, a task asked for by name once it commits makes the
call, and the minute's run picks up whatever the task did not finish.
Editing twice is harmless (the same text counts as edited), and a claim
keeps two runs from calling at the same time.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import networks
from contentplan import permissions as plan_permissions
from contentplan.models import PlannedPost
from networks import Limits
from networks.errors import NetworkError
from portal.exceptions import Refused
from portal.models import User
from portal.services import notify

from .. import engine
from ..engine import STALE_AFTER, ask, network_of
from ..models import EDITABLE, Publication, PublicationText, PublicationVariant, said
from ..workflow import By, move
from .changes import _note
from .outgoing import _marked, _page, _text_of, _token
from .shared import _press_of, _published_for_change

S = Publication.State
E = Publication.Edit


EDIT_TASK = "publishing.tasks.publication_edit_task"


# Every mark but an edit under way (which finishes and goes again).
_NOT_EDITING = [E.NONE, E.WAITING, E.FAILED, E.MANUAL]


def _edits_request(post: PlannedPost, codes: list[str], now: datetime.datetime) -> None:
    """The text of these networks changed: their sent copies are to be edited
    (Telegram, Facebook), or changed by hand (Instagram)."""
    # A publication being sent may have read the older text: edited once sent.
    sent = Publication.objects.filter(post=post).filter(
        Q(state=S.SENT) & ~Q(network_id="") | Q(state=S.SENDING)
    )
    editable = sent.filter(channel__code__in=[code for code in codes if code in EDITABLE])
    # An edit under way finishes and, seeing a newer text wanted, goes again.
    _note(editable.filter(edit_state=E.EDITING), edit_wanted=F("edit_wanted") + 1)
    ids = list(editable.filter(edit_state__in=_NOT_EDITING).values_list("pk", flat=True))
    move(
        Publication.objects.filter(pk__in=ids),
        axis="edit_state",
        start=_NOT_EDITING,
        to=E.WAITING,
        by=By.PERSON,
        write=_note,
        edit_wanted=F("edit_wanted") + 1,
        edit_attempts=0,
        edit_first_tried_at=None,
        edit_next_at=now,
        edit_error_code="",
        edit_error_params={},
        updated_at=now,
    )
    for publication_id in ids:
        ask(EDIT_TASK, publication_id)
    # A network that lets the portal change nothing (Instagram): by hand.
    by_hand = [code for code in codes if code in networks.publishing() and code not in EDITABLE]
    if by_hand:
        move(
            sent.filter(channel__code__in=by_hand),
            axis="edit_state",
            start=_NOT_EDITING,
            to=E.MANUAL,
            by=By.PERSON,
            write=_note,
            updated_at=now,
        )


def _variants_save(text: PublicationText, words: Mapping[str, str]) -> None:
    """A row for each network given its own words; none for a network without."""
    for code in networks.publishing():
        body = words.get(code, "")
        if body.strip():
            PublicationVariant.objects.update_or_create(
                text=text, network=code, defaults={"body": body.strip()}
            )
        else:
            PublicationVariant.objects.filter(text=text, network=code).delete()


@transaction.atomic
def text_save(
    *,
    post: PlannedPost,
    user: User,
    text: str,
    variants: Mapping[str, str] | None = None,
    image: str = PublicationText.Image.AUTO,
) -> PublicationText:
    """Save the publication text, and each network's own words (`variants`, by
    the network's code; a network left out or given "" has none); where a
    network's text changed and the post is already there, the copy is edited
    on the network (after the commit)."""
    if not plan_permissions.may_edit_post(user, post):
        raise Refused(_("Only the region's press secretary changes its plan."))
    if image not in PublicationText.Image.values:
        raise Refused(_("Choose the image from the list."))
    before = PublicationText.objects.select_for_update().filter(post=post).first()
    was = {code: before.for_network(code) if before else "" for code in networks.publishing()}
    saved, _created = PublicationText.objects.update_or_create(
        post=post,
        defaults={"text": text.strip(), "image": image, "updated_by": user},
    )
    _variants_save(saved, variants or {})
    changed = [code for code in networks.publishing() if saved.for_network(code) != was[code]]
    if changed:
        _edits_request(post, changed, timezone.now())
    return saved


def text_from_post_form(*, post: PlannedPost, user: User, text: str) -> None:
    """The text written in the post's own form (`contentplan.texts`): it becomes
    the common text; each network's own version and the image stay as they are.
    Inside the transaction that saves the post."""
    current = PublicationText.objects.filter(post=post).prefetch_related("variants").first()
    if current is None and not text.strip():
        return
    if current is not None and current.text == text.strip():
        return
    text_save(
        post=post,
        user=user,
        text=text,
        variants={code: current.variant(code) for code in networks.publishing()} if current else {},
        image=current.image if current else PublicationText.Image.AUTO,
    )


def publication_update_text(*, publication: Publication, user: User) -> Publication:
    """«Повторить» of an edit that failed (or put the saved text on the network
    once more): the edit is made by a task, as after a save."""
    with transaction.atomic():
        current = _published_for_change(publication, user)
        if current.edit_state == E.EDITING:
            raise Refused(_("The text is being updated on the network right now."))
        _edits_request(current.post, [current.channel.code], timezone.now())
    current.refresh_from_db()
    return current


def _edit_call(publication: Publication, limits: Limits | None) -> None:
    text, choice = _text_of(publication)
    if publication.connection is None:
        raise NetworkError("not_connected")
    if not text:
        raise NetworkError("no_text")
    # A message with a photo takes a shorter caption: the network refuses a
    # text over its limit before any call.
    network_of(publication.channel.code).edit(
        token=_token(publication.connection),
        page=_page(publication.connection),
        post_id=publication.network_id,
        text=_marked(publication, text),
        with_media=choice != PublicationText.Image.NONE,
        limits=limits,
    )


def edit_attempt(
    *,
    publication_id: int,
    now: datetime.datetime | None = None,
    limits: Limits | None = None,
) -> str:
    """Put the saved text on the network; returns the edit's state afterwards,
    or "" when it was not due (another run has it, or nothing is to be done),
    or HELD."""
    return engine.attempt(EDIT, publication_id=publication_id, now=now, limits=limits)


def _edited(publication: Publication, result, now) -> str:
    with transaction.atomic():
        done = move(
            Publication.objects.filter(pk=publication.pk, edit_wanted=publication.edit_wanted),
            axis="edit_state",
            start=E.EDITING,
            to=E.NONE,
            by=By.WORKER,
            write=_note,
            edited_at=now,
            edit_next_at=None,
            edit_error_code="",
            edit_error_params={},
            updated_at=now,
        )
        if not done:
            _edit_again(publication, now, edited_at=now)
            return E.WAITING
    return "edited"


def _edit_again(publication: Publication, now, **fields) -> None:
    """The text was saved again during the call: the newer one goes next."""
    changed = move(
        Publication.objects.filter(pk=publication.pk),
        axis="edit_state",
        start=E.EDITING,
        to=E.WAITING,
        by=By.WORKER,
        write=_note,
        edit_attempts=0,
        edit_first_tried_at=None,
        edit_next_at=now,
        updated_at=now,
        **fields,
    )
    if changed:
        ask(EDIT_TASK, publication.pk)


def _edit_lost(publication: Publication, now) -> str:
    """The failure was of an older text: the newer one goes next."""
    _edit_again(publication, now)
    return E.WAITING


def _tell_not_edited(publication: Publication, state: str, error: NetworkError) -> None:
    post = publication.post
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The text of «%(title)s» was not updated on %(channel)s") % {
            "title": post.title,
            "channel": publication.channel.name,
        }
        notify(
            users=_press_of(post.plan.region_id),
            key=f"publication-edit-failed:{publication.pk}:{publication.edit_wanted}",
            title=title,
            body=said(error.code, error.params),
            url=post.get_absolute_url(),
        )


def edits_due(*, now: datetime.datetime, limits: Limits | None = None) -> dict[str, int]:
    # An edit whose worker died: due again (editing twice is harmless).
    move(
        Publication.objects.filter(edit_claimed_at__lt=now - STALE_AFTER),
        axis="edit_state",
        start=E.EDITING,
        to=E.WAITING,
        by=By.WORKER,
        write=_note,
        edit_next_at=now,
        updated_at=now,
    )
    # A mark on a publication that did not go out after all, or left: nothing to edit.
    move(
        Publication.objects.exclude(state__in=[S.SENT, S.SENDING]),
        axis="edit_state",
        start=[E.WAITING, E.EDITING],
        to=E.NONE,
        by=By.WORKER,
        write=_note,
        edit_next_at=None,
        updated_at=now,
    )
    return engine.sweep(EDIT, now=now, limits=limits)


EDIT = engine.Kind(
    name="edit",
    axis="edit_state",
    due=E.WAITING,
    busy=E.EDITING,
    gave_up=E.FAILED,
    columns=engine.EDITS,
    write=_note,
    call=_edit_call,
    succeed=_edited,
    tell=_tell_not_edited,
    done="edited",
    prefix="edit_",
    scope={"state": S.SENT},
    settled=("not_modified",),
    task=EDIT_TASK,
    # The text the edit took is still the latest.
    holds=lambda publication: {"edit_wanted": publication.edit_wanted},
    lost=_edit_lost,
    told=(E.FAILED,),
)
