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
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import networks
from brand import cards
from brand import selectors as brand_selectors
from channels import crypto
from channels.models import Connection
from contentplan import permissions as plan_permissions
from contentplan import services as plan_services
from contentplan import signals as plan_signals
from contentplan.models import MonthlyPlan, PlannedPost
from materials.models import SubmissionPhoto
from networks import Limits
from networks.base import Network, Operation, Page, Published
from networks.errors import NetworkError
from portal import freshness
from portal.broker import send_after_commit, send_now
from portal.exceptions import Refused
from portal.models import User
from portal.selectors import press_of
from portal.services import notify

from . import media, texts
from .models import EDITABLE, NETWORKS, Publication, PublicationText, said

log = logging.getLogger(__name__)
S = Publication.State
# A claim older than this has lost its worker (a call takes seconds).
STALE_AFTER = datetime.timedelta(minutes=10)
# Posts of the day before are still published if they were due and missed.
LATE_DAYS = 1
# The look for a post reads the page back to this long before the earliest
# moment it could have gone out (clocks differ a little, ours and the network's).
LOOK_MARGIN = datetime.timedelta(minutes=10)


# --- When a post is due -------------------------------------------------------------


def planned_moment(post: PlannedPost) -> datetime.datetime:
    """The post's minute in the portal's time zone (Asia/Almaty); a post
    without a time goes out at `PUBLISHING_DEFAULT_HOUR`."""
    at = post.time or datetime.time(settings.PUBLISHING_DEFAULT_HOUR)
    return timezone.make_aware(datetime.datetime.combine(post.date, at))


def connection_for(*, region_id: int, channel_code: str) -> Connection | None:
    """The region's own official page on the channel's network, if connected."""
    platform = NETWORKS.get(channel_code)
    if platform is None:
        return None
    return (
        Connection.objects.filter(
            page__region=region_id,
            page__branch=None,
            page__official=True,
            page__platform=platform,
        )
        .exclude(page__lifecycle="closed")
        .select_related("page")
        .order_by("pk")
        .first()
    )


def _due_posts(now: datetime.datetime):
    today = timezone.localdate(now)
    return (
        PlannedPost.objects.filter(
            status=PlannedPost.Status.APPROVED,
            plan__status=MonthlyPlan.Status.APPROVED,
            date__gte=today - datetime.timedelta(days=LATE_DAYS),
            date__lte=today,
            channels__code__in=NETWORKS,
        )
        .distinct()
        .select_related("plan")
        .prefetch_related("channels")
        .order_by("date", "time", "pk")
    )


def publications_create(*, now: datetime.datetime) -> int:
    """A «waiting» publication for each connected network of every due post;
    returns how many this run inserted (another run at the same time may
    have inserted some of them)."""
    rows = []
    pages: dict[tuple[int, str], Connection | None] = {}
    for post in _due_posts(now):
        if planned_moment(post) > now:
            continue
        for channel in post.channels.all():
            if channel.code not in NETWORKS:
                continue
            key = (post.plan.region_id, channel.code)
            if key not in pages:
                pages[key] = connection_for(region_id=key[0], channel_code=key[1])
            if pages[key] is None:
                continue  # not connected: published by hand, as before
            rows.append(
                Publication(post=post, channel=channel, connection=pages[key], next_attempt_at=now)
            )
    # Only the new ones: a post whose publication exists already is not created anew.
    existing = set(
        Publication.objects.filter(post__in={row.post_id for row in rows}).values_list(
            "post_id", "channel_id"
        )
    )
    created = 0
    for row in rows:
        if (row.post_id, row.channel_id) in existing:
            continue
        # One at a time, so the count is of rows inserted: another run may have
        # inserted the same one since (bulk_create with ignore_conflicts tells
        # not which rows it skipped).
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue
        created += 1
    if created:
        freshness.changed()
    return created


