from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _unicode_upper(value):
    return value.upper() if isinstance(value, str) else value


def _sqlite_unicode_case(sender, connection, **kwargs) -> None:
    """SQLite's UPPER() knows only ASCII; give it Python's, which knows Cyrillic."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("upper", 1, _unicode_upper, deterministic=True)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Organisation and people")

    def ready(self) -> None:
        from . import freshness, totals
        from .infrastructure import checks  # noqa: F401  (registers the system checks)

        totals.connect()
        # Cached figures get a new version after every committed change of a row.
        freshness.connect()

        connection_created.connect(_sqlite_unicode_case, dispatch_uid="profinfo-sqlite-upper")
