"""Changes to pages, measurements and audits: one function per kind of write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from portal.infrastructure.tabular import Table
from portal.models import User
from portal.numbers import NumberError, parse_count
from portal.selectors import press_of
from portal.services import notify

from . import rules
from .models import PageAudit, PageSnapshot, SocialPage, WebsiteMaterials

# --- Pages ----------------------------------------------------------------------


class LifecycleRefused(Exception):
    pass


# Which lifecycle changes are allowed: the reform closes branch pages; a
# page marked for closing can be kept after all; a closed page can reopen.
LIFECYCLE_MOVES = {
    (SocialPage.Lifecycle.ACTIVE, SocialPage.Lifecycle.TO_CLOSE),
    (SocialPage.Lifecycle.TO_CLOSE, SocialPage.Lifecycle.ACTIVE),
    (SocialPage.Lifecycle.TO_CLOSE, SocialPage.Lifecycle.CLOSED),
    (SocialPage.Lifecycle.ACTIVE, SocialPage.Lifecycle.CLOSED),
    (SocialPage.Lifecycle.CLOSED, SocialPage.Lifecycle.ACTIVE),
}


@transaction.atomic
def page_set_lifecycle(*, page: SocialPage, lifecycle: str) -> SocialPage:
    page = SocialPage.objects.select_for_update().get(pk=page.pk)
    if (page.lifecycle, lifecycle) not in LIFECYCLE_MOVES:
        raise LifecycleRefused
    page.lifecycle = lifecycle
    page.save(update_fields=["lifecycle"])
    return page


# --- Audits ---------------------------------------------------------------------


@dataclass
class AuditRun:
    audited: int = 0
    worse: list[PageAudit] = field(default_factory=list)


def _chairs_and_press_of(page: SocialPage) -> list[User]:
    people = press_of(page.region_id)
    if page.branch_id:
        people = people | User.objects.filter(
            is_active=True, role=User.Role.CHAIR, branch=page.branch_id
        )
    return list(people)


def _tell_about_worse(audit: PageAudit, *, before: str) -> None:
    page = audit.page
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Page «%(page)s» got worse: %(before)s → %(now)s") % {
            "page": page,
            "before": PageAudit.Verdict(before).label,
            "now": audit.get_verdict_display(),
        }
        body = "; ".join(audit.reason_texts)
    notify(
        users=_chairs_and_press_of(page),
        key=f"audit-worse:{page.pk}:{audit.as_of.isoformat()}",
        title=title,
        body=body,
        url=page.get_absolute_url(),
    )


def _pages_to_audit(pages, *, as_of: date) -> list[SocialPage]:
    """The pages with, as of the date, their latest two measurements' ids and
    the verdict of their audit before (one query)."""
    if pages is None:
        pages = SocialPage.objects.exclude(lifecycle=SocialPage.Lifecycle.CLOSED)
    latest = PageSnapshot.objects.filter(page=OuterRef("pk"), measured_on__lte=as_of).order_by(
        "-measured_on"
    )
    earlier = PageAudit.objects.filter(page=OuterRef("pk"), as_of__lt=as_of).order_by("-as_of")
    return list(
        pages.select_related("region", "branch").annotate(
            latest_id=Subquery(latest.values("pk")[:1]),
            previous_id=Subquery(latest.values("pk")[1:2]),
            verdict_before=Subquery(earlier.values("verdict")[:1]),
        )
    )


def _audit_page(page, *, snapshot, previous, as_of: date) -> PageAudit:
    """The page's audit of the date, made or made again from the measurement."""
    result = rules.evaluate(
        snapshot,
        previous=previous,
        is_branch_page=page.branch_id is not None,
        audit_date=as_of,
    )
    audit, _created = PageAudit.objects.update_or_create(
        page=page,
        as_of=as_of,
        defaults={
            "snapshot": snapshot,
            "verdict": result.verdict,
            "reasons": result.reasons,
            "recommendation": result.recommendation,
            "needs_measurement": result.needs_measurement,
        },
    )
    audit.page = page
    return audit


