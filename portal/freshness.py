"""What makes a cached page stale: versions, one per region and kind of data.

The rule. Every model of the project's apps says which region its rows
belong to, by a class attribute naming the path of foreign keys:

    class PlannedPost(models.Model):
        region_path = "plan__region"          # a row of the plan's region
        objects = freshness.RegionQuerySet.as_manager()

`EVERY_REGION` says a row is shown in every region's pages (a rubric),
`region_path = None` that no cached page shows it (the bell, a log-in
failure). Saves and deletes (model signals) and `update()`, `bulk_create()`
and `bulk_update()` (`RegionQuerySet`, the model's manager) all give the
regions they touched new versions once the transaction commits: a writer
never has to remember to say so. A model may also name its
`figure_fields`: a change of its other fields (a post's title) leaves the
pages that only count its rows (`reads=["contentplan.plannedpost:figures"]`)
as they were.

The versions. Each kind of data (`topic`: a model's label, or its
`label:figures`) has a version per region, one for rows of every region and
one for any region. A page names what it reads (`reads`); its entry is
stale once one of those versions moved. `changed(region_id)` (what a service
says when it knows better, e.g. a recount of stored figures) moves every
topic of the region.

The entries. `fresh()` keeps a page's data (numbers and strings, never
drawn HTML) under a key with the code's version (`code_version()`: a
digest of every source file and template, so no deploy can read an entry
made by other code) and the versions it was built from. A stale entry is
rebuilt by one request, which holds a lock in the cache; the others get
the previous entry meanwhile, or wait for the first one when there is none.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Coalesce

EVERY_REGION = "*"  # a `region_path`: the row is shown in every region's pages
# Version scopes: rows of every region (ALL) and a change of any region (ANY).
ANY, ALL = "any", "all"
# Topics: every kind of data ("*"), and what a service says without a kind.
EVERYTHING, SAID = "*", "said"
PREFIX = "freshness"
# The safety net: an entry is dropped after this many seconds whatever happens.
TIMEOUT = 3600
# How long one request may hold the right to rebuild an entry.
LOCK_TIMEOUT = 30
# How long a request with no previous entry waits for another's rebuild.
WAIT = 10.0
# What the code version digests: every source file and template of the project.
CODE_SUFFIXES = (".py", ".html", ".txt", ".po", ".js", ".css")
SKIPPED_DIRS = {".venv", ".git", "node_modules", "__pycache__", "var", "media", "staticfiles"}

logger = logging.getLogger(__name__)
T = TypeVar("T")


# --- The code's version -----------------------------------------------------------------


def code_digest(root: Path) -> str:
    """A digest of every source file and template under `root` (names and
    contents): any change of the code gives another."""
    digest = hashlib.sha256()
    for path in sorted(_code_files(root)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _code_files(root: Path):
    for path in root.iterdir():
        if path.is_dir():
            if path.name not in SKIPPED_DIRS and not path.name.startswith("."):
                yield from _code_files(path)
        elif path.suffix in CODE_SUFFIXES:
            yield path


@functools.cache
def code_version() -> str:
    """The version of the running code, computed once a process."""
    from django.conf import settings

    return code_digest(Path(settings.BASE_DIR))


# --- Versions -----------------------------------------------------------------------------


def _version_key(scope, topic: str) -> str:
    return f"{PREFIX}:v:{scope}:{topic}"


def _wanted(region_id: int | None, reads: Iterable[str] | None) -> list[str]:
    """The version keys of a page of the region (None: of all regions) that reads `reads`
    (None: everything)."""
    if reads is None:
        pairs = [(region_id, EVERYTHING), (ALL, EVERYTHING)] if region_id else [(ANY, EVERYTHING)]
    else:
        topics = [SAID, *sorted(set(reads))]
        scopes = [region_id, ALL] if region_id is not None else [ANY]
        pairs = [(scope, topic) for scope in scopes for topic in topics]
    return [_version_key(scope, topic) for scope, topic in pairs]


def versions(region_id: int | None = None, reads: Iterable[str] | None = None) -> str:
    """The current versions of what a page of the region (or, without one, of
    all regions) reads: one cache round trip. Without a cache (Redis down), a
    version nobody has, so that nothing old is read."""
    keys = _wanted(region_id, reads)
    try:
        found = cache.get_many(keys)
        missing = {key: uuid.uuid4().hex[:12] for key in keys if key not in found}
        if missing:
            # The first version of a key is the first writer's (add, not set):
            # requests meeting it at once agree on it, and one of them builds.
            for key, version in missing.items():
                cache.add(key, version, timeout=None)
            agreed = cache.get_many(list(missing))
            found.update({key: agreed.get(key, version) for key, version in missing.items()})
    except Exception:
        logger.warning("freshness: the cache does not answer", exc_info=True)
        return "unversioned-" + uuid.uuid4().hex
    return hashlib.sha256(".".join(found[key] for key in keys).encode()).hexdigest()[:20]


def _bump(pairs) -> None:
    keys = {_version_key(scope, topic) for scope, topic in pairs}
    try:
        cache.set_many({key: uuid.uuid4().hex[:12] for key in keys}, timeout=None)
    except Exception:
        logger.warning("freshness: new versions not stored", exc_info=True)


def _pairs(region_id, topics: Iterable[str]) -> set[tuple]:
    """The versions a change of `topics` of the region (None: of every region) moves."""
    scope = ALL if region_id is None else region_id
    pairs = set()
    for topic in {*topics, EVERYTHING}:
        pairs |= {(scope, topic), (ANY, topic)}
    return pairs


def forget_all() -> None:
    """Everything cached is out of date at once (a restore, tests)."""
    _bump({(scope, topic) for scope in (ANY, ALL) for topic in (EVERYTHING, SAID)})


def changed(region_id: int | None = None, *, topics: Iterable[str] = (SAID,)) -> None:
    """The region's data (or, without a region, every region's) changed: new
    versions now and once more when the current transaction commits.

    Now, so that this transaction's own next read (and a test's, which never
    commits) sees the change; on commit, so that what another request built
    in between from the rows as they were before the commit is not read
    afterwards. The changes of one transaction are moved once, on commit."""
    pairs = _pairs(region_id, topics)
    _bump(pairs)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # The transaction's own hook, if it has one: Django keeps the hooks of
    # the transaction (and drops those of a savepoint rolled back with it).
    for _savepoints, hook, _robust in connection.run_on_commit:
        if isinstance(hook, _Pending):
            hook.pairs |= pairs
            return
    transaction.on_commit(_Pending(pairs))


def is_own_hook(callback) -> bool:
    """A commit hook of these versions (tests that count a service's own
    hooks leave them out)."""
    return isinstance(callback, _Pending)


class _Pending:
    """The versions one transaction moves on commit."""

    def __init__(self, pairs: set[tuple]):
        self.pairs = set(pairs)

    def __call__(self) -> None:
        _bump(self.pairs)


# --- Entries --------------------------------------------------------------------------------


def get(cache_key: str):
    """The cached value, or None (also when the cache does not answer)."""
    try:
        return cache.get(cache_key)
    except Exception:
        logger.warning("freshness: the cache does not answer", exc_info=True)
        return None


def put(cache_key: str, value, timeout: int = TIMEOUT) -> None:
    if "unversioned-" in cache_key:
        return
    try:
        cache.set(cache_key, value, timeout)
    except Exception:
        logger.warning("freshness: the cache does not answer", exc_info=True)


def key(name: str, *parts, region_id: int | None = None, reads=None) -> str:
    """A cache key for `name` with `parts` (language, scope, day …) that
    changes with the code and whenever what it reads of the region (without
    a region: of any region) changes."""
    return ":".join(
        [PREFIX, name, code_version(), versions(region_id, reads), *(str(p) for p in parts)]
    )


def cached(cache_key: str, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """The value kept under `cache_key`, or else `compute()`, kept there for
    the next reader (when the cache answers; a value of None is never kept)."""
    value = get(cache_key)
    if value is None:
        value = compute()
        put(cache_key, value, timeout)
    return value


def entry_key(name: str, *parts) -> str:
    """Where `fresh()` keeps the entry of `name` with `parts`."""
    return ":".join([PREFIX, "entry", name, code_version(), *(str(p) for p in parts)])


def fresh(
    name: str,
    *parts,
    compute: Callable[[], T],
    region_id: int | None = None,
    reads: Iterable[str] | None = None,
    timeout: int = TIMEOUT,
    latest: bool = False,
) -> T:
    """The page's data as `compute()` gives it, from the cache while nothing
    it `reads` of the region changed. A stale entry is rebuilt by one
    request at a time; the others meanwhile get the stale entry (or, when
    there is none yet, wait for the first build). A request that must show
    the latest (`latest`: the redraw after a person's own change) waits for
    the build instead of taking the stale entry."""
    stamp = versions(region_id, reads)
    if stamp.startswith("unversioned-"):
        return compute()
    key_ = entry_key(name, *parts)
    lock_key = f"{key_}:building"
    entry = get(key_)
    deadline = time.monotonic() + WAIT
    while entry is None or entry[0] != stamp:
        if _lock(lock_key):
            try:
                entry = get(key_)  # built by another while this one asked
                if entry is not None and entry[0] == stamp:
                    break
                value = compute()
                put(key_, (stamp, value), timeout)
            finally:
                _unlock(lock_key)
            return value
        if entry is not None and not latest:
            return entry[1]  # another request rebuilds it: the previous one meanwhile
        if time.monotonic() > deadline:
            return compute()  # the one building it is stuck: not this visitor's problem
        time.sleep(0.02)  # polling the cache for another request's build
        entry = get(key_)
    return entry[1]


def _lock(lock_key: str) -> bool:
    try:
        return bool(cache.add(lock_key, 1, LOCK_TIMEOUT))
    except Exception:
        return True  # no cache: everyone builds for themselves


def _unlock(lock_key: str) -> None:
    try:
        cache.delete(lock_key)
    except Exception:
        logger.warning("freshness: the cache does not answer", exc_info=True)


# --- Rows and their regions -------------------------------------------------------------


def topic(model) -> str:
    return model._meta.label_lower


def figures_topic(model) -> str:
    return f"{model._meta.label_lower}:figures"


@functools.cache
def _declaration(model):
    """The model's `region_path`. A model of the project's own apps that
    declares none (yet) is shown in every region's pages; Django's and the
    libraries' models, and the tables of many-to-many relations (their
    changes are the relation's), are shown in none."""
    if "region_path" in dir(model):
        return model.region_path
    app = model._meta.app_config
    if app is None or model._meta.auto_created or model.__module__ == "__fake__":
        return None  # a relation's table; a migration's historical model
    return EVERY_REGION if project_app(app) else None


def project_app(app) -> bool:
    """Whether an app is one of the project's own: under BASE_DIR, and not a
    library installed there (a `.venv` inside the project, as `make` makes it)."""
    from django.conf import settings

    root = Path(settings.BASE_DIR).resolve()
    app_path = Path(app.path).resolve()
    if not app_path.is_relative_to(root):
        return False
    inside = app_path.relative_to(root).parts
    return not (set(inside) & SKIPPED_DIRS or "site-packages" in inside)


def _paths(model) -> tuple[str, ...]:
    """The model's declared paths to its region; () when no page reads it."""
    path = _declaration(model)
    if path is None:
        return ()
    return (path,) if isinstance(path, str) else tuple(path)


def declared(model) -> bool:
    return "region_path" in dir(model)


def watched(model) -> bool:
    return _declaration(model) is not None


def _topics(model, fields: Iterable[str] | None) -> list[str]:
    """What a change of `fields` (None: unknown, a new or deleted row) moves."""
    figure_fields = getattr(model, "figure_fields", None)
    if fields is None or figure_fields is None or set(fields) & set(figure_fields):
        return [topic(model), figures_topic(model)]
    return [topic(model)]


def region_of(instance) -> int | None:
    """The region a row belongs to, by its model's declared path (None: every
    region). The path's foreign keys are read from what is loaded; one query
    when they are not."""
    for path in _paths(type(instance)):
        region_id = _follow(instance, path)
        if region_id is not None:
            return region_id
    return None


def _follow(instance, path: str) -> int | None:
    if path == EVERY_REGION:
        return None
    if path == "pk":
        return instance.pk
    steps = path.split("__")
    target = instance
    for position, step in enumerate(steps):
        field = target._meta.get_field(step)
        if position == len(steps) - 1:
            return getattr(target, field.attname)
        if not field.is_cached(target):
            pk = getattr(target, field.attname)
            if pk is None:
                return None
            rest = "__".join(steps[position + 1 :])
            return (
                field.related_model._base_manager.filter(pk=pk).values_list(rest, flat=True).first()
            )
        target = getattr(target, step)
        if target is None:
            return None
    return None


def _regions_of_rows(queryset) -> set[int | None]:
    """The regions of the rows a queryset selects, in one query (None: every region)."""
    paths = _paths(queryset.model)
    if not paths or EVERY_REGION in paths:
        return {None}
    region = F(paths[0]) if len(paths) == 1 else Coalesce(*paths)
    rows = queryset.order_by().annotate(_freshness_region=region)
    return set(rows.values_list("_freshness_region", flat=True).distinct())


def _moves_rows(model, values) -> bool:
    """Whether an update of `values` changes a key on the rows' way to their region."""
    heads = {path.split("__")[0] for path in _paths(model) if path not in (EVERY_REGION, "pk")}
    names = {model._meta.get_field(head).attname for head in heads} | heads
    return bool(names & set(values))


def rows_changed(model, regions: Iterable[int | None], fields: Iterable[str] | None = None):
    """Rows of `model` in `regions` changed (their `fields`; None: rows came or went)."""
    if not watched(model):
        return
    topics = _topics(model, fields)
    for region_id in set(regions):
        changed(region_id, topics=topics)


class RegionQuerySet(models.QuerySet):
    """The manager of a model with a region: writes that send no model
    signal say which regions they touched, as saves and deletes do."""

    def update(self, **kwargs):
        regions = _regions_of_rows(self) if watched(self.model) else set()
        if _moves_rows(self.model, kwargs):
            regions.add(None)  # rows taken to other regions: every region's pages
        count = super().update(**kwargs)
        if count:
            rows_changed(self.model, regions, kwargs)
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        rows_changed(self.model, {region_of(obj) for obj in objs})
        return objs

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if count:
            rows_changed(self.model, {region_of(obj) for obj in objs}, fields)
        return count

    bulk_update.alters_data = True


class RemembersFigures:
    """A model mixin: the values of its `figure_fields` as loaded, so that a
    plain `save()` tells whether it changed any of them."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_figures = _figure_values(instance)
        return instance


def _figure_values(instance) -> dict:
    loaded = instance.__dict__
    names = [instance._meta.get_field(name).attname for name in instance.figure_fields]
    return {name: loaded[name] for name in names if name in loaded}


def _saved_fields(instance, update_fields) -> Iterable[str] | None:
    """The fields a save changed, as far as is known (None: unknown or new)."""
    if update_fields is not None:
        return update_fields
    before = getattr(instance, "_loaded_figures", None)
    if before is None:
        return None
    now = _figure_values(instance)
    changed_figures = [name for name, value in now.items() if before.get(name, value) != value]
    # Known: the figure fields that moved; the other fields may have, say so.
    return [*changed_figures, "(other)"]


def _row_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    if not watched(sender):
        return
    quiet = getattr(sender, "quiet_fields", ())
    if update_fields and set(update_fields) <= set(quiet):
        return
    fields = None if created else _saved_fields(instance, update_fields)
    rows_changed(sender, {region_of(instance)}, fields)
    if hasattr(instance, "_loaded_figures"):
        instance._loaded_figures = _figure_values(instance)


def _row_deleted(sender, instance, **kwargs) -> None:
    if watched(sender):
        rows_changed(sender, {region_of(instance)})


def _relation_changed(sender, instance, action, model, pk_set=None, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, models.Model) and watched(type(instance)):
        # A post's channels are counted: the figures of the row that holds them.
        rows_changed(type(instance), {region_of(instance)})
    elif watched(model) and pk_set:
        rows_changed(model, _regions_of_rows(model._base_manager.filter(pk__in=pk_set)))


def connect() -> None:
    """Watch the saves and deletes of every model (called once, by the portal's app)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_row_saved, dispatch_uid="portal.freshness.save")
    post_delete.connect(_row_deleted, dispatch_uid="portal.freshness.delete")
    m2m_changed.connect(_relation_changed, dispatch_uid="portal.freshness.m2m")
