"""Changes to the organisation structure: one function per kind of write."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import totals, user_import
from .addresses import network_of
from .exceptions import Refused
from .infrastructure import outbox
from .infrastructure.tabular import Table, xlsx_bytes
from .models import (
    Branch,
    Heartbeat,
    LoginFailure,
    Notification,
    PasswordResetRequest,
    PrimaryOrganisation,
    Region,
    User,
)
from .numbers import NumberError, parse_count

# Column headers accepted on import (compared case-insensitively). They are
# part of the file format, not of the interface, so they stay the same in
# every interface language and an exported file imports back as it is.
COLUMNS = {
    "branch": ("филиал", "branch", "филиал (город, район)"),
    "name": ("организация", "name", "organisation", "первичная организация", "ұйым"),
    "kind": ("тип", "kind", "вид", "түрі"),
    "members": ("членов профсоюза", "members", "члены профсоюза", "численность", "мүшелер"),
}
EXPORT_HEADER = (
    "Область",
    "Филиал",
    "Организация",
    "Тип",
    "Членов профсоюза",
)
KIND_WORDS = {
    "школа": PrimaryOrganisation.Kind.SCHOOL,
    "сош": PrimaryOrganisation.Kind.SCHOOL,
    "гимназия": PrimaryOrganisation.Kind.SCHOOL,
    "лицей": PrimaryOrganisation.Kind.SCHOOL,
    "мектеп": PrimaryOrganisation.Kind.SCHOOL,
    "детский сад": PrimaryOrganisation.Kind.KINDERGARTEN,
    "ясли-сад": PrimaryOrganisation.Kind.KINDERGARTEN,
    "балабақша": PrimaryOrganisation.Kind.KINDERGARTEN,
    "колледж": PrimaryOrganisation.Kind.COLLEGE,
    "вуз": PrimaryOrganisation.Kind.UNIVERSITY,
    "университет": PrimaryOrganisation.Kind.UNIVERSITY,
    "другое": PrimaryOrganisation.Kind.OTHER,
    "иное": PrimaryOrganisation.Kind.OTHER,
}
KIND_RUSSIAN = {
    PrimaryOrganisation.Kind.SCHOOL: "школа",
    PrimaryOrganisation.Kind.KINDERGARTEN: "детский сад",
    PrimaryOrganisation.Kind.COLLEGE: "колледж",
    PrimaryOrganisation.Kind.UNIVERSITY: "вуз",
    PrimaryOrganisation.Kind.OTHER: "другое",
}
MAX_MEMBERS = 100_000


def in_portal_language():
    """Stored text (notifications, history, posts) is written in the portal's language."""
    return translation.override(settings.LANGUAGE_CODE)


