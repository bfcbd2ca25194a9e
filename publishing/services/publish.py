"""Publishing approved posts: one function per kind of write.

Exactly once. A publication (post × channel) is created «waiting» when its
post is due; a run claims it with a conditional UPDATE (waiting → sending),
committed before the network is called, so two workers, two beats or a task
run twice never both call. The answer is recorded (sent with the network's id
and address, or failed, or waiting again with back-off). A publication left
«sending» (its worker died between the call and the record) is reconciled by
the next run: Facebook and Instagram are asked for the page's posts since its
first try, page after page, and the marker in them (a look that cannot
finish makes it «unknown»); Telegram cannot be asked, so the publication
becomes «unknown» and the press secretary confirms it, rather than risk a
second post.

Retries: rate limits, 5xx, time-outs, broken connections and unreachable
networks are tried again from one minute on, twice as long each time, for
`PUBLISHING_RETRY_SECONDS` (an hour); a refusal fails at once. Either way the
region's press secretaries are told once per round, and «Повторить» starts a
new round. A failure after which the post may be out all the same (a 5xx, a
time-out, a connection broken after the request, an answer that cannot be
read) makes every later try look for it first (Facebook, Instagram: by the
markers of every round), even when a look fails; on Telegram, which cannot
be asked, it makes the publication «unknown» at once.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contentplan import services as plan_services
from contentplan import signals as plan_signals
from contentplan.models import MonthlyPlan, PlannedPost
from networks import Limits
from networks.base import Operation, Published
from networks.errors import NetworkError
from portal.services import notify

from .. import engine
from ..engine import STALE_AFTER, network_of
from ..models import Publication
from ..workflow import By, move
from .changes import _set
from .due import planned_moment
from .outgoing import _publish_call
from .shared import _press_of

log = logging.getLogger(__name__)
S = Publication.State


def _ready(publication_id: int, now: datetime.datetime) -> bool:
    """Whether the post may still go out now: it may have been moved, sent back
    to work or its plan reopened."""
    planned = (
        PlannedPost.objects.filter(
            publications=publication_id,
            status=PlannedPost.Status.APPROVED,
            plan__status=MonthlyPlan.Status.APPROVED,
        )
        .only("date", "time")
        .first()
    )
    return planned is not None and planned_moment(planned) <= now


def _claim(publication_id: int, now: datetime.datetime) -> bool:
    """waiting → sending, only for one caller, committed before any call."""
    return engine.claim(PUBLISH, publication_id, now)


def publication_attempt(
    *,
    publication_id: int,
    now: datetime.datetime | None = None,
    limits: Limits | None = None,
) -> str:
    """Claim the publication and publish it; returns its state afterwards, or
    "" when another run had it (or it was not due), or HELD when a limit of
    the run (`limits`) holds its network."""
    return engine.attempt(PUBLISH, publication_id=publication_id, now=now, limits=limits)


# A call's answer is recorded whatever the run of a dead worker made of its
# claim meanwhile (looked for again, or «unknown»): the post is out.
_SENT_FROM = [S.SENDING, S.WAITING, S.UNKNOWN, S.FAILED]


def _record_sent(publication: Publication, result: Published, now, *, by_hand=False):
    with transaction.atomic():
        move(
            Publication.objects.filter(pk=publication.pk),
            start=[S.UNKNOWN] if by_hand else _SENT_FROM,
            to=S.SENT,
            by=By.PERSON if by_hand else By.WORKER,
            write=_set,
            network_id=result.network_id[:128],
            permalink=result.permalink[:500],
            album=list(result.more),
            sent_at=now,
            error_code="",
            error_params={},
            check_first=False,
            by_hand=by_hand,
            next_attempt_at=None,
            updated_at=now,
        )
        log.info("publication %s sent", publication.pk)
        _after_sent(publication.post)


def _after_sent(post: PlannedPost) -> None:
    """Every connected network has the post: it is published, with the address
    of the first network (in the channels' order)."""
    states = list(
        Publication.objects.filter(post=post.pk)
        .order_by("channel__position", "pk")
        .values_list("state", "permalink")
    )
    if states and all(state == S.SENT for state, _link in states):
        url = next((link for _state, link in states if link), "")
        if plan_services.post_published_by_network(post_id=post.pk, url=url):
            return
    # The channels' counts changed even if the post did not.
    plan_signals.posts_updated.send(
        sender=PlannedPost, region_id=post.plan.region_id, month=post.plan.month
    )


def _judge(publication: Publication, error: NetworkError, fields: dict) -> str | None:
    """«Unknown», before the common rule, when the post may be out and the
    network cannot be asked."""
    askable = network_of(publication.channel.code).supports(Operation.FIND)
    # Once a call of this round may have published, every later try of the
    # round (and of a round «Повторить» starts) looks for it first, even if
    # the look itself fails.
    fields["check_first"] = publication.check_first or (error.ambiguous and askable)
    if (error.ambiguous and not askable) or error.code == "unknown_outcome":
        # Telegram may have posted (a time-out, a broken connection, a 5xx, an
        # answer that cannot be read) and cannot be asked; or the look for the
        # post on a page could not finish (too long a list, a broken answer):
        # a person confirms.
        fields["error_code"], fields["error_params"] = "unknown_outcome", {}
        return S.UNKNOWN
    return None


def _record_failure(publication: Publication, error: NetworkError, now) -> str:
    return engine.failed(PUBLISH, publication, error, now)


def _sent(publication: Publication, result: Published, now) -> str:
    _record_sent(publication, result, now)  # looked up now: tests stop a worker here
    return S.SENT


def _told(publication: Publication, state: str, error: NetworkError) -> None:
    publication.state = state
    _tell(publication)


def _tell(publication: Publication) -> None:
    """The region's press secretaries, once per publication and round."""
    post = publication.post
    people = _press_of(post.plan.region_id)
    with translation.override(settings.LANGUAGE_CODE):
        if publication.state == S.UNKNOWN:
            title = _("Did «%(title)s» go out to %(channel)s? Please check") % {
                "title": post.title,
                "channel": publication.channel.name,
            }
            key = f"publication-unknown:{publication.pk}:{publication.round}"
        else:
            title = _("«%(title)s» did not go out to %(channel)s") % {
                "title": post.title,
                "channel": publication.channel.name,
            }
            key = f"publication-failed:{publication.pk}:{publication.round}"
        current = Publication.objects.get(pk=publication.pk)
        notify(
            users=people, key=key, title=title, body=current.last_error, url=post.get_absolute_url()
        )


def reconcile(*, now: datetime.datetime) -> dict[str, int]:
    """Publications whose worker died mid-call: asked again (Facebook, Instagram)
    or «unknown» (Telegram)."""
    # Claims carry the clock's time: a claim is old by real minutes, whatever
    # moment this run was told.
    stale = list(
        Publication.objects.filter(state=S.SENDING, claimed_at__lt=timezone.now() - STALE_AFTER)
        .select_related("post__plan", "channel")
        .order_by("pk")
    )
    result = {"to_check": 0, "unknown": 0}
    for publication in stale:
        if not network_of(publication.channel.code).supports(Operation.FIND):
            with transaction.atomic():
                changed = move(
                    Publication.objects.filter(pk=publication.pk),
                    start=S.SENDING,
                    to=S.UNKNOWN,
                    by=By.WORKER,
                    write=_set,
                    error_code="unknown_outcome",
                    error_params={},
                    updated_at=now,
                )
                if changed:
                    publication.state = S.UNKNOWN
                    _tell(publication)
                    result["unknown"] += 1
        else:
            changed = move(
                Publication.objects.filter(pk=publication.pk),
                start=S.SENDING,
                to=S.WAITING,
                by=By.WORKER,
                write=_set,
                check_first=True,
                next_attempt_at=now,
                updated_at=now,
            )
            result["to_check"] += changed
    return result


PUBLISH = engine.Kind(
    name="publish",
    axis="state",
    due=S.WAITING,
    busy=S.SENDING,
    gave_up=S.FAILED,
    columns=engine.SHARED,
    write=_set,
    call=_publish_call,
    succeed=_sent,
    tell=_told,
    done=S.SENT,
    clock=True,
    ready=_ready,
    judge=_judge,
    told=(S.FAILED, S.UNKNOWN),
)