@transaction.atomic
def audit_run(*, as_of: date, pages=None) -> AuditRun:
    """Audit every page that is not closed (or the given ones) as of a date.

    Each page gets at most one audit per date: running again for the same
    date recomputes that audit, and tells people about a worse verdict once.
    """
    pages = _pages_to_audit(pages, as_of=as_of)
    snapshot_ids = {p.latest_id for p in pages} | {p.previous_id for p in pages}
    snapshots = PageSnapshot.objects.in_bulk([pk for pk in snapshot_ids if pk])

    run = AuditRun()
    for page in pages:
        snapshot = snapshots.get(page.latest_id)
        if snapshot is None:
            continue  # never measured: nothing to judge
        audit = _audit_page(
            page, snapshot=snapshot, previous=snapshots.get(page.previous_id), as_of=as_of
        )
        run.audited += 1
        before = page.verdict_before
        if before and rules.SEVERITY[audit.verdict] > rules.SEVERITY[before]:
            run.worse.append(audit)
            _tell_about_worse(audit, before=before)
    return run


# --- Measurements -----------------------------------------------------------------


class SnapshotRefused(Exception):
    """The measurement cannot be saved; the message says why."""


@transaction.atomic
def snapshot_record(
    *, page: SocialPage, data: dict, user: User | None, source: str = PageSnapshot.Source.MANUAL
) -> PageSnapshot:
    """Save a measurement and audit the page as of its date at once."""
    try:
        with transaction.atomic():
            snapshot = PageSnapshot.objects.create(
                page=page, entered_by=user, source=source, **data
            )
    except IntegrityError as exc:
        raise SnapshotRefused(
            _("This page already has a measurement on %(date)s.") % {"date": data["measured_on"]}
        ) from exc
    audit_run(as_of=snapshot.measured_on, pages=SocialPage.objects.filter(pk=page.pk))
    return snapshot


# What a measurement by the network sets; the rest (visual quality, a note)
# no API can say, so it is kept from the hand measurement of the same day or
# carried over from the page's last assessment.
MEASURED_FIELDS = ("followers", "posts_30d", "own_posts", "reposts", "last_own_post")


@transaction.atomic
def snapshot_measured(
    *, page: SocialPage, measured_on: date, figures: dict, note: str = ""
) -> PageSnapshot:
    """Save the network's measurement of a page for a day, then audit the page.

    One snapshot a day: a second collection the same day refreshes it, and a
    hand measurement of that day gives way to the measured figures (keeping
    its visual quality and note). Hand entry never replaces a measured
    snapshot (`snapshot_record` refuses a day that has one).
    """
    values = {name: figures[name] for name in MEASURED_FIELDS}
    snapshot = (
        PageSnapshot.objects.select_for_update(of=("self",))
        .filter(page=page, measured_on=measured_on)
        .order_by("pk")
        .first()
    )
    if snapshot is None:
        visuals = (
            PageSnapshot.objects.filter(
                page=page, measured_on__lt=measured_on, visual_quality__isnull=False
            )
            .order_by("-measured_on")
            .values_list("visual_quality", flat=True)
            .first()
        )
        snapshot = PageSnapshot.objects.create(
            page=page,
            measured_on=measured_on,
            source=PageSnapshot.Source.API,
            visual_quality=visuals,
            note=note,
            **values,
        )
    else:
        for name, value in values.items():
            setattr(snapshot, name, value)
        if snapshot.source != PageSnapshot.Source.API and note:
            snapshot.note = f"{snapshot.note} {note}".strip()
        snapshot.source = PageSnapshot.Source.API
        snapshot.save(update_fields=[*MEASURED_FIELDS, "source", "note"])
    audit_run(as_of=measured_on, pages=SocialPage.objects.filter(pk=page.pk))
    return snapshot