def _set(rows, **fields) -> int:
    """UPDATE the publications; pages that cache what they show (the
    dashboards count sent publications, the calendar draws their states)
    learn of it once the transaction commits."""
    changed = rows.update(**fields)
    if changed:
        freshness.changed()
    return changed


def _note(rows, **fields) -> int:
    """UPDATE fields no cached page shows (an edit's bookkeeping, Instagram's
    container): only the post's panel, drawn on every request, reads them, so
    the cached boards and dashboards of every region are left as they are."""
    return rows.update(**fields)


# --- One attempt --------------------------------------------------------------------


def _claim(publication_id: int, now: datetime.datetime) -> bool:
    """waiting → sending, only for one caller, committed before any call.

    The UPDATE's condition names only the publication's own columns: a
    condition through a join would become a subquery, which PostgreSQL does
    not check again after waiting for another claim's lock (both would win).
    """
    # The post may have been moved, sent back to work or its plan reopened.
    planned = (
        PlannedPost.objects.filter(
            publications=publication_id,
            status=PlannedPost.Status.APPROVED,
            plan__status=MonthlyPlan.Status.APPROVED,
        )
        .only("date", "time")
        .first()
    )
    if planned is None or planned_moment(planned) > now:
        return False
    with transaction.atomic():
        return (
            _set(
                Publication.objects.filter(
                    pk=publication_id, state=S.WAITING, next_attempt_at__lte=now
                ),
                state=S.SENDING,
                # The clock's time, not the run's `now` (a run by hand may be
                # told another moment): whether a claim's worker is alive is
                # a question of real minutes.
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
                first_tried_at=Coalesce("first_tried_at", now),
                updated_at=now,
            )
            == 1
        )


def image_names(post: PlannedPost, *, channel_code: str, choice: str) -> tuple[list[str], int]:
    """Storage names of the images that go with the post on this network, and how
    many of them are own photos (the card counts as none)."""
    if choice == PublicationText.Image.NONE:
        return [], 0
    if choice == PublicationText.Image.AUTO:
        photos = list(
            SubmissionPhoto.objects.filter(post=post)
            .order_by("submission_id", "position", "pk")
            .values_list("image", flat=True)
        )
        if photos:
            return photos, len(photos)
    size = "facebook" if channel_code == "facebook" else "square"
    card = cards.card_file(
        post_id=post.pk,
        content=brand_selectors.card_content(post=post),
        kit=brand_selectors.kit_for(region_id=post.plan.region_id),
        size=size,
    )
    return [card.name], 0


def _token(connection: Connection) -> str:
    if connection.status == Connection.Status.EXPIRED:
        raise NetworkError("token_expired")
    try:
        return crypto.decrypt(connection.secret).reveal() if connection.secret else ""
    except (crypto.SecretUnreadable, crypto.KeyMissing):
        raise NetworkError("bad_key") from None


def _key(publication: Publication) -> int:
    return texts.marker_key(publication.pk, publication.round)


def _text_of(publication: Publication) -> tuple[str, str]:
    """The network's text, and the image choice."""
    text = PublicationText.objects.filter(post=publication.post_id).first()
    if text is None:
        return "", PublicationText.Image.AUTO
    return text.for_network(publication.channel.code), text.image


def _keys(publication: Publication) -> set[int]:
    """The markers of every round so far: a post that went out in an earlier
    round («Повторить» after a failure that may have published) is found too."""
    return {texts.marker_key(publication.pk, n) for n in range(1, publication.round + 1)}


def network_of(channel_code: str) -> Network:
    """The network a channel of the plan goes out to."""
    return networks.get(NETWORKS[channel_code])


def _page(connection: Connection) -> Page:
    return Page(account=connection.account, external_id=connection.external_id)


def _ours(publication: Publication, text: str, since: datetime.datetime):
    """Whether a post on the page is this publication's: by the marker of any
    round, or by its very text since `since`."""
    keys, wanted = _keys(publication), texts.plain(text)

    def match(written: str, at: datetime.datetime | None) -> bool:
        if texts.marker_number(written) in keys:
            return True
        return bool(wanted) and texts.plain(written) == wanted and at is not None and at >= since

    return match


