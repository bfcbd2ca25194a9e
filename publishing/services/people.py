"""What a press secretary does to a publication that did not go out:
«Повторить» a failure, or settle an «unknown» one."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contentplan import services as plan_services
from networks.base import Published
from portal.exceptions import Refused
from portal.infrastructure.broker import send_after_commit
from portal.models import User

from ..models import Publication
from ..workflow import By, move
from . import publish
from .changes import _set
from .deleting import _deletions_request
from .shared import _editable

S = Publication.State


def _new_round(now: datetime.datetime) -> dict:
    """The fields of a publication tried again as a new round (a new marker, no
    claim, no container, no error), due now; if an earlier round may have
    published, the page is asked for it (by any round's marker) first."""
    return {
        "round": F("round") + 1,
        "attempts": 0,
        "first_tried_at": None,
        "claimed_at": None,
        "container_id": "",
        # `check_first` stays: a round that may have published is looked for.
        "error_code": "",
        "error_params": {},
        "next_attempt_at": now,
        "updated_at": now,
    }


def _resume(publication: Publication, user: User) -> None:
    """A post the morning marked missed while its publication failed or was in
    doubt is approved again: the person asked for it to go out now."""
    if publication.post_id is not None:
        plan_services.post_resumed_for_network(post_id=publication.post_id, user=user)


@transaction.atomic
def publication_retry(*, publication: Publication, user: User) -> Publication:
    """«Повторить»: a failed publication is tried again now, as a new round; a
    refused deletion is asked for again."""
    _editable(publication, user)
    now = timezone.now()
    if Publication.objects.filter(pk=publication.pk, state=S.KEPT).exists():
        _deletions_request(Publication.objects.filter(pk=publication.pk), now)
        publication.refresh_from_db()
        return publication
    changed = move(
        Publication.objects.filter(pk=publication.pk),
        start=S.FAILED,
        to=S.WAITING,
        by=By.PERSON,
        write=_set,
        **_new_round(now),
    )
    if not changed:
        raise Refused(_("This publication is not failed (any more): nothing to repeat."))
    _resume(publication, user)
    send_after_commit("publishing.tasks.publish_due_task")
    publication.refresh_from_db()
    return publication


@transaction.atomic
def publication_confirm(
    *, publication: Publication, user: User, published: bool, url: str = ""
) -> Publication:
    """An «unknown» publication, settled by the press secretary who looked."""
    _editable(publication, user)
    now = timezone.now()
    url = url.strip()
    if published:
        if not url.startswith("https://"):
            raise Refused(_("Give the post's address on the network (https://…)."))
        locked = (
            Publication.objects.select_for_update(of=("self",))
            .filter(pk=publication.pk)
            .order_by("pk")
            .first()
        )
        if locked is None or locked.state != S.UNKNOWN:
            raise Refused(_("This publication is no longer unknown."))
        publish._record_sent(locked, Published("", url), now, by_hand=True)
    else:
        # The person looked and it is not there: the new round posts without
        # looking again (a look that could not finish would only ask again).
        changed = move(
            Publication.objects.filter(pk=publication.pk),
            start=S.UNKNOWN,
            to=S.WAITING,
            by=By.PERSON,
            write=_set,
            **_new_round(now),
            check_first=False,
        )
        if not changed:
            raise Refused(_("This publication is no longer unknown."))
        _resume(publication, user)
        send_after_commit("publishing.tasks.publish_due_task")
    publication.refresh_from_db()
    return publication