def validate_snapshot(data: dict, *, today: date) -> list[str]:
    """The checks a measurement must pass, from a form or from a file."""
    errors = []
    measured_on = data.get("measured_on")
    last = data.get("last_own_post")
    if measured_on and measured_on > today:
        errors.append(_("The measurement date is in the future."))
    if last and measured_on and last > measured_on:
        errors.append(_("The last own post is later than the measurement date."))
    posts, own, reposts = data.get("posts_30d"), data.get("own_posts"), data.get("reposts")
    if None not in (posts, own, reposts) and own + reposts > posts:
        errors.append(_("Own posts and reposts together exceed the number of posts."))
    return errors


# Columns of the measurement file; the export of a page's history uses them too.
SNAPSHOT_COLUMNS = {
    "url": ("адрес", "url", "ссылка"),
    "measured_on": ("дата", "date", "дата замера"),
    "followers": ("подписчики", "followers", "участники"),
    "posts_30d": ("постов за 30 дней", "posts", "постов"),
    "own_posts": ("собственных", "own", "собственных постов"),
    "reposts": ("репостов", "reposts"),
    "last_own_post": ("последний собственный пост", "last own post"),
    "visual_quality": ("визуал", "visuals", "визуальное качество"),
    "note": ("примечание", "note"),
}
REQUIRED_COLUMNS = ("url", "measured_on", "posts_30d", "own_posts", "reposts")


