"""Deleting a publication from its network (Telegram, Facebook).

Like an edit, durable: the wish is recorded on the publication in the
caller's transaction, a task asked for by name once it commits makes the
call, and the minute's run (`publish_due`) picks up whatever the task did
not finish (the broker was down, the worker died). Deleting twice is
harmless on the network (a message already gone counts as deleted), and a
claim keeps two runs from calling at the same time.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contentplan import signals as plan_signals
from contentplan.models import PlannedPost
from networks import Limits
from networks.errors import NetworkError
from portal.exceptions import Refused
from portal.models import User
from portal.services import notify

from .. import engine
from ..engine import ask, network_of
from ..models import EDITABLE, Publication, said
from ..workflow import By, move
from .changes import _set
from .outgoing import _page, _token
from .shared import _press_of, _published_for_change, _region_and_title

log = logging.getLogger(__name__)
S = Publication.State


DELETE_TASK = "publishing.tasks.publication_delete_task"


def _deletions_request(rows, now: datetime.datetime) -> list[int]:
    """Mark the publications «being deleted» (with their post's region and title,
    which they keep if the post goes); the task is sent after the commit."""
    ids = []
    for publication in rows.select_related("post__plan"):
        changed = move(
            Publication.objects.filter(pk=publication.pk),
            start=[S.SENT, S.KEPT],
            to=S.DELETING,
            by=By.PERSON,
            write=_set,
            region_id=publication.post.plan.region_id,
            title=publication.post.title[:300],
            attempts=0,
            first_tried_at=None,
            claimed_at=None,
            next_attempt_at=now,
            error_code="",
            error_params={},
            updated_at=now,
        )
        if changed:
            ids.append(publication.pk)
            ask(DELETE_TASK, publication.pk)
    return ids


def _deletable(rows):
    return (
        rows.filter(state__in=[S.SENT, S.KEPT], channel__code__in=EDITABLE)
        .exclude(network_id="")
        .exclude(connection=None)
    )


def posts_leaving(*, post_ids: list[int], user: User, from_networks: bool) -> None:
    """Registered with `contentplan.copies`: the posts are being deleted from the
    plan (inside its transaction). Their copies on Telegram and Facebook are
    marked for deletion if the user asked for it; those publications, and any
    already being deleted, outlive the post; the rest go with it."""
    now = timezone.now()
    rows = Publication.objects.filter(post__in=post_ids)
    # Held until the deletion commits: no run claims one of them meanwhile (a
    # claim waits, then finds it gone), and none is being sent right now.
    held = list(rows.select_for_update().values_list("post_id", "state"))
    sending = [post_id for post_id, state in held if state == S.SENDING]
    if sending:
        title = PlannedPost.objects.filter(pk=sending[0]).values_list("title", flat=True).first()
        raise Refused(
            _("«%(title)s» is being published right now: delete it in a minute, once it is out.")
            % {"title": title or ""}
        )
    if from_networks:
        _deletions_request(_deletable(rows), now)
    rows.exclude(state=S.DELETING).delete()


def publication_delete(*, publication: Publication, user: User) -> Publication:
    """«Удалить из сети» (Telegram, Facebook): the publication becomes «being
    deleted», a task deletes it, then it is «deleted from the network» and no
    longer counts as published there."""
    with transaction.atomic():
        current = _published_for_change(publication, user)
        _deletions_request(Publication.objects.filter(pk=current.pk), timezone.now())
    current.refresh_from_db()
    return current


def _delete_call(publication: Publication, limits: Limits | None) -> None:
    if publication.connection is None:
        raise NetworkError("not_connected")
    network_of(publication.channel.code).delete(
        token=_token(publication.connection),
        page=_page(publication.connection),
        post_id=publication.network_id,
        album=publication.album,
        limits=limits,
    )


def _deleted(publication: Publication, result, now) -> str:
    with transaction.atomic():
        move(
            Publication.objects.filter(pk=publication.pk),
            start=S.DELETING,
            to=S.DELETED,
            by=By.WORKER,
            write=_set,
            next_attempt_at=None,
            error_code="",
            error_params={},
            updated_at=now,
        )
        log.info("publication %s deleted from the network", publication.pk)
        if publication.post_id is not None:
            plan = publication.post.plan
            plan_signals.posts_updated.send(
                sender=PlannedPost, region_id=plan.region_id, month=plan.month
            )
    return S.DELETED


def deletion_attempt(
    *,
    publication_id: int,
    now: datetime.datetime | None = None,
    limits: Limits | None = None,
) -> str:
    """Delete the publication from its network; returns its state afterwards,
    or "" when it was not due (another run has it, or it is done), or HELD."""
    return engine.attempt(DELETE, publication_id=publication_id, now=now, limits=limits)


def _tell_not_deleted(publication: Publication, state: str, error: NetworkError) -> None:
    region_id, title = _region_and_title(publication)
    started = publication.first_tried_at or publication.claimed_at
    key = f"publication-kept:{publication.pk}:{int(started.timestamp()) if started else 0}"
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("«%(title)s» was not deleted from %(channel)s") % {
            "title": title,
            "channel": publication.channel.name,
        }
        body = said(error.code, error.params)
        if publication.permalink:
            body += " " + _("Delete it by hand: %(url)s") % {"url": publication.permalink}
        # A notification's link is the portal's own: a post gone from the plan has none
        # (the network's address is in the words).
        url = publication.post.get_absolute_url() if publication.post_id else ""
        notify(users=_press_of(region_id), key=key, title=subject, body=body, url=url)


def deletions_due(*, now: datetime.datetime, limits: Limits | None = None) -> dict[str, int]:
    return engine.sweep(DELETE, now=now, limits=limits)


DELETE = engine.Kind(
    name="delete",
    axis="state",
    due=S.DELETING,
    busy=S.DELETING,
    gave_up=S.KEPT,
    columns=engine.SHARED,
    write=_set,
    call=_delete_call,
    succeed=_deleted,
    tell=_tell_not_deleted,
    done=S.DELETED,
    prefix="delete_",
    settled=("not_found",),  # already gone: as good as deleted
    task=DELETE_TASK,
    told=(S.KEPT,),
)
