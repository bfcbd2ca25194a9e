"""Connecting pages, checking and collecting: one function per kind of write.

No web request calls a network: a view saves what the person gave and asks a
worker (`portal.infrastructure.broker`) to check or collect; the worker, the daily beat task
and the management commands call `connection_check` and `connection_collect`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from django import db
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear, TruncMonth
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import networks
from branches import services as page_services
from branches.models import SocialPage
from networks import Limits, telegram
from networks.base import Operation, Page
from networks.errors import Kind, NetworkError, describe
from networks.measurement import Insights, Measurement, Note, Post, count_posts
from networks.measurement import PageDay as Day
from portal import freshness
from portal.infrastructure.broker import send_after_commit
from portal.models import User
from portal.selectors import press_of
from portal.services import notify

from . import crypto
from .models import (
    CONNECTABLE,
    WITH_TOKEN,
    ChannelPost,
    Connection,
    FeedEntry,
    NetworkPost,
    PageDay,
    PostMeasurement,
)

log = logging.getLogger(__name__)
P = SocialPage.Platform


class ConnectRefused(Exception):
    """What the person gave cannot make a connection; the message says why."""


# --- Connecting -------------------------------------------------------------------------


def default_account(page: SocialPage) -> str:
    """What the page's address says the account is: ``profile.php?id=…``, the
    page's name, the Instagram user name, the ``t.me/…`` channel, a site's address."""
    if not page.url:
        return ""
    parts = urlsplit(page.url)
    path = [part for part in parts.path.split("/") if part]
    if page.platform == P.FACEBOOK_PAGE:
        ids = parse_qs(parts.query).get("id")
        if ids:
            return ids[0]
        return path[0] if path and path[0] != "profile.php" else ""
    if page.platform == P.INSTAGRAM:
        return path[0] if path else ""
    if page.platform == P.TELEGRAM:
        return f"@{path[-1]}" if path else ""
    if page.platform == P.WEBSITE:
        return page.url
    return ""


TOKEN_SHAPE = re.compile(r"^[\x21-\x7e]{8,1024}$")  # printable ASCII, no spaces


@transaction.atomic
def connection_save(
    *, page: SocialPage, user: User | None, token: str = "", account: str = ""
) -> Connection:
    """Store a (new) token for a page, encrypted, as «being checked».

    The check itself (a call to the network) is left to a worker; the
    connection measures nothing until it passes.
    """
    if page.platform not in CONNECTABLE:
        raise ConnectRefused(_("This platform has no API: the page is measured by hand."))
    account = (account or default_account(page)).strip()
    if not account:
        raise ConnectRefused(_("Say which account to connect: the page's address does not."))
    token = token.strip()
    secret = ""
    if page.platform in WITH_TOKEN:
        if not TOKEN_SHAPE.match(token):
            raise ConnectRefused(_("This does not look like a token."))
        try:
            secret = crypto.encrypt(crypto.Secret(token))
        except crypto.KeyMissing:
            raise ConnectRefused(_("Tokens cannot be stored: CHANNELS_KEY is not set.")) from None
    elif page.platform == P.WEBSITE and urlsplit(account).scheme not in ("http", "https"):
        raise ConnectRefused(_("Give the address of the site's RSS or Atom feed."))
    connection = (
        Connection.objects.select_for_update(of=("self",)).filter(page=page).order_by("pk").first()
    )
    if connection is None:
        connection = Connection(page=page, generation=0)
    connection.account = account[:500]
    connection.secret = secret
    connection.secret_tail = token[-4:] if secret else ""
    connection.generation += 1
    connection.status = Connection.Status.CHECKING
    connection.external_id = connection.external_name = connection.bot_id = ""
    connection.error_code, connection.error_params = "", {}
    connection.telegram_offset = 0
    connection.webhook = False
    connection.connected_by = user
    connection.save()
    return connection


def connection_connect(
    *, page: SocialPage, user: User | None, token: str = "", account: str = ""
) -> Connection:
    """Save the token and have a worker check it (the web's way to connect)."""
    connection = connection_save(page=page, user=user, token=token, account=account)
    send_after_commit("channels.tasks.check_connection_task", [connection.pk])
    return connection


@transaction.atomic
def connection_disconnect(*, connection: Connection) -> None:
    """Forget the token; every measurement already taken stays.

    A Telegram bot that had a webhook set is asked to drop it (by a worker,
    best-effort: the page is disconnected whatever Telegram answers). The
    task carries the token only as the stored ciphertext.
    """
    stored = (
        Connection.objects.filter(pk=connection.pk)
        .values_list("page__platform", "webhook", "secret")
        .first()
    )
    Connection.objects.filter(pk=connection.pk).delete()
    if stored and stored[0] == P.TELEGRAM and stored[1] and stored[2]:
        send_after_commit("channels.tasks.forget_webhook_task", [stored[2]])


def forget_webhook(*, stored_secret: str) -> bool:
    """Ask Telegram to stop delivering to the portal (after a disconnection).

    A failure is logged without the token and changes nothing.
    """
    try:
        token = crypto.decrypt(stored_secret).reveal()
        telegram.delete_webhook(token=token)
    except (crypto.SecretUnreadable, crypto.KeyMissing):
        log.warning("telegram webhook not deleted: the stored token cannot be read")
        return False
    except NetworkError as error:
        log.warning("telegram webhook not deleted: %s", error.code)
        return False
    return True


def request_collection(*, connection: Connection) -> bool:
    """«Проверить сейчас»: one collection by a worker; False if one was asked a minute ago."""
    now = timezone.now()
    updated = (
        Connection.objects.filter(pk=connection.pk)
        .exclude(collection_requested_at__gt=now - timedelta(minutes=1))
        .update(collection_requested_at=now)
    )
    if not updated:
        return False
    task = (
        "channels.tasks.check_connection_task"
        if connection.status == Connection.Status.CHECKING
        else "channels.tasks.collect_connection_task"
    )
    send_after_commit(task, [connection.pk])
    return True


# --- Talking to the network ------------------------------------------------------------


def _secret(connection: Connection) -> str:
    try:
        return crypto.decrypt(connection.secret).reveal() if connection.secret else ""
    except (crypto.SecretUnreadable, crypto.KeyMissing):
        raise NetworkError("bad_key") from None


def webhook_secret(connection: Connection) -> str:
    """The secret Telegram sends with each update to this connection's webhook."""
    message = f"telegram-webhook:{connection.pk}:{connection.generation}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def webhook_url(connection: Connection) -> str:
    return settings.SITE_URL + reverse("channels:telegram_webhook", args=[connection.pk])


def _uses_webhook() -> bool:
    return settings.SITE_URL.startswith("https://")


# What an error's kind does to the connection. A rate limit is no failure: the
# page waits for the network's window and is measured at the next collection.
STATUS_OF = {
    Kind.TOKEN: Connection.Status.EXPIRED,
    Kind.REFUSED: Connection.Status.REFUSED,
    Kind.LIMITED: Connection.Status.WAITING,
}


def status_of(error: NetworkError) -> str:
    return STATUS_OF.get(error.kind, Connection.Status.FAILING)


def _record_failure(connection: Connection, error: NetworkError) -> None:
    now = timezone.now()
    previous = connection.status
    status = status_of(error)
    if status == Connection.Status.WAITING and connection.status == Connection.Status.CHECKING:
        # Not checked yet: the next collection checks it before measuring it.
        status = Connection.Status.CHECKING
    Connection.objects.filter(pk=connection.pk).update(
        status=status,
        error_code=error.code,
        error_params=error.params,
        last_error_at=now,
    )
    connection.status, connection.error_code = status, error.code
    connection.error_params, connection.last_error_at = error.params, now
    if error.kind == Kind.LIMITED:
        # The network's limit, not a fault of the page: nobody is told.
        log.info("connection %s: waiting for the network's limit", connection.pk)
        return
    log.warning("connection %s: %s", connection.pk, error.code)
    if error.kind == Kind.TOKEN:
        _tell_expired(connection)
    elif error.kind == Kind.REFUSED and previous != Connection.Status.REFUSED:
        _tell_refused(connection, error)


def _tell_expired(connection: Connection) -> None:
    """Tell the region's press secretaries once per token."""
    page = connection.page
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The connection of «%(page)s» has expired") % {"page": page}
        body = _(
            "The network no longer accepts the token. Measurements already taken are kept; "
            "connect the page again to go on measuring it."
        )
    notify(
        users=press_of(page.region_id),
        key=f"channel-expired:{connection.pk}:{connection.generation}",
        title=title,
        body=body,
        url=connection.get_absolute_url(),
    )


def _tell_refused(connection: Connection, error: NetworkError) -> None:
    """Tell the region's press secretaries when a page starts being refused
    (the bot removed from its channel, a permission taken back, the page
    gone): the token stays and the next collection tries again, but only a
    person can mend it. Once per refusal: a page refused day after day is told
    again only after it has worked in between."""
    page = connection.page
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The network refuses to measure «%(page)s»") % {"page": page}
        body = _(
            "%(reason)s Measurements already taken are kept; the portal tries again at the "
            "next collection."
        ) % {"reason": describe(error.code, error.params)}
    stamp = int(connection.last_error_at.timestamp())
    notify(
        users=press_of(page.region_id),
        key=f"channel-refused:{connection.pk}:{connection.generation}:{stamp}",
        title=title,
        body=body,
        url=connection.get_absolute_url(),
    )


def _record_success(connection: Connection, **fields) -> None:
    now = timezone.now()
    fields = {
        "status": Connection.Status.WORKING,
        "error_code": "",
        "error_params": {},
        "last_success_at": now,
        **fields,
    }
    Connection.objects.filter(pk=connection.pk).update(**fields)
    for name, value in fields.items():
        setattr(connection, name, value)


def _page(connection: Connection) -> Page:
    return Page(account=connection.account, external_id=connection.external_id)


def _check(connection: Connection, limits: Limits | None) -> dict:
    token = _secret(connection)
    found = networks.get(connection.platform).check(
        token=token, page=Page(account=connection.account), limits=limits
    )
    webhook = False
    if connection.platform == P.TELEGRAM and _uses_webhook():
        # The bot's channel posts come to the portal's own address, with a secret.
        telegram.set_webhook(
            token=token,
            url=webhook_url(connection),
            secret=webhook_secret(connection),
            limits=limits,
        )
        webhook = True
    return {
        "external_id": found.external_id,
        "name": found.name,
        "bot_id": found.bot_id,
        "webhook": webhook,
    }


def connection_check(*, connection: Connection, limits: Limits | None = None) -> bool:
    """Check a connection with one call to its network; True if it works.

    A rate limit leaves it «being checked» (with the limit as its last error):
    the next collection checks it again.
    """
    try:
        found = _check(connection, limits)
    except NetworkError as error:
        _record_failure(connection, error)
        return False
    _record_success(
        connection,
        external_id=found.get("external_id", ""),
        external_name=found.get("name", "")[:255],
        bot_id=found.get("bot_id", ""),
        webhook=found.get("webhook", False),
    )
    return True


# --- Collecting ------------------------------------------------------------------------


def _store_channel_posts(posts: list[telegram.ChannelPost], *, bot_id: str) -> None:
    """Posts of every channel this bot serves (one bot may serve several)."""
    if not posts:
        return
    by_chat = {
        c.external_id: c
        for c in Connection.objects.filter(page__platform=P.TELEGRAM, bot_id=bot_id)
    }
    rows = [
        ChannelPost(
            connection=by_chat[post.chat_id],
            message_id=post.message_id,
            posted_at=post.at,
            forwarded=post.forwarded,
        )
        for post in posts
        if post.chat_id in by_chat
    ]
    ChannelPost.objects.bulk_create(rows, ignore_conflicts=True)


def telegram_poll(*, connection: Connection, limits: Limits | None = None) -> None:
    """Take the channel posts waiting for the bot (long polling without a webhook)."""
    if connection.webhook:
        return
    result = telegram.updates(
        token=_secret(connection), offset=connection.telegram_offset, limits=limits
    )
    if result is None:  # a webhook is set elsewhere: Telegram delivers to it
        return
    posts, offset = result
    with transaction.atomic():
        _store_channel_posts(posts, bot_id=connection.bot_id)
        Connection.objects.filter(pk=connection.pk).update(telegram_offset=offset)
        connection.telegram_offset = offset


def telegram_receive(*, connection: Connection, update: dict) -> bool:
    """A webhook delivery: store the channel post it carries (if any)."""
    post = telegram.post_of(update)
    if post is None or post.chat_id != connection.external_id:
        return False
    ChannelPost.objects.bulk_create(
        [
            ChannelPost(
                connection=connection,
                message_id=post.message_id,
                posted_at=post.at,
                forwarded=post.forwarded,
            )
        ],
        ignore_conflicts=True,
    )
    return True


def _measure(connection: Connection, now: datetime, limits: Limits | None) -> Measurement:
    """The page's audience from its network, and its posts: as the network lists
    them, or, where it lists only what is new, from what the portal kept."""
    network, page = networks.get(connection.platform), _page(connection)
    token = _secret(connection)
    if connection.platform == P.TELEGRAM:
        # A bot cannot list a channel's posts: it takes those waiting for it.
        telegram_poll(connection=connection, limits=limits)
    followers = None
    if network.supports(Operation.MEASURE):
        followers = network.measure(token=token, page=page, limits=limits)
    if not network.supports(Operation.LIST_POSTS):
        # The posts the bot received (polled above, or by the webhook).
        posts = [
            Post(at=at, repost=forwarded)
            for at, forwarded in connection.posts.filter(
                posted_at__gt=now - timedelta(days=30)
            ).values_list("posted_at", "forwarded")
        ]
        last_own = (
            connection.posts.filter(forwarded=False, posted_at__lte=now)
            .order_by("-posted_at")
            .values_list("posted_at", flat=True)
            .first()
        )
        return count_posts(posts, now=now, followers=followers, last_own=last_own)
    listed = network.list_posts(token=token, page=page, now=now, limits=limits)
    if connection.platform == P.WEBSITE:
        # A feed holds only its latest entries: the portal counts every one it has seen.
        FeedEntry.objects.bulk_create(
            [
                FeedEntry(connection=connection, key=e.key, published_at=e.at, title=e.title)
                for e in listed
            ],
            ignore_conflicts=True,
        )
        stored = connection.entries.filter(published_at__gt=now - timedelta(days=30))
        newest = connection.entries.order_by("-published_at").values_list("published_at", flat=True)
        return count_posts(
            [Post(at=at) for at in stored.values_list("published_at", flat=True)],
            now=now,
            followers=followers,
            last_own=newest.first(),
        )
    return count_posts(listed, now=now, followers=followers)


NOTES = {
    P.FACEBOOK_PAGE: "Измерено через Graph API Facebook.",
    P.INSTAGRAM: "Измерено через Graph API Instagram.",
    P.TELEGRAM: "Измерено через Bot API Telegram (посты — полученные ботом).",
    P.WEBSITE: "Измерено по RSS/Atom-ленте сайта.",
}


def _unchecked(connection: Connection) -> bool:
    """Still to be checked before it is measured: being checked, or never
    checked to the end (a first check that timed out leaves a failing
    connection without the page's id on the network, which a measurement
    would ask for by an empty name)."""
    if connection.status == Connection.Status.CHECKING:
        return True
    return networks.get(connection.platform).identifies_page and not connection.external_id


def connection_collect(
    *, connection: Connection, now: datetime | None = None, limits: Limits | None = None
) -> bool:
    """Measure the page through its network and save the day's snapshot.

    A failure changes only the connection's status and error: no snapshot is
    written, so earlier figures stay and nothing is counted as zero. A
    collection of several pages gives its `limits` (see `collect_all`).
    """
    now = now or timezone.now()
    # One collection's calls share their limits, and their pace when a network
    # says its budget is nearly spent.
    limits = limits if limits is not None else Limits()
    if _unchecked(connection) and not connection_check(connection=connection, limits=limits):
        return False
    try:
        measurement = _measure(connection, now, limits)
    except NetworkError as error:
        _record_failure(connection, error)
        return False
    page_services.snapshot_measured(
        page=connection.page,
        measured_on=timezone.localdate(now),
        figures=measurement.figures(),
        note=NOTES.get(connection.platform, ""),
    )
    _record_success(connection)
    if connection.platform == P.WEBSITE and connection.page.branch_id is None:
        count_website_years(connection=connection, now=now)
    return True


# --- Reach (issue 30) -------------------------------------------------------------------

# Its first day (so a post shows its reach after the first collection), then
# about 1, 7 and 28 days.
AGES = tuple(PostMeasurement.Age.values)


def reach_ages() -> tuple[int, ...]:
    return tuple(age for age in AGES if age <= settings.REACH_DAYS) or AGES[:1]


def age_window(age: int) -> timedelta:
    """How long after its age a post still counts as «about» that old: a day at
    least (so a daily collection never misses it), a quarter of the age beyond.
    (The first day is the day itself.)"""
    return timedelta(days=max(1.0, age / 4))


def reach_since(now: datetime) -> datetime:
    """The oldest posts a collection measures went out after this."""
    last = reach_ages()[-1]
    return now - timedelta(days=last) - age_window(last)


def age_due(posted_at: datetime, now: datetime) -> int | None:
    """The age (0, 1, 7 or 28 days) a post measured now counts for, or None when
    it is about none of them (3 days old, 12 days old)."""
    elapsed = now - posted_at
    for age in reach_ages():
        if timedelta(days=age) <= elapsed < timedelta(days=age) + age_window(age):
            return age
    return None


def collect_reach(
    *, connection: Connection, now: datetime | None = None, limits: Limits | None = None
) -> int:
    """Measure the reach of the page's recent posts, each at about 1, 7 and 28
    days, and the page's yesterday; returns the measurements written.

    Idempotent: an age already measured is neither asked again (where asking
    costs a call) nor written again. A post whose figures are not available
    yet is left for the next collection. What kept it from measuring all (a
    permission, a private channel, a limit) is kept on the connection.
    """
    now = now or timezone.now()
    network = networks.get(connection.platform)
    if not network.supports(Operation.INSIGHTS):
        return 0
    limits = limits if limits is not None else Limits()
    page, token = _page(connection), _secret(connection) if network.needs_token else ""
    since = reach_since(now)
    done = set(
        PostMeasurement.objects.filter(
            post__connection=connection, post__posted_at__gt=since
        ).values_list("post__network_id", "age")
    )

    def due(network_id: str, posted_at: datetime) -> bool:
        age = age_due(posted_at, now)
        return age is not None and (network_id, age) not in done

    problem: NetworkError | None = None
    try:
        found = network.insights(token=token, page=page, since=since, due=due, limits=limits)
    except NetworkError as error:
        found, problem = Insights([]), error
    if found.missing:
        problem = NetworkError("insights_permission", permission=found.missing)
    day = None
    yesterday = (now.astimezone(UTC) - timedelta(days=1)).date()
    if (
        network.supports(Operation.PAGE_DAILY)
        and not (problem and problem.kind == Kind.LIMITED)
        and not connection.days.filter(day=yesterday).exists()
    ):
        try:
            day = network.page_daily(token=token, page=page, day=yesterday, limits=limits)
        except NetworkError as error:
            problem = problem or error
    return reach_store(
        connection=connection, insights=found, day=day, now=now, problem=problem, due=due
    )


def reach_store(
    *,
    connection: Connection,
    insights: Insights,
    day: Day | None,
    now: datetime,
    problem: NetworkError | None = None,
    due=None,
) -> int:
    """Write what a reach collection found, in one transaction: the posts seen,
    the figures of those due (never over an earlier row), the page's day, and
    what kept it from measuring all."""
    with transaction.atomic():
        ids = _seen_posts(connection=connection, posts=insights.posts, now=now)
        rows = _measurements(posts=insights.posts, ids=ids, now=now, due=due)
        written = PostMeasurement.objects.bulk_create(rows, ignore_conflicts=True)
        if day is not None and any(v is not None for v in (day.follows, day.reach, day.views)):
            _page_day(connection=connection, day=day, now=now)
        _note_reach(connection=connection, problem=problem, now=now)
        # bulk_create() and update() send no signals: the region's cached
        # pages that show the posts' reach (the calendar's board) are renewed here.
        freshness.changed(freshness.region_of(connection))
    return len(written)


def _seen_posts(*, connection: Connection, posts, now: datetime) -> dict[str, int]:
    """Keep the posts the network listed (once each); their rows' ids by network id."""
    NetworkPost.objects.bulk_create(
        [
            NetworkPost(
                connection=connection,
                network_id=post.network_id,
                posted_at=post.posted_at,
                repost=post.repost,
                seen_at=now,
            )
            for post in posts
        ],
        ignore_conflicts=True,
    )
    return dict(
        connection.network_posts.filter(
            network_id__in=[post.network_id for post in posts]
        ).values_list("network_id", "pk")
    )


def _measurements(*, posts, ids: dict[str, int], now: datetime, due) -> list[PostMeasurement]:
    """The figures of the posts due a measurement at their age, as rows."""
    rows = []
    for post in posts:
        age = age_due(post.posted_at, now)
        if age is None or (due is not None and not due(post.network_id, post.posted_at)):
            continue
        if post.note == Note.NOT_YET or (not post.known and not post.note):
            # Not available yet: asked again at the next collection, while
            # the post is still about this age.
            continue
        rows.append(
            PostMeasurement(
                post_id=ids[post.network_id],
                age=age,
                measured_at=now,
                source=post.source,
                note=post.note,
                **post.figures(),
            )
        )
    return rows


def _page_day(*, connection: Connection, day: Day, now: datetime) -> None:
    """The page's day (never over an earlier row of that day)."""
    PageDay.objects.bulk_create(
        [
            PageDay(
                connection=connection,
                day=day.day,
                measured_at=now,
                follows=day.follows,
                reach=day.reach,
                views=day.views,
            )
        ],
        ignore_conflicts=True,
    )


def _note_reach(*, connection: Connection, problem: NetworkError | None, now: datetime) -> None:
    """What kept the collection from measuring all (nothing, if it did), on the connection."""
    fields = {
        "reach_error": problem.code if problem else "",
        "reach_params": problem.params if problem else {},
        "reach_measured_at": now,
    }
    Connection.objects.filter(pk=connection.pk).update(**fields)
    for name, value in fields.items():
        setattr(connection, name, value)


def count_website_years(*, connection: Connection, now: datetime | None = None) -> list[int]:
    """The region's yearly materials (`branches.WebsiteMaterials`) from the feed entries seen.

    The feed is covered from its oldest entry the portal has seen: a year from
    its start is counted in full; the year the coverage starts in is counted
    from that day on, and a hand figure of that year is kept. Returns the
    years written.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = connection.entries.order_by("published_at").values_list("published_at", flat=True)
    first = first.first()
    if first is None:
        return []
    covered_from = timezone.localdate(first)
    by_year = dict(
        connection.entries.filter(published_at__lte=now)
        .annotate(year=ExtractYear("published_at"))
        .values_list("year")
        .annotate(count=Count("pk"))
        .values_list("year", "count")
    )
    written = []
    for year in range(covered_from.year, today.year + 1):
        partial = covered_from > date(year, 1, 1)
        start_month = covered_from.month if partial else 1
        end_month = today.month if year == today.year else 12
        row = page_services.website_year_counted(
            region=connection.page.region,
            year=year,
            count=by_year.get(year, 0),
            months=end_month - start_month + 1,
            counted_from=covered_from if partial else None,
        )
        if row is not None:
            written.append(year)
    return written


@dataclass
class CollectRun:
    measured: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)  # for a network's rate limit
    reach: int = 0  # the posts' measurements written


def collectable():
    """Connections worth a call: not expired (a new token is needed), page not
    closed, not a demo region's (`reach.demo` connects those to no network)."""
    return (
        Connection.objects.exclude(status=Connection.Status.EXPIRED)
        .exclude(page__lifecycle=SocialPage.Lifecycle.CLOSED)
        .exclude(page__region__is_demo=True)
        .select_related("page__region", "page__branch")
        .order_by("pk")
    )


def collect_all(
    *,
    pages=None,
    connection_ids=None,
    now: datetime | None = None,
    limits: Limits | None = None,
    measured_before: datetime | None = None,
) -> CollectRun:
    """Collect every connected page (or the given ones); one page's failure stops no other.

    A rate limit a network names and the collection does not wait out holds
    for the rest of the collection in its scope (`Limits`): Graph's
    application limit every Facebook and Instagram page, a page's or a bot's
    limit the pages of that token. Those pages are not called; they wait for
    the network («waiting», not failing) and are measured at the next
    collection. A limit of one network holds up no other.

    A part of a run (`collect_parts`) names its connections and shares the
    run's `limits`; `measured_before` leaves out a page measured since, so a
    part delivered again (its worker died) calls no page twice.
    """
    connections = collectable()
    if pages is not None:
        connections = connections.filter(page__in=pages)
    if connection_ids is not None:
        connections = connections.filter(pk__in=connection_ids)
    if measured_before is not None:
        connections = connections.exclude(last_success_at__gte=measured_before)
    run = CollectRun()
    limits = limits if limits is not None else Limits()

    def one(connection: Connection) -> tuple[str, int]:
        if connection_collect(connection=connection, now=now, limits=limits):
            # The posts' reach: what fails here is told on the connection's
            # page and leaves the day's snapshot and the status as they are.
            return "measured", collect_reach(connection=connection, now=now, limits=limits)
        return ("waiting" if connection.error_code == "rate_limited" else "failed"), 0

    items = list(connections)
    for connection, (outcome, reach) in zip(items, _side_by_side(one, items), strict=True):
        getattr(run, outcome).append(connection.page_id)
        run.reach += reach
    return run


def _side_by_side(work, items: list) -> list:
    """`work` of each item, in order: CHANNELS_COLLECT_THREADS at once on
    PostgreSQL (a page's calls mostly wait for the network), one after another
    on SQLite, whose one file takes one writer at a time. Each thread has its own
    connection to the database, closed when it is done; it sees only committed
    rows (the tests, which keep theirs in a transaction, collect in one thread)."""
    threads = settings.CHANNELS_COLLECT_THREADS if db.connection.vendor == "postgresql" else 1
    if threads <= 1 or len(items) <= 1:
        return [work(item) for item in items]

    def in_thread(item):
        try:
            return work(item)
        finally:
            db.connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(in_thread, items))