@dataclass
class SnapshotRow:
    line: int
    values: dict
    page_id: int | None = None
    page_name: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class SnapshotPreview:
    rows: list[SnapshotRow]
    errors: list[str]
    token: str = ""

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not self.errors and all(not row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[SnapshotRow]:
        return [row for row in self.rows if row.errors]


def _parse_day(text: str):
    text = text.strip()
    if not text:
        return None
    if " " in text:  # a date-time cell from a spreadsheet
        text = text.split(" ", 1)[0]
    for separator in (".", "/"):
        if separator in text:
            parts = text.split(separator)
            if len(parts) == 3 and len(parts[2]) == 4:
                text = f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"
    try:
        return parse_date(text)
    except ValueError:
        return None


def _parse_row(cells: dict[str, str]) -> tuple[dict, list[str]]:
    values: dict = {"note": cells.get("note", "")}
    errors = []
    for name in ("measured_on", "last_own_post"):
        text = cells.get(name, "")
        day = _parse_day(text)
        if text and day is None:
            errors.append(_("«%(value)s» is not a date (use DD.MM.YYYY).") % {"value": text})
        values[name] = day
    if values["measured_on"] is None and "measured_on" in cells and not cells["measured_on"]:
        errors.append(_("The measurement date is missing."))
    for name in ("followers", "posts_30d", "own_posts", "reposts", "visual_quality"):
        text = cells.get(name, "").replace(" ", "").replace("\u00a0", "")
        if not text:
            values[name] = None
            if name in REQUIRED_COLUMNS:
                errors.append(
                    _("A number is missing: %(column)s.") % {"column": SNAPSHOT_COLUMNS[name][0]}
                )
            continue
        try:
            values[name] = parse_count(text)
        except NumberError as error:
            errors.append(
                _("«%(column)s»: %(problem)s")
                % {"column": SNAPSHOT_COLUMNS[name][0], "problem": error.message}
            )
            values[name] = None
    if values.get("visual_quality") is not None and not 1 <= values["visual_quality"] <= 5:
        errors.append(_("Visual quality must be from 1 to 5."))
    return values, errors


def snapshots_import_preview(*, table: Table, pages) -> SnapshotPreview:
    """Check every row of a measurement file against the pages the user may change."""
    positions = {}
    for key, names in SNAPSHOT_COLUMNS.items():
        for index, title in enumerate(table.header):
            if title in names:
                positions[key] = index
                break
    missing = [SNAPSHOT_COLUMNS[key][0] for key in REQUIRED_COLUMNS if key not in positions]
    if missing:
        return SnapshotPreview(
            rows=[],
            errors=[_("The file has no column(s): %(columns)s.") % {"columns": ", ".join(missing)}],
        )
    if not table.rows:
        return SnapshotPreview(rows=[], errors=[_("The file has a header but no rows.")])
    by_url = {page.url.rstrip("/").casefold(): page for page in pages if page.url}
    existing = set(
        PageSnapshot.objects.filter(page__in=list(by_url.values())).values_list(
            "page_id", "measured_on"
        )
    )
    today = timezone.localdate()
    seen: dict[tuple, int] = {}
    rows = []
    for line, cells in table.rows:
        named = {
            key: (cells[index] if index < len(cells) else "") for key, index in positions.items()
        }
        values, errors = _parse_row(named)
        page = by_url.get(named["url"].strip().rstrip("/").casefold())
        row = SnapshotRow(line=line, values=values, errors=errors)
        if page is None:
            row.errors.append(
                _("No page with the address «%(url)s» among your pages.") % {"url": named["url"]}
            )
        else:
            row.page_id, row.page_name = page.pk, str(page)
        row.errors += validate_snapshot(values, today=today)
        key = (row.page_id, values.get("measured_on"))
        if page is not None and values.get("measured_on"):
            if key in existing:
                row.errors.append(_("This page already has a measurement on that date."))
            elif key in seen:
                row.errors.append(
                    _("The same page and date are already on line %(line)s.") % {"line": seen[key]}
                )
            seen.setdefault(key, line)
        rows.append(row)
    return SnapshotPreview(rows=rows, errors=[])


def preview_to_session(preview: SnapshotPreview) -> list[dict]:
    return [
        {
            "page": row.page_id,
            **{
                key: (value.isoformat() if isinstance(value, date) else value)
                for key, value in row.values.items()
            },
        }
        for row in preview.rows
    ]


@transaction.atomic
def snapshots_import_apply(*, data: list[dict], pages, user: User) -> int:
    """Save previewed measurements, all or none, then audit the pages they touch."""
    allowed = {page.pk: page for page in pages}
    created = []
    for item in data:
        values = dict(item)
        page = allowed.get(values.pop("page"))
        if page is None:
            raise SnapshotRefused(_("A page of the file is no longer yours to measure."))
        for name in ("measured_on", "last_own_post"):
            values[name] = parse_date(values[name]) if values[name] else None
        if validate_snapshot(values, today=timezone.localdate()):
            raise SnapshotRefused(_("The file changed meaning since the preview."))
        try:
            with transaction.atomic():
                created.append(
                    PageSnapshot.objects.create(
                        page=page, entered_by=user, source=PageSnapshot.Source.IMPORT, **values
                    )
                )
        except IntegrityError as exc:
            raise SnapshotRefused(
                _("Someone has entered a measurement of the same page and date meanwhile.")
            ) from exc
    for day in sorted({snapshot.measured_on for snapshot in created}):
        page_ids = [s.page_id for s in created if s.measured_on == day]
        audit_run(as_of=day, pages=SocialPage.objects.filter(pk__in=page_ids))
    return len(created)


# --- The website's materials per year ---------------------------------------------


@transaction.atomic
def website_year_counted(
    *, region, year: int, count: int, months: int, counted_from: date | None = None
) -> WebsiteMaterials | None:
    """The site's materials of a year as counted from its feed.

    A year the feed covers from its start replaces whatever was there and is
    marked as counted. A year it covers only from `counted_from` on keeps a
    figure typed in by hand (the hand figure covers more); without one, the
    partial count is stored with that date. Returns the row written, or None
    when the hand figure was kept.
    """
    row = (
        WebsiteMaterials.objects.select_for_update(of=("self",))
        .filter(region=region, year=year)
        .order_by("pk")
        .first()
    )
    if row is not None and not row.measured and counted_from is not None:
        return None
    if row is None:
        row = WebsiteMaterials(region=region, year=year)
    row.count, row.months = count, max(1, min(12, months))
    row.measured, row.counted_from = True, counted_from
    row.save()
    return row
