"""Every task has a time limit, and Redis's visibility timeout exceeds them all:
tasks are acknowledged late, so a task still running when the timeout passes
would be handed to a second worker (a long collection run twice)."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# The Celery app as production configures it (with Redis; nothing connects).
CODE = """
import json
from config.celery import app
app.loader.import_default_modules()
conf = app.conf
print(json.dumps({
    "visibility_timeout": (conf.broker_transport_options or {}).get("visibility_timeout"),
    "tasks": {
        name: [task.soft_time_limit or conf.task_soft_time_limit,
               task.time_limit or conf.task_time_limit]
        for name, task in app.tasks.items()
        if not name.startswith("celery.")
    },
}))
"""


def test_every_task_ends_before_redis_would_deliver_it_again():
    result = subprocess.run(
        [sys.executable, "-c", CODE],
        cwd=BASE_DIR,
        env={**os.environ, "REDIS_URL": "redis://127.0.0.1:1/0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    limits = found["tasks"]
    assert "channels.tasks.collect_all_task" in limits and len(limits) > 20
    without = [name for name, (soft, hard) in limits.items() if not (soft and hard and soft < hard)]
    assert without == [], "tasks without a soft limit below a hard one"
    longest = max(hard for _soft, hard in limits.values())
    assert found["visibility_timeout"] > longest
    # The long ones have room: a collection and a backup two hours, a report half of one.
    assert limits["channels.tasks.collect_all_task"][0] >= 2 * 3600
    assert limits["portal.tasks.backup_task"][0] >= 2 * 3600
    assert limits["dashboards.tasks.generate_report_task"][0] >= 30 * 60