def _look_for(
    publication: Publication, text: str, limits: Limits | None = None
) -> Published | None:
    """Our post on the page, if the network can be asked (Facebook, Instagram)."""
    network = network_of(publication.channel.code)
    if not network.supports(Operation.FIND):
        return None
    started = publication.first_tried_at or publication.claimed_at or timezone.now()
    since = started - datetime.timedelta(minutes=2)
    # Read back past every round's first call: none came before the row was
    # created (the clock's time), nor before this round's first try (the
    # run's moment, which a run by hand may set earlier).
    back_to = min(filter(None, [publication.created_at, started])) - LOOK_MARGIN
    return network.find(
        token=_token(publication.connection),
        page=_page(publication.connection),
        back_to=back_to,
        match=_ours(publication, text, since),
        limits=limits,
    )


@dataclass
class Outgoing:
    """What a publication sends: the page's token and the images' addresses."""

    token: str
    addresses: list[str]


def _prepare(publication: Publication, text: str, choice: str) -> Outgoing:
    """Everything the call needs, made before it: a failure here (no text, the
    card not drawn) means nothing went to the network."""
    connection, code = publication.connection, publication.channel.code
    if connection is None:
        raise NetworkError("not_connected")
    if not text:
        raise NetworkError("no_text")
    token = _token(connection)
    names, photos = image_names(publication.post, channel_code=code, choice=choice)
    if code == "instagram" and photos:
        names = [media.instagram_square(names[0], post_id=publication.post_id)]
    return Outgoing(token, [media.address(name) for name in names])


def _marked(publication: Publication, text: str) -> str:
    """The text as it goes out: with the invisible marker where the network can
    be asked for the page's posts (so the next run finds it there)."""
    if network_of(publication.channel.code).supports(Operation.FIND):
        return text + texts.marker(_key(publication))
    return text


def _call_network(
    publication: Publication, text: str, outgoing: Outgoing, limits: Limits | None = None
) -> Published:
    def keep(container: str) -> None:
        # Instagram's container, kept before it is published: a retry
        # publishes the same one rather than make a second.
        _note(Publication.objects.filter(pk=publication.pk), container_id=container)
        publication.container_id = container

    return network_of(publication.channel.code).publish(
        token=outgoing.token,
        page=_page(publication.connection),
        text=_marked(publication, text),
        images=outgoing.addresses,
        draft=publication.container_id,
        keep_draft=keep,
        limits=limits,
    )


HELD = "held"  # a run's rate limit holds its network: not claimed, not tried


def _held(publication_id: int, limits: Limits | None) -> bool:
    """Whether a limit this run met holds the publication's network (for its
    token, or for the whole app): then it waits for the next run, unclaimed,
    its attempts untouched, rather than call a network that refuses it."""
    if limits is None or not limits.holding():
        return False
    row = (
        Publication.objects.filter(pk=publication_id)
        .values_list("channel__code", "connection__secret")
        .first()
    )
    if row is None or row[0] not in NETWORKS or not row[1]:
        return False
    try:
        token = crypto.decrypt(row[1]).reveal()
    except (crypto.SecretUnreadable, crypto.KeyMissing):
        return False  # the attempt records it
    return limits.holds(network_of(row[0]).scopes(token))


