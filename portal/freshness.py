"""Versions of what pages cache: a new one after every committed change.

A page that keeps figures in the cache (the dashboards) names them with
`key()`, which carries the version of the region they describe and the
version of everything; a change of any row that belongs to a region gives
that region a new version once its transaction commits, and a change that
belongs to no one region (a rubric, a topic) gives everything a new one. A
cached entry is never cleared: its name simply stops being asked for, and
it expires.

Rows follow on their own: every save and delete of a model of the project's
apps (and changes of their many-to-many relations) is watched here, and the
region is found by following foreign keys (`region`, `branch → region`,
`page → region`, …). Code that writes without signals (`update()`,
`bulk_create()`, `bulk_update()`) calls `changed()` itself once it has.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.apps import apps as global_apps
from django.core.cache import cache
from django.db import transaction

# The apps whose rows pages may show; models of the roof read their own.
WATCHED_APPS = (
    "portal",
    "branches",
    "contentplan",
    "materials",
    "bulletins",
    "questions",
    "brand",
    "channels",
    "publishing",
    "surveys",
)
# Rows no cached page shows: the bell and letters are read live on every page.
IGNORED_MODELS = {
    "portal.notification",
    "portal.outboxemail",
    "portal.passwordresetrequest",
    "portal.heartbeat",
    # A person's remembered calendar view and feed key: never on a shared page.
    "contentplan.calendarpreference",
    "contentplan.feedtoken",
}
# A user's save that only records a log-in changes nothing a page caches.
IGNORED_USER_FIELDS = frozenset({"last_login"})
# Bumped by every change (for pages of all regions), and by a change that
# belongs to no one region (for every region's pages).
ANY, EVERYTHING = "any", "all"
PREFIX = "freshness"
# The safety net: an entry is dropped after this many seconds even when no
# change reached it (a write that forgot to call `changed()`).
TIMEOUT = 3600

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _version_key(scope) -> str:
    return f"{PREFIX}:version:{scope}"


def versions(region_id: int | None = None) -> str:
    """The current versions of what a page of the region (or, without one, of
    all regions) shows: one cache round trip. Without a cache (Redis down), a
    version nobody has, so that nothing old is read."""
    scopes = [EVERYTHING, region_id] if region_id is not None else [ANY]
    keys = [_version_key(scope) for scope in scopes]
    try:
        found = cache.get_many(keys)
        missing = {key: uuid.uuid4().hex for key in keys if key not in found}
        if missing:
            cache.set_many(missing, timeout=None)
            found.update(missing)
    except Exception:
        logger.warning("freshness: the cache does not answer", exc_info=True)
        return "unversioned-" + uuid.uuid4().hex
    return ".".join(found[key] for key in keys)


def get(cache_key: str):
    """The cached value, or None (also when the cache does not answer)."""
    try:
        return cache.get(cache_key)
    except Exception:
        logger.warning("freshness: the cache does not answer", exc_info=True)
        return None


def put(cache_key: str, value, timeout: int = TIMEOUT) -> None:
    if cache_key.startswith(f"{PREFIX}:") and "unversioned-" in cache_key:
        return
    try:
        cache.set(cache_key, value, timeout)
    except Exception:
        logger.warning("freshness: the cache does not answer", exc_info=True)


def cached(cache_key: str, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """The value kept under `cache_key`, or else `compute()`, kept there for
    the next reader (when the cache answers; a value of None is never kept)."""
    value = get(cache_key)
    if value is None:
        value = compute()
        put(cache_key, value, timeout)
    return value


def fingerprint(*paths) -> str:
    """A short digest of the files of the code that builds and draws a cached
    value: put it in the value's key, and an entry made by other code (before
    a deploy) is never read back. Callers keep it (functools.cache)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


def key(name: str, *parts, region_id: int | None = None) -> str:
    """A cache key for `name` with `parts` (language, scope, day …) that
    changes whenever the region's data changes (without a region: any data)."""
    return ":".join([PREFIX, name, versions(region_id), *(str(part) for part in parts)])


def _bump(scopes) -> None:
    try:
        cache.set_many({_version_key(scope): uuid.uuid4().hex for scope in scopes}, timeout=None)
    except Exception:
        logger.warning("freshness: new versions not stored", exc_info=True)


