"""Configuration: the settings, the root URLconf, the Celery app and its
schedule, and the entry points (wsgi, asgi). It stands above every app and no
app imports it: the apps ask Django for `settings` and Celery for
`current_app`.

Loading the Celery app with Django's settings binds every @shared_task to it.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)
