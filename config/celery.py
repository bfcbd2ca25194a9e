"""The Celery app of Profinfo and the schedule of what runs on its own."""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("profinfo")
# The app of every thread, not only of the one that loaded it: the apps hand
# work over through `celery.current_app` (portal/infrastructure/broker.py), from request
# threads too.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

if not settings.REDIS_URL:
    # The embedded broker and result store keep their messages in folders.
    for folder in ("queue", "processed", "control", "results"):
        Path(settings.VAR_DIR, "celery", folder).mkdir(parents=True, exist_ok=True)
else:
    # RedBeat (the one-beat lock, see settings) asks whether its URL is set by
    # the bare name, which the CELERY_ namespace hides; without this it warns
    # and falls back to the broker's URL.
    app.conf.redbeat_redis_url = settings.CELERY_REDBEAT_REDIS_URL
    # Its own client's options, so that it does not borrow the broker's (the
    # visibility timeout) and warn: redis-py's 5 s to connect and to answer.
    app.conf.redbeat_redis_options = {"socket_connect_timeout": 5, "socket_timeout": 5}

app.conf.beat_schedule = {
    # Every minute: send the e-mails that are due (each is also sent right after
    # the change that owes it commits; this sweep catches what a broker or mail
    # server outage delayed). Its run also writes the beat's heartbeat, which
    # /readyz and the metrics read.
    "outbox-every-minute": {
        "task": "portal.tasks.deliver_outbox_task",
        "schedule": crontab(),
        "kwargs": {"from_beat": True},
    },
    # Every minute: the Telegram messages the bot owes people (notifications of
    # those who chose Telegram), like the letters above: sent after the commit
    # that owes them, this sweep catches what a broker or Telegram outage delayed.
    "telegram-outbox-every-minute": {
        "task": "bot.tasks.deliver_telegram_task",
        "schedule": crontab(),
        "options": {"expires": 55},
    },
    # Every minute: approved posts whose planned minute (Asia/Almaty) has come
    # go out to the region's connected Telegram channel, Facebook page and
    # Instagram account, each exactly once; failed calls are tried again with
    # back-off for an hour, and a publication whose worker died mid-call is
    # reconciled. A run that could not start within the minute is dropped
    # (the next one does its work).
    "publishing-every-minute": {
        "task": "publishing.tasks.publish_due_task",
        "schedule": crontab(),
        "options": {"expires": 55},
    },
    # Every five minutes: a report job nobody took, or whose worker died, is
    # queued again (at most three starts), or failed with a message.
    "report-jobs-sweep": {
        "task": "dashboards.tasks.sweep_jobs_task",
        "schedule": crontab(minute="*/5"),
    },
    # On the 1st at 09:00 (Asia/Almaty): last month's «Справка» of every region,
    # sent to its press secretaries, its leader and the central committee, and
    # the whole union's, sent to the central committee.
    # Asked again on the hour, 09:00–23:00, through the 7th, so a beat or a
    # broker that was down at nine delays it; a unique key per region and
    # month (dashboards.monthly) makes every run after the first a no-op.
    "monthly-reports": {
        "task": "dashboards.tasks.monthly_reports_task",
        "schedule": crontab(day_of_month="1-7", hour="9-23", minute=0),
    },
    # Every night at 03:10 (Asia/Almaty): drop expired sessions, old
    # login-failure records and password-reset requests past their hour, so
    # the tables do not grow for ever.
    "housekeeping-nightly": {
        "task": "portal.tasks.housekeeping_task",
        "schedule": crontab(hour=3, minute=10),
    },
    # Every night at 02:50: back up the database and every uploaded file into
    # one archive in BACKUP_DIR, and delete all but the newest BACKUP_KEEP.
    "backup-nightly": {
        "task": "portal.tasks.backup_task",
        "schedule": crontab(hour=2, minute=50),
    },
    # Every morning at 08:00: remind the responsible person of each post due
    # within two days and not approved yet; mark posts whose day has passed
    # unpublished as missed and tell the region's press secretary.
    "contentplan-post-reminders-daily": {
        "task": "contentplan.tasks.post_reminders_task",
        "schedule": crontab(hour=8, minute=0),
    },
    # From the 25th to the month's end, at 08:05: tell press secretaries and
    # leaders whose next month's plan is not approved yet (once a month each).
    "contentplan-plan-reminders-from-25th": {
        "task": "contentplan.tasks.plan_reminders_task",
        "schedule": crontab(day_of_month="25-31", hour=8, minute=5),
    },
    # Every morning at 08:10: tell the region's press secretary about materials
    # from branches waiting more than three days for review; from the 20th,
    # tell the chair of each branch that sent nothing this month (each once).
    "contentplan-submission-reminders-daily": {
        "task": "materials.tasks.submission_reminders_task",
        "schedule": crontab(hour=8, minute=10),
    },
    # Every morning at 08:15: tell the region's press service about members'
    # questions without an answer for five days (once per question).
    "questions-reminders-daily": {
        "task": "questions.tasks.question_reminders_task",
        "schedule": crontab(hour=8, minute=15),
    },
    # Every night at 03:20: blank the askers' names and contacts of questions
    # closed more than a year ago.
    "questions-purge-personal-data-nightly": {
        "task": "questions.tasks.purge_personal_data_task",
        "schedule": crontab(hour=3, minute=20),
    },
    # Every night at 03:22: the Telegram bot forgets old update ids, link codes,
    # drafts nobody sent and (90 days on) the texts of the messages it sent.
    "bot-tidy-nightly": {
        "task": "bot.tasks.tidy_task",
        "schedule": crontab(hour=3, minute=22),
    },
    # Every night at 03:25: delete the hashes of client addresses kept to
    # limit answers to surveys that have closed (a closed early one's go at once).
    "surveys-purge-addresses-nightly": {
        "task": "surveys.tasks.purge_addresses_task",
        "schedule": crontab(hour=3, minute=25),
    },
    # Every night at 03:30: recount the stored monthly figures of the current
    # and the previous month of every region (the dashboards read them; they
    # are kept up to date on every change, this is the safety net).
    "month-figures-nightly": {
        "task": "dashboards.tasks.month_figures_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Every morning at 05:30: measure every connected page through its network
    # (Facebook, Instagram, Telegram, a site's feed) and audit it as of today.
    "channels-collect-daily": {
        "task": "channels.tasks.collect_all_task",
        "schedule": crontab(hour=5, minute=30),
    },
    # Every ten minutes: take the posts Telegram channels' bots received, where
    # no webhook delivers them (Telegram keeps them for a day only).
    "channels-telegram-poll": {
        "task": "channels.tasks.telegram_poll_task",
        "schedule": crontab(minute="*/10"),
    },
    # Every Monday at 06:00: audit every social page of every region, so the
    # week starts with fresh verdicts; worse verdicts notify press and chairs.
    "page-audit-weekly": {
        "task": "branches.tasks.run_audit_task",
        "schedule": crontab(hour=6, minute=0, day_of_week="mon"),
    },
}
