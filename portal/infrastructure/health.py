"""Liveness and readiness probes for load balancers and orchestrators.

`/readyz` fails (503) whenever the portal would not serve its pages or do its
background work: the database, the cache or the broker unreachable, the
static files' manifest missing (every page would answer 500), migrations not
applied, or the beat silent for longer than `BEAT_STALE_MINUTES`. Anyone gets
the status alone; which check failed, and why, only who may read /metrics
(`portal.infrastructure.monitoring`): the reasons name the installation's parts and paths.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..models import Heartbeat
from . import broker
from .monitoring import may_monitor

log = logging.getLogger(__name__)

# The name of the heartbeat the beat's every-minute outbox sweep writes; /readyz
# and the metrics read it to tell whether the beat (and a worker) are alive.
BEAT_HEARTBEAT = "beat"

# When this process started: a beat that never ran is late only after the
# threshold has passed since then (a fresh installation needs a minute).
STARTED = timezone.now()


@require_GET
def healthz(request):
    """The process answers: no database, cache or broker is touched."""
    return HttpResponse("ok", content_type="text/plain")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.set("readyz", "ok", timeout=10)
    if cache.get("readyz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _broker() -> None:
    # With the short timeouts of the web's sends: a hung Redis held it for ever.
    broker.check()


def static_manifest_problem() -> str | None:
    """What is wrong with the collected static files, or None. Only the
    manifest storage of production (DEBUG off) needs them collected."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return None
    if not storage.exists(storage.manifest_name):
        return (
            f"the static files manifest {storage.path(storage.manifest_name)} is missing: "
            "run `manage.py prepare_release`"
        )
    if not storage.hashed_files:
        return "the static files were collected after this process started: restart it"
    return None


def _static() -> None:
    problem = static_manifest_problem()
    if problem:
        raise RuntimeError(problem)


# Once every migration is applied, this process remembers it: migrations are
# never unapplied under a running portal, and reading the graph is slow.
_migrated = False


def unapplied_migrations() -> list[str]:
    """The migrations the code has and the database lacks, as app.name."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _migrations() -> None:
    global _migrated
    if _migrated:
        return
    missing = unapplied_migrations()
    if missing:
        raise RuntimeError(
            f"{len(missing)} migration(s) not applied ({', '.join(missing[:5])}): "
            "run `manage.py prepare_release`"
        )
    _migrated = True


def beat_last_run() -> datetime.datetime | None:
    """When the beat's every-minute sweep last ran (None: never)."""
    return Heartbeat.objects.filter(name=BEAT_HEARTBEAT).values_list("at", flat=True).first()


def _beat() -> None:
    minutes = settings.BEAT_STALE_MINUTES
    if not minutes:
        return
    last = beat_last_run()
    since = max(filter(None, [last, STARTED]))
    if timezone.now() - since > datetime.timedelta(minutes=minutes):
        when = f"since {last:%Y-%m-%d %H:%M:%S %Z}" if last else "ever"
        raise RuntimeError(
            f"the beat's every-minute sweep has not run {when} "
            f"(more than {minutes} min): is `celery -A config beat` running, and a worker?"
        )


CHECKS = {
    "database": _database,
    "migrations": _migrations,
    "cache": _cache,
    "broker": _broker,
    "static": _static,
    "beat": _beat,
}


@never_cache
@require_GET
def readyz(request):
    """Can the portal serve requests and enqueue work? 200 or 503, in JSON:
    `{"status": "ok"}` or `{"status": "fail"}`, with `failed` and `checks`
    for the metrics token or an address of METRICS_ALLOWED_IPS."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure makes the probe fail, with its reason
            results[name] = f"error: {exc.__class__.__name__}: {exc}"[:300]
        else:
            results[name] = "ok"
    failed = [name for name, result in results.items() if result != "ok"]
    if failed:
        # The reasons are not in the public answer: the server's log keeps them.
        log.warning("readyz: %s", "; ".join(f"{name}: {results[name]}" for name in failed))
    body = {"status": "fail" if failed else "ok"}
    if may_monitor(request):
        body.update(failed=failed, checks=results)
    return JsonResponse(body, status=503 if failed else 200)