def publication_attempt(
    *,
    publication_id: int,
    now: datetime.datetime | None = None,
    limits: Limits | None = None,
) -> str:
    """Claim the publication and publish it; returns its state afterwards, or
    "" when another run had it (or it was not due), or HELD when a limit of
    the run (`limits`) holds its network."""
    now = now or timezone.now()
    if _held(publication_id, limits):
        return HELD
    if not _claim(publication_id, now):
        return ""
    publication = Publication.objects.select_related(
        "post__plan", "post__rubric", "channel", "connection__page"
    ).get(pk=publication_id)
    text, choice = _text_of(publication)
    try:
        try:
            outgoing = _prepare(publication, text, choice)
        except NetworkError:
            raise
        except Exception:
            # Nothing went out: tried again with back-off, like a network's hiccup.
            log.exception("publication %s could not be prepared", publication.pk)
            raise NetworkError("internal") from None
        try:
            found = _look_for(publication, text, limits) if publication.check_first else None
            result = found or _call_network(publication, text, outgoing, limits)
        except NetworkError:
            raise
        except Exception:
            # The call may have been made: treated as an answer that cannot be read.
            log.exception("publication %s: the network's answer was not understood", publication.pk)
            raise NetworkError("malformed") from None
    except NetworkError as error:
        return _record_failure(publication, error, now)
    _record_sent(publication, result, now)
    return S.SENT


# --- Recording the outcome --------------------------------------------------------------


def _record_sent(publication: Publication, result: Published, now, *, by_hand=False):
    with transaction.atomic():
        _set(
            Publication.objects.filter(pk=publication.pk),
            state=S.SENT,
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


def _backoff(attempts: int) -> datetime.timedelta:
    seconds = settings.PUBLISHING_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)
    return datetime.timedelta(seconds=min(seconds, 15 * 60))


def _record_failure(publication: Publication, error: NetworkError, now) -> str:
    askable = network_of(publication.channel.code).supports(Operation.FIND)
    fields = {"error_code": error.code, "error_params": error.params, "updated_at": now}
    # Once a call of this round may have published, every later try of the
    # round (and of a round «Повторить» starts) looks for it first, even if
    # the look itself fails.
    in_doubt = publication.check_first or (error.ambiguous and askable)
    fields["check_first"] = in_doubt
    if (error.ambiguous and not askable) or error.code == "unknown_outcome":
        # Telegram may have posted (a time-out, a broken connection, a 5xx, an
        # answer that cannot be read) and cannot be asked; or the look for the
        # post on a page could not finish (too long a list, a broken answer):
        # a person confirms.
        state = S.UNKNOWN
        fields["error_code"], fields["error_params"] = "unknown_outcome", {}
    elif error.transient:
        wait = _wait_for(error, publication.attempts)
        if _within_window(publication.first_tried_at, now, wait):
            state = S.WAITING
            fields["next_attempt_at"] = now + wait
        else:
            state = S.FAILED
    else:
        state = S.FAILED
    with transaction.atomic():
        _set(Publication.objects.filter(pk=publication.pk, state=S.SENDING), state=state, **fields)
        log.warning("publication %s: %s (%s)", publication.pk, error.code, state)
        if state in (S.FAILED, S.UNKNOWN):
            publication.state = state
            _tell(publication)
    return state


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


# --- The run of every minute -----------------------------------------------------------


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
                changed = _set(
                    Publication.objects.filter(pk=publication.pk, state=S.SENDING),
                    state=S.UNKNOWN,
                    error_code="unknown_outcome",
                    error_params={},
                    updated_at=now,
                )
                if changed:
                    publication.state = S.UNKNOWN
                    _tell(publication)
                    result["unknown"] += 1
        else:
            changed = _set(
                Publication.objects.filter(pk=publication.pk, state=S.SENDING),
                state=S.WAITING,
                check_first=True,
                next_attempt_at=now,
                updated_at=now,
            )
            result["to_check"] += changed
    return result


@dataclass
class Run:
    """What a run did, each part under its own key: the reconcile's «unknown»
    (a dead worker's Telegram call) is not an attempt's (a call of this run
    that may have published)."""

    created: int = 0
    reconciled: dict = field(default_factory=dict)  # to_check, unknown
    attempted: dict = field(default_factory=dict)  # the state after each attempt
    # Due, but not tried: a rate limit this run met holds their network.
    held: int = 0
    deletions: dict = field(default_factory=dict)
    edits: dict = field(default_factory=dict)

    def summary(self) -> dict:
        return {
            "created": self.created,
            "reconciled": dict(self.reconciled),
            "attempted": dict(self.attempted),
            "held": self.held,
            "deletions": dict(self.deletions),
            "edits": dict(self.edits),
        }


