"""The Celery app of Profinfo and the schedule of what runs on its own."""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The embedded broker keeps its messages in folders; make them exist.
for folder in (app.conf.broker_transport_options or {}).values():
    if isinstance(folder, str) and folder.startswith("/"):
        Path(folder).mkdir(parents=True, exist_ok=True)

app.conf.beat_schedule = {
    # Every night at 03:10 (Asia/Almaty): drop expired sessions and old
    # login-failure records, so the tables do not grow for ever.
    "housekeeping-nightly": {
        "task": "portal.tasks.housekeeping_task",
        "schedule": crontab(hour=3, minute=10),
    },
}