def forget_all() -> None:
    """Everything cached by version is out of date at once (a restore, tests)."""
    _bump([ANY, EVERYTHING])


def changed(region_id: int | None = None) -> None:
    """The region's rows (or, without a region, anyone's) changed: new versions
    now and once more when the current transaction commits. Pages of all
    regions (the central dashboard) follow every change."""
    scope = region_id if region_id is not None else EVERYTHING
    # New versions at once, so that this transaction's own next read (and a
    # test's, which never commits) sees the change; and again on commit, so
    # that what another request cached in between, from the rows as they
    # were before the commit, is never read afterwards.
    _bump({ANY, scope})
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    hooks, pending = getattr(connection, "_freshness_queued", (None, None))
    if hooks is not connection.run_on_commit or pending.done:
        # Django replaces its list of commit hooks on commit and on rollback,
        # which forgets what was queued; one that has run is queued anew.
        pending = _Pending()
        connection._freshness_queued = (connection.run_on_commit, pending)
    pending.scopes.add(scope)
    # Every change hooks the same bump; the first to run does it for all.
    transaction.on_commit(pending)


def is_own_hook(callback) -> bool:
    """A commit hook of these versions (tests that count a service's own
    hooks leave them out)."""
    return isinstance(callback, _Pending)


class _Pending:
    """The scopes changed in one transaction, given new versions on commit, once."""

    def __init__(self):
        self.scopes, self.done = {ANY}, False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            _bump(self.scopes)


# --- Following rows to their region -----------------------------------------------------


@functools.cache
def _path_to_region(model) -> tuple[str, ...] | None:
    """The shortest chain of foreign keys from `model` to a region, () for a
    region itself, None when there is none (within three steps)."""
    region = global_apps.get_model("portal", "Region")
    if model is region:
        return ()
    frontier = [(model, ())]
    for _depth in range(3):
        following = []
        for current, path in frontier:
            # A required key first: an optional one may lead nowhere.
            fields = sorted(
                (
                    f
                    for f in current._meta.get_fields()
                    if f.many_to_one and f.concrete and f.related_model
                ),
                key=lambda f: f.null,
            )
            for field in fields:
                if field.related_model is region:
                    return (*path, field.name)
            for field in fields:
                following.append((field.related_model, (*path, field.name)))
        frontier = following
    return None


def region_of(instance) -> int | None:
    """The region a row belongs to, or None when it belongs to none (or its
    chain is gone: a row deleted with its parents)."""
    path = _path_to_region(type(instance))
    if path is None:
        return None
    if not path:
        return instance.pk
    first = instance._meta.get_field(path[0])
    if len(path) == 1:
        return getattr(instance, first.attname)
    if first.is_cached(instance) and getattr(instance, path[0]) is not None:
        target = getattr(instance, path[0])
        for step in path[1:-1]:
            field = target._meta.get_field(step)
            if not field.is_cached(target):
                break
            target = getattr(target, step)
            if target is None:
                return None
        else:
            return getattr(target, target._meta.get_field(path[-1]).attname)
    pk = getattr(instance, first.attname)
    if pk is None:
        return None
    return (
        first.related_model._default_manager.filter(pk=pk)
        .values_list("__".join(path[1:]), flat=True)
        .first()
    )


def _watched(sender) -> bool:
    meta = sender._meta
    return meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS


def _row_changed(sender, instance, **kwargs) -> None:
    if not _watched(sender):
        return
    fields = kwargs.get("update_fields")
    if fields and set(fields) <= IGNORED_USER_FIELDS and sender._meta.label_lower == "portal.user":
        return
    region_id = region_of(instance)
    changed(region_id)


def _relation_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and _watched(type(instance)):
        changed(region_of(instance))


def connect() -> None:
    """Watch every model's saves and deletes (called once, by the portal's app)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_row_changed, dispatch_uid="portal.freshness.save")
    post_delete.connect(_row_changed, dispatch_uid="portal.freshness.delete")
    m2m_changed.connect(_relation_changed, dispatch_uid="portal.freshness.m2m")