def publish_due(*, now: datetime.datetime | None = None) -> Run:
    """Everything the minute's beat does; safe to run twice at once.

    A rate limit a network names and the run does not wait out holds for the
    rest of the run in its scope (`Limits`, as in a collection): after
    Graph's application limit no publication, deletion or edit of this run
    calls Facebook or Instagram again; after a bot's or a page's limit, none
    with that token. Those wait for the next run, their attempts untouched.
    """
    now = now or timezone.now()
    run = Run()
    limits = Limits()
    run.reconciled = reconcile(now=now)
    run.created = publications_create(now=now)
    due = Publication.objects.filter(state=S.WAITING, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "pk"
    )
    for publication_id in list(due.values_list("pk", flat=True)):
        try:
            state = publication_attempt(publication_id=publication_id, now=now, limits=limits)
        except Exception:
            # One publication's trouble (the database, say) does not hold up the
            # others of the minute; a claim it left is reconciled later.
            log.exception("publication %s: the attempt failed", publication_id)
            state = "error"
        if state == HELD:
            run.held += 1
        elif state:
            state = str(state)
            run.attempted[state] = run.attempted.get(state, 0) + 1
    # Deletions and edits asked for whose task was lost, failed for now, or died.
    run.deletions = deletions_due(now=now, limits=limits)
    run.edits = edits_due(now=now, limits=limits)
    return run


# --- What people do ------------------------------------------------------------------


def _editable(publication: Publication, user: User) -> None:
    if not plan_permissions.may_edit_post(user, publication.post):
        raise Refused(_("Only the region's press secretary changes its plan."))


