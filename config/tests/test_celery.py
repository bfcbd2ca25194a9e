"""The apps never import config: they hand work to Celery's current app, which
must be config's in every thread (a request's thread of runserver or of a
threaded server too), or a send would go to Celery's empty default app and its
default broker."""

import threading

from celery import current_app

from config.celery import app
from portal.infrastructure import broker


def test_the_current_app_is_configs_in_every_thread(settings):
    seen = {}

    def look():
        seen["app"] = current_app._get_current_object()
        seen["broker_url"] = broker.app.conf.broker_url

    thread = threading.Thread(target=look)
    thread.start()
    thread.join(timeout=10)
    assert seen["app"] is app
    assert seen["broker_url"] == settings.CELERY_BROKER_URL
    assert current_app._get_current_object() is app