@dataclass
class ImportRow:
    line: int
    branch: str
    name: str
    kind: str
    members: int | None
    action: str = ""  # "create", "update" or "same"
    errors: list[str] = field(default_factory=list)

    def as_data(self) -> dict:
        return {
            "line": self.line,
            "branch": self.branch,
            "name": self.name,
            "kind": self.kind,
            "members": self.members,
        }


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    errors: list[str]  # about the file as a whole
    token: str = ""  # set once the rows wait in the session for confirmation

    @property
    def valid(self) -> bool:
        return not self.errors and all(not row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def count_create(self) -> int:
        return self._count("create")

    @property
    def count_update(self) -> int:
        return self._count("update")

    @property
    def count_same(self) -> int:
        return self._count("same")


def _column_positions(header: list[str]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for index, title in enumerate(header):
            if title in names:
                positions[key] = index
                break
    missing = [COLUMNS[key][0] for key in COLUMNS if key not in positions]
    return positions, missing


def _parse_kind(text: str) -> str | None:
    word = text.strip().casefold()
    if word in PrimaryOrganisation.Kind.values:
        return word
    return KIND_WORDS.get(word)


def _validate(rows: list[ImportRow], *, region: Region) -> None:
    """Check each row against the region's branches and organisations."""
    branches = {branch.name.casefold(): branch for branch in region.branches.all()}
    existing = {
        (org.branch_id, org.name.casefold()): org
        for org in PrimaryOrganisation.objects.filter(branch__region=region)
    }
    seen: dict[tuple[int, str], int] = {}
    for row in rows:
        branch = branches.get(row.branch.casefold())
        if not row.branch:
            row.errors.append(_("The branch is not given."))
        elif branch is None:
            row.errors.append(
                _("There is no branch «%(name)s» in this region.") % {"name": row.branch}
            )
        if not row.name:
            row.errors.append(_("The organisation's name is not given."))
        elif len(row.name) > 255:
            row.errors.append(_("The name is longer than 255 characters."))
        if row.kind not in PrimaryOrganisation.Kind.values:
            row.errors.append(_("Unknown kind; use: школа, детский сад, колледж, вуз, другое."))
        if row.members is None:
            row.errors.append(_("The number of members must be a whole number from 0."))
        elif row.members > MAX_MEMBERS:
            row.errors.append(_("The number of members is implausibly large."))
        if branch is None or not row.name:
            continue
        key = (branch.pk, row.name.casefold())
        if key in seen:
            row.errors.append(
                _("The same organisation is already on line %(line)s.") % {"line": seen[key]}
            )
            continue
        seen[key] = row.line
        current = existing.get(key)
        if current is None:
            row.action = "create"
        elif current.kind == row.kind and current.members == row.members:
            row.action = "same"
        else:
            row.action = "update"


def _members(text: str) -> int | None:
    try:
        return parse_count(text)
    except NumberError:
        return None  # the row says the number must be a whole number from 0


def organisations_import_preview(*, table: Table, region: Region) -> ImportPreview:
    """Read the rows of an uploaded table and say what importing them would do."""
    positions, missing = _column_positions(table.header)
    if missing:
        return ImportPreview(
            rows=[],
            errors=[_("The file has no column(s): %(columns)s.") % {"columns": ", ".join(missing)}],
        )
    rows = []
    for line, cells in table.rows:
        cells = cells + [""] * (len(table.header) - len(cells))
        members_text = cells[positions["members"]].replace(" ", "").replace("\u00a0", "")
        kind_text = cells[positions["kind"]]
        rows.append(
            ImportRow(
                line=line,
                branch=cells[positions["branch"]],
                name=cells[positions["name"]],
                kind=_parse_kind(kind_text) or kind_text,
                members=_members(members_text),
            )
        )
    if not rows:
        return ImportPreview(rows=[], errors=[_("The file has a header but no rows.")])
    _validate(rows, region=region)
    return ImportPreview(rows=rows, errors=[])


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


class ImportRefused(Exception):
    """The data changed since the preview; nothing was saved."""


@transaction.atomic
def organisations_import_apply(*, region: Region, data: list[dict]) -> ImportResult:
    """Save previewed rows, all or nothing, re-checking them inside the transaction."""
    rows = [ImportRow(**item) for item in data]
    # Lock the region's branches so a concurrent import waits for this one.
    list(Branch.objects.select_for_update().filter(region=region))
    _validate(rows, region=region)
    if any(row.errors for row in rows):
        raise ImportRefused
    branches = {branch.name.casefold(): branch for branch in region.branches.all()}
    existing = {
        (org.branch_id, org.name.casefold()): org
        for org in PrimaryOrganisation.objects.filter(branch__region=region)
    }
    to_create, to_update = [], []
    for row in rows:
        branch = branches[row.branch.casefold()]
        if row.action == "create":
            to_create.append(
                PrimaryOrganisation(
                    branch=branch, name=row.name, kind=row.kind, members=row.members
                )
            )
        elif row.action == "update":
            organisation = existing[(branch.pk, row.name.casefold())]
            organisation.kind, organisation.members = row.kind, row.members
            to_update.append(organisation)
    PrimaryOrganisation.objects.bulk_create(to_create)
    PrimaryOrganisation.objects.bulk_update(to_update, ["kind", "members"])
    totals.refresh(branch.pk for branch in branches.values())
    return ImportResult(created=len(to_create), updated=len(to_update))


def organisations_export_xlsx(*, organisations: Iterable[PrimaryOrganisation]) -> bytes:
    rows = (
        (
            org.branch.region.short_name,
            org.branch.name,
            org.name,
            KIND_RUSSIAN[org.kind],
            org.members,
        )
        for org in organisations
    )
    return xlsx_bytes(title=_("Organisations"), header=EXPORT_HEADER, rows=rows)


# Records of failed logins are kept this long for whoever investigates them.
KEEP_LOGIN_FAILURES = timedelta(days=90)


def housekeeping_run() -> dict:
    """Delete expired sessions, old login-failure records, and password-reset
    requests and wrong passwords counted per address past their hour. Safe to
    repeat."""
    now = timezone.now()
    sessions, _kinds = Session.objects.filter(expire_date__lt=now).delete()
    cooloff = now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts, _kinds = AccessAttempt.objects.filter(attempt_time__lt=cooloff).delete()
    cutoff = now - KEEP_LOGIN_FAILURES
    failures, _kinds = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    resets, _kinds = PasswordResetRequest.objects.filter(
        created_at__lt=now - PASSWORD_RESET_WINDOW
    ).delete()
    by_address, _kinds = LoginFailure.objects.filter(
        created_at__lt=now - LOGIN_ADDRESS_WINDOW
    ).delete()
    return {
        "sessions": sessions,
        "attempts": attempts,
        "failures": failures,
        "password_resets": resets,
        "address_failures": by_address,
    }


def user_invite(*, user: User) -> None:
    """Queue the letter with a link to choose a password (the same token as
    Django's password reset: it works once and for PASSWORD_RESET_TIMEOUT)."""
    outbox.queue_email(
        key=f"invitation:{user.pk}:{uuid.uuid4().hex}",
        to=user.email,
        template="emails/invitation",
        context={
            "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
        },
    )


@transaction.atomic
def user_create(
    *,
    role: str,
    email: str,
    username: str = "",
    region: Region | None = None,
    branch: Branch | None = None,
    is_leader: bool = False,
    first_name: str = "",
    last_name: str = "",
    position: str = "",
) -> User:
    """A person with a role and its scope, without a password: the letter
    queued in the outbox carries a link to choose one. Refused (with the
    reason) for a taken login or address, or a scope that does not fit."""
    email = User.objects.normalize_email(email.strip())
    if not email:
        raise Refused(_("An e-mail address is needed: the link to choose a password goes there."))
    username = (username or email).strip()
    if User.objects.filter(username__iexact=username).exists():
        raise Refused(_("The login %(login)s is taken.") % {"login": username})
    if User.objects.filter(email__iexact=email).exists():
        raise Refused(_("A user with the address %(email)s exists.") % {"email": email})
    user = User(
        username=username,
        email=email,
        role=role,
        region=region,
        branch=branch,
        is_leader=is_leader,
        first_name=first_name,
        last_name=last_name,
        position=position,
    )
    user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from error
    user.save()
    user_invite(user=user)
    return user


@transaction.atomic
def user_deactivate(*, user: User) -> bool:
    """The user can no longer log in, and an open session ends at its next
    request (the backend refuses inactive users). Nothing they made is lost;
    the admin can make them active again. False if they were inactive."""
    changed = User.objects.filter(pk=user.pk, is_active=True).update(is_active=False)
    return bool(changed)


class UsersImportRefused(Exception):
    """The people or the structure changed since the preview; nothing was saved."""


@transaction.atomic
def users_import_apply(*, data: list[dict]) -> list[User]:
    """Make the previewed people, all or nothing, checking every row again
    inside the transaction; each gets the letter to choose a password (queued
    in the outbox, sent after the commit)."""
    rows = [user_import.UserRow(**item) for item in data]
    # One import at a time: a second one waits here, then sees these people.
    list(Region.objects.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
    scopes = user_import.check(rows)
    if not rows or any(row.errors for row in rows):
        raise UsersImportRefused
    users = []
    try:
        for row in rows:
            scope = scopes[row.line]
            users.append(
                user_create(
                    role=scope.role,
                    email=row.email,
                    region=scope.region,
                    branch=scope.branch,
                    is_leader=scope.is_leader,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    position=row.job_title,
                )
            )
    except Refused as refusal:
        raise UsersImportRefused from refusal
    return users


def heartbeat_record(*, name: str) -> None:
    """Write down that the scheduled sweep `name` ran now (see `portal.infrastructure.health`)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})


# At most this many password-reset e-mails to one address, and requests from
# one client address (an office behind one NAT shares it), in the window.
PASSWORD_RESET_LIMIT_PER_EMAIL = 3
PASSWORD_RESET_LIMIT_PER_CLIENT = 10
PASSWORD_RESET_WINDOW = timedelta(hours=1)


def _reset_hash(kind: str, value: str) -> str:
    return salted_hmac(f"portal.password_reset.{kind}", value, algorithm="sha256").hexdigest()


def password_reset_allowed(*, email: str, client: str) -> bool:
    """Count one request for a reset e-mail to `email` from the client address
    `client`; False once that e-mail or that client had its share this hour.

    Counted in the database, not the cache, so the limit holds with the cache
    down and between concurrent requests: each request commits its row before
    counting, so of requests racing for the last free place at most one finds
    it free. A refused request deletes its row: a flood leaves nothing behind.
    """
    with transaction.atomic(durable=True):
        row = PasswordResetRequest.objects.create(
            email_hash=_reset_hash("email", email.strip().lower()),
            client_hash=_reset_hash("client", client),
        )
    recent = PasswordResetRequest.objects.filter(
        created_at__gt=timezone.now() - PASSWORD_RESET_WINDOW
    )
    if (
        recent.filter(email_hash=row.email_hash).count() <= PASSWORD_RESET_LIMIT_PER_EMAIL
        and recent.filter(client_hash=row.client_hash).count() <= PASSWORD_RESET_LIMIT_PER_CLIENT
    ):
        return True
    row.delete()
    return False


# Wrong passwords from one client (an IPv6 /64 as one) are counted across
# accounts over this window; LOGIN_ADDRESS_FAILURE_LIMIT of them lock the
# client out of every account until the oldest leave the window.
LOGIN_ADDRESS_WINDOW = timedelta(hours=1)


def _login_client(address: str) -> str:
    return salted_hmac("portal.login.client", network_of(address), algorithm="sha256").hexdigest()


def _login_failures(client_hash: str) -> int:
    since = timezone.now() - LOGIN_ADDRESS_WINDOW
    return LoginFailure.objects.filter(client_hash=client_hash, created_at__gt=since).count()


def login_failure_record(*, address: str) -> int:
    """Count one wrong password from the client `address`, whichever account it
    was for; returns its wrong passwords in the window, this one included.

    Written before counting (as `password_reset_allowed`), so of attempts
    racing for the last free place each sees the others'. A successful login
    forgets nothing here: an account of one's own must not wipe the count."""
    client_hash = _login_client(address)
    LoginFailure.objects.create(client_hash=client_hash)
    return _login_failures(client_hash)


def login_address_locked(*, address: str) -> bool:
    """Has the client `address` had its share of wrong passwords this hour?"""
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return bool(limit) and _login_failures(_login_client(address)) >= limit


@transaction.atomic
def demo_users_remove() -> list[str]:
    """Delete the demo accounts (made by load_demo_users); returns their names."""
    demo = User.objects.filter(is_demo=True)
    names = sorted(demo.values_list("username", flat=True))
    demo.delete()
    return names


# Sent with each new notification inside the caller's transaction. A receiver
# that takes it to the person another way instead of e-mail (the Telegram bot,
# for whoever chose Telegram only) returns True; the letter is then not queued.
notification_created = Signal()


def notify(*, users: Iterable[User], key: str, title: str, body: str = "", url: str = "") -> list:
    """Tell each user once about `key`, in the portal and by e-mail (the outbox).

    Returns the notifications created now; users who already had one for this
    key get nothing new. The e-mail is stored with the notification, in the
    caller's transaction, and delivered after it commits.
    """
    created = []
    for user in {user.pk: user for user in users if user is not None and user.is_active}.values():
        notification, was_created = Notification.objects.get_or_create(
            user=user, key=key, defaults={"title": title[:255], "body": body, "url": url}
        )
        if was_created:
            created.append(notification)
            answers = notification_created.send(sender=Notification, notification=notification)
            if any(answer is True for _receiver, answer in answers):
                continue
            outbox.queue_email(
                key=f"notification:{notification.pk}",
                to=user.email,
                template="emails/notification",
                context={"notification": notification},
                notification=notification,
            )
    return created


def notification_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