def _new_round(now: datetime.datetime) -> dict:
    """The fields of a publication tried again as a new round (a new marker, no
    claim, no container, no error), due now; if an earlier round may have
    published, the page is asked for it (by any round's marker) first."""
    return {
        "state": S.WAITING,
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
    changed = _set(Publication.objects.filter(pk=publication.pk, state=S.FAILED), **_new_round(now))
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
        _record_sent(locked, Published("", url), now, by_hand=True)
    else:
        # The person looked and it is not there: the new round posts without
        # looking again (a look that could not finish would only ask again).
        changed = _set(
            Publication.objects.filter(pk=publication.pk, state=S.UNKNOWN),
            **_new_round(now),
            check_first=False,
        )
        if not changed:
            raise Refused(_("This publication is no longer unknown."))
        _resume(publication, user)
        send_after_commit("publishing.tasks.publish_due_task")
    publication.refresh_from_db()
    return publication


# --- Changing what was published -----------------------------------------------------
#
# Both are durable: the wish is recorded on the publication in the caller's
# transaction, a task asked for by name once it commits makes the call, and
# the minute's run (`publish_due`) picks up whatever the task did not finish
# (the broker was down, the worker died). Deleting or editing twice is
# harmless on the network (a message already gone counts as deleted, the same
# text as edited), and a claim keeps two runs from calling at the same time.

DELETE_TASK = "publishing.tasks.publication_delete_task"
EDIT_TASK = "publishing.tasks.publication_edit_task"
E = Publication.Edit


def _ask(task: str, publication_id: int, *, later: datetime.timedelta | None = None) -> None:
    """Ask a worker for the task by name once the transaction commits (or, for
    a retry, after `later`); if the broker is down the minute's run does it.
    Tests send it to their own worker's queue (`PUBLISHING_TASK_QUEUE`)."""
    queue = getattr(settings, "PUBLISHING_TASK_QUEUE", None)
    options = {"queue": queue} if queue else {}
    if later is None:
        send_after_commit(task, [publication_id], **options)
    else:
        send_now(task, [publication_id], countdown=later.total_seconds(), **options)


def _published_for_change(publication: Publication, user: User) -> Publication:
    _editable(publication, user)
    current = (
        Publication.objects.select_related("channel", "connection", "post")
        .filter(pk=publication.pk)
        .first()
    )
    if current is None or current.state != S.SENT:
        raise Refused(_("Only a published post can be changed on its network."))
    if not current.editable or current.connection is None:
        raise Refused(str(NetworkError("not_editable")))
    return current


def _within_window(started, now, wait) -> bool:
    return now + wait - (started or now) <= datetime.timedelta(
        seconds=settings.PUBLISHING_RETRY_SECONDS
    )


def _wait_for(error: NetworkError, attempts: int) -> datetime.timedelta:
    wait = _backoff(attempts)
    if error.params.get("seconds") and str(error.params["seconds"]).isdigit():
        wait = max(wait, datetime.timedelta(seconds=int(error.params["seconds"])))
    return wait


def _region_and_title(publication: Publication) -> tuple[int | None, str]:
    if publication.post_id is not None:
        return publication.post.plan.region_id, publication.post.title
    return publication.region_id, publication.title


def _press_of(region_id: int | None) -> list:
    if region_id is None:
        return []
    return list(press_of(region_id))


# Deleting ----------------------------------------------------------------------------


def _deletions_request(rows, now: datetime.datetime) -> list[int]:
    """Mark the publications «being deleted» (with their post's region and title,
    which they keep if the post goes); the task is sent after the commit."""
    ids = []
    for publication in rows.select_related("post__plan"):
        changed = _set(
            Publication.objects.filter(pk=publication.pk, state__in=[S.SENT, S.KEPT]),
            state=S.DELETING,
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
            _ask(DELETE_TASK, publication.pk)
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


def _claim_deletion(publication_id: int, now: datetime.datetime) -> bool:
    """Due «being deleted» → held for one caller: `next_attempt_at` moves on by
    STALE_AFTER, after which a run whose worker died is due again."""
    return (
        _set(
            Publication.objects.filter(
                pk=publication_id, state=S.DELETING, next_attempt_at__lte=now
            ),
            next_attempt_at=now + STALE_AFTER,
            claimed_at=now,
            attempts=F("attempts") + 1,
            first_tried_at=Coalesce("first_tried_at", now),
            updated_at=now,
        )
        == 1
    )


def deletion_attempt(
    *,
    publication_id: int,
    now: datetime.datetime | None = None,
    limits: Limits | None = None,
) -> str:
    """Delete the publication from its network; returns its state afterwards,
    or "" when it was not due (another run has it, or it is done), or HELD."""
    now = now or timezone.now()
    if _held(publication_id, limits):
        return HELD
    if not _claim_deletion(publication_id, now):
        return ""
    publication = Publication.objects.select_related(
        "channel", "connection", "post__plan", "region"
    ).get(pk=publication_id)
    try:
        if publication.connection is None:
            raise NetworkError("not_connected")
        network_of(publication.channel.code).delete(
            token=_token(publication.connection),
            page=_page(publication.connection),
            post_id=publication.network_id,
            album=publication.album,
            limits=limits,
        )
    except NetworkError as error:
        if error.code != "not_found":  # already gone: as good as deleted
            return _deletion_failed(publication, error, now)
    with transaction.atomic():
        _set(
            Publication.objects.filter(pk=publication.pk, state=S.DELETING),
            state=S.DELETED,
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


def _deletion_failed(publication: Publication, error: NetworkError, now) -> str:
    fields = {"error_code": error.code, "error_params": error.params, "updated_at": now}
    wait = _wait_for(error, publication.attempts)
    if error.transient and _within_window(publication.first_tried_at, now, wait):
        state, fields["next_attempt_at"] = S.DELETING, now + wait
        _ask(DELETE_TASK, publication.pk, later=wait)
    else:
        state, fields["next_attempt_at"] = S.KEPT, None
    with transaction.atomic():
        _set(Publication.objects.filter(pk=publication.pk, state=S.DELETING), state=state, **fields)
        log.warning("publication %s not deleted: %s (%s)", publication.pk, error.code, state)
        if state == S.KEPT:
            _tell_not_deleted(publication, error)
    return state


def _tell_not_deleted(publication: Publication, error: NetworkError) -> None:
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
    outcomes: dict[str, int] = {}
    due = Publication.objects.filter(state=S.DELETING, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "pk"
    )
    for publication_id in list(due.values_list("pk", flat=True)):
        state = deletion_attempt(publication_id=publication_id, now=now, limits=limits)
        if state == HELD:
            outcomes["delete_held"] = outcomes.get("delete_held", 0) + 1
        elif state:
            key = "deleted" if state == S.DELETED else f"delete_{state}"
            outcomes[key] = outcomes.get(key, 0) + 1
    return outcomes


# Editing -----------------------------------------------------------------------------


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
    rest = editable.exclude(edit_state=E.EDITING)
    ids = list(rest.values_list("pk", flat=True))
    _note(
        Publication.objects.filter(pk__in=ids),
        edit_state=E.WAITING,
        edit_wanted=F("edit_wanted") + 1,
        edit_attempts=0,
        edit_first_tried_at=None,
        edit_next_at=now,
        edit_error_code="",
        edit_error_params={},
        updated_at=now,
    )
    for publication_id in ids:
        _ask(EDIT_TASK, publication_id)
    # A network that lets the portal change nothing (Instagram): by hand.
    by_hand = [code for code in codes if code in NETWORKS and code not in EDITABLE]
    if by_hand:
        _note(sent.filter(channel__code__in=by_hand), edit_state=E.MANUAL, updated_at=now)


@transaction.atomic
def text_save(
    *,
    post: PlannedPost,
    user: User,
    text: str,
    telegram: str = "",
    facebook: str = "",
    instagram: str = "",
    image: str = PublicationText.Image.AUTO,
) -> PublicationText:
    """Save the publication text; where a network's text changed and the post
    is already there, the copy is edited on the network (after the commit)."""
    if not plan_permissions.may_edit_post(user, post):
        raise Refused(_("Only the region's press secretary changes its plan."))
    if image not in PublicationText.Image.values:
        raise Refused(_("Choose the image from the list."))
    before = PublicationText.objects.select_for_update().filter(post=post).first()
    saved, _created = PublicationText.objects.update_or_create(
        post=post,
        defaults={
            "text": text.strip(),
            "telegram": telegram.strip(),
            "facebook": facebook.strip(),
            "instagram": instagram.strip(),
            "image": image,
            "updated_by": user,
        },
    )
    changed = [
        code
        for code in NETWORKS
        if saved.for_network(code) != (before.for_network(code) if before else "")
    ]
    if changed:
        _edits_request(post, changed, timezone.now())
    return saved


def text_from_post_form(*, post: PlannedPost, user: User, text: str) -> None:
    """The text written in the post's own form (`contentplan.texts`): it becomes
    the common text; each network's own version and the image stay as they are.
    Inside the transaction that saves the post."""
    current = PublicationText.objects.filter(post=post).first()
    if current is None and not text.strip():
        return
    if current is not None and current.text == text.strip():
        return
    text_save(
        post=post,
        user=user,
        text=text,
        telegram=current.telegram if current else "",
        facebook=current.facebook if current else "",
        instagram=current.instagram if current else "",
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


def _claim_edit(publication_id: int, now: datetime.datetime) -> bool:
    return (
        _note(
            Publication.objects.filter(
                pk=publication_id, state=S.SENT, edit_state=E.WAITING, edit_next_at__lte=now
            ),
            edit_state=E.EDITING,
            edit_claimed_at=now,
            edit_attempts=F("edit_attempts") + 1,
            edit_first_tried_at=Coalesce("edit_first_tried_at", now),
            updated_at=now,
        )
        == 1
    )


def _edit_call(publication: Publication, limits: Limits | None = None) -> None:
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
    now = now or timezone.now()
    if _held(publication_id, limits):
        return HELD
    if not _claim_edit(publication_id, now):
        return ""
    publication = Publication.objects.select_related(
        "channel", "connection", "post__plan", "post__rubric"
    ).get(pk=publication_id)
    taken = publication.edit_wanted
    try:
        _edit_call(publication, limits)
    except NetworkError as error:
        if error.code != "not_modified":
            return _edit_failed(publication, error, taken, now)
    with transaction.atomic():
        done = _note(
            Publication.objects.filter(pk=publication.pk, edit_state=E.EDITING, edit_wanted=taken),
            edit_state=E.NONE,
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
    changed = _note(
        Publication.objects.filter(pk=publication.pk, edit_state=E.EDITING),
        edit_state=E.WAITING,
        edit_attempts=0,
        edit_first_tried_at=None,
        edit_next_at=now,
        updated_at=now,
        **fields,
    )
    if changed:
        _ask(EDIT_TASK, publication.pk)


def _edit_failed(publication: Publication, error: NetworkError, taken: int, now) -> str:
    wait = _wait_for(error, publication.edit_attempts)
    fields = {"edit_error_code": error.code, "edit_error_params": error.params, "updated_at": now}
    if error.transient and _within_window(publication.edit_first_tried_at, now, wait):
        state, fields["edit_next_at"] = E.WAITING, now + wait
        _ask(EDIT_TASK, publication.pk, later=wait)
    else:
        state, fields["edit_next_at"] = E.FAILED, None
    with transaction.atomic():
        changed = _note(
            Publication.objects.filter(pk=publication.pk, edit_state=E.EDITING, edit_wanted=taken),
            edit_state=state,
            **fields,
        )
        if not changed:
            _edit_again(publication, now)
            return E.WAITING
        log.warning("publication %s not edited: %s (%s)", publication.pk, error.code, state)
        if state == E.FAILED:
            _tell_not_edited(publication, error, taken)
    return state


def _tell_not_edited(publication: Publication, error: NetworkError, taken: int) -> None:
    post = publication.post
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The text of «%(title)s» was not updated on %(channel)s") % {
            "title": post.title,
            "channel": publication.channel.name,
        }
        notify(
            users=_press_of(post.plan.region_id),
            key=f"publication-edit-failed:{publication.pk}:{taken}",
            title=title,
            body=said(error.code, error.params),
            url=post.get_absolute_url(),
        )


def edits_due(*, now: datetime.datetime, limits: Limits | None = None) -> dict[str, int]:
    # An edit whose worker died: due again (editing twice is harmless).
    _note(
        Publication.objects.filter(edit_state=E.EDITING, edit_claimed_at__lt=now - STALE_AFTER),
        edit_state=E.WAITING,
        edit_next_at=now,
        updated_at=now,
    )
    # A mark on a publication that did not go out after all, or left: nothing to edit.
    _note(
        Publication.objects.filter(edit_state__in=[E.WAITING, E.EDITING]).exclude(
            state__in=[S.SENT, S.SENDING]
        ),
        edit_state=E.NONE,
        edit_next_at=None,
        updated_at=now,
    )
    outcomes: dict[str, int] = {}
    due = Publication.objects.filter(
        state=S.SENT, edit_state=E.WAITING, edit_next_at__lte=now
    ).order_by("edit_next_at", "pk")
    for publication_id in list(due.values_list("pk", flat=True)):
        state = edit_attempt(publication_id=publication_id, now=now, limits=limits)
        if state:
            key = "edited" if state == "edited" else f"edit_{state}"
            outcomes[key] = outcomes.get(key, 0) + 1
    return outcomes