def collect_parts(*, size: int) -> list[list[int]]:
    """The connections of a collection in parts of at most `size`, a region's
    pages together (most of them share its tokens and its limits), each part a
    task a free worker takes: a slow or limited part holds up no other."""
    parts: list[list[int]] = []
    current_region = None
    for pk, region_id in (
        collectable().order_by("page__region_id", "pk").values_list("pk", "page__region_id")
    ):
        if not parts or region_id != current_region or len(parts[-1]) >= size:
            parts.append([])
            current_region = region_id
        parts[-1].append(pk)
    return parts


def telegram_poll_all() -> int:
    """Take the posts of every polled channel; a bot's rate limit holds that bot only.

    A channel waiting for a limit is polled as well: Telegram keeps a bot's
    updates for a day only.
    """
    polled = 0
    limits = Limits()
    for connection in collectable().filter(
        page__platform=P.TELEGRAM,
        status__in=[Connection.Status.WORKING, Connection.Status.WAITING],
        webhook=False,
    ):
        try:
            telegram_poll(connection=connection, limits=limits)
        except NetworkError as error:
            _record_failure(connection, error)
        else:
            polled += 1
    return polled


def rotate_key() -> int:
    """Encrypt every stored token under the first key of CHANNELS_KEY."""
    rotated = 0
    with transaction.atomic():
        for connection in (
            Connection.objects.select_for_update(of=("self",)).exclude(secret="").order_by("pk")
        ):
            connection.secret = crypto.rotate(connection.secret)
            connection.save(update_fields=["secret"])
            rotated += 1
    return rotated


# --- A website's materials ----------------------------------------------------------


def materials_by_month(*, connection: Connection) -> list[dict]:
    """Materials per month from the feed entries seen: [{"month": date, "count": n}]."""
    return list(
        connection.entries.annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
