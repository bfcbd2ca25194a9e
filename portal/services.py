"""Changes to the organisation structure: one function per kind of write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import totals
from .models import Branch, Notification, PrimaryOrganisation, Region, User
from .numbers import NumberError, parse_count
from .tabular import Table, xlsx_bytes

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
    """Delete expired sessions and old login-failure records. Safe to repeat."""
    now = timezone.now()
    sessions, _kinds = Session.objects.filter(expire_date__lt=now).delete()
    cooloff = now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts, _kinds = AccessAttempt.objects.filter(attempt_time__lt=cooloff).delete()
    cutoff = now - KEEP_LOGIN_FAILURES
    failures, _kinds = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return {"sessions": sessions, "attempts": attempts, "failures": failures}


def notify(*, users: Iterable[User], key: str, title: str, body: str = "", url: str = "") -> list:
    """Tell each user once about `key`, in the portal and (after commit) by e-mail.

    Returns the notifications created now; users who already had one for this
    key get nothing new.
    """
    from .tasks import send_notification_emails

    created = []
    for user in {user.pk: user for user in users if user is not None and user.is_active}.values():
        notification, was_created = Notification.objects.get_or_create(
            user=user, key=key, defaults={"title": title[:255], "body": body, "url": url}
        )
        if was_created:
            created.append(notification)
    to_email = [n.pk for n in created if n.user.email]
    if to_email:
        transaction.on_commit(lambda: send_notification_emails.delay(to_email))
    return created


def notifications_send_emails(*, ids: list[int]) -> int:
    """E-mail the given notifications; each at most once, however often this runs."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=ids).select_related("user"):
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed or not notification.user.email:
            continue
        link = f"{settings.SITE_URL}{notification.url}" if notification.url else settings.SITE_URL
        send_mail(
            subject=f"Profinfo: {notification.title}",
            message=f"{notification.body}\n\n{link}".strip(),
            from_email=None,
            recipient_list=[notification.user.email],
        )
        sent += 1
    return sent


def notification_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
