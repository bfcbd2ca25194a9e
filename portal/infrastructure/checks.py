"""System checks for configuration mistakes a deployer can make."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError


@register()
def check_site_url(app_configs, **kwargs):
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return [
            Error(
                "SITE_URL must be an absolute http(s) address, such as https://profinfo.example.kz.",
                id="portal.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_site_url_deploy(app_configs, **kwargs):
    """QR codes and e-mails carry SITE_URL: it must be the public HTTPS address."""
    parts = urlsplit(settings.SITE_URL)
    problems = []
    if parts.scheme != "https":
        problems.append(
            Warning(
                "SITE_URL is not an https:// address; QR codes and e-mail links would use it.",
                id="portal.W001",
            )
        )
    host = parts.hostname or ""
    allowed = settings.ALLOWED_HOSTS
    if "*" not in allowed and not any(
        host == pattern or (pattern.startswith(".") and host.endswith(pattern))
        for pattern in allowed
    ):
        problems.append(
            Warning(
                f"The host of SITE_URL ({host}) is not in ALLOWED_HOSTS.",
                id="portal.W002",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def check_demo_users_deploy(app_configs, **kwargs):
    """Demo accounts have a public password: a production database keeps none."""
    if settings.DEBUG:
        return []
    from ..models import User

    try:
        names = sorted(User.objects.filter(is_demo=True).values_list("username", flat=True))
    except DatabaseError:  # not migrated yet, or not reachable: nothing to say here
        return []
    if not names:
        return []
    return [
        Error(
            f"Demo accounts exist with DEBUG off: {', '.join(names)}. They cannot log in; "
            "remove them with `python manage.py remove_demo_users`.",
            id="portal.E002",
        )
    ]


@register(Tags.staticfiles, deploy=True)
def check_static_manifest_deploy(app_configs, **kwargs):
    """With DEBUG off every page needs the collected static files' manifest."""
    if settings.DEBUG:
        return []
    from .health import static_manifest_problem

    problem = static_manifest_problem()
    if not problem:
        return []
    return [Error(f"Static files are not ready: {problem}.", id="portal.E003")]


@register()
def check_backup_dir(app_configs, **kwargs):
    """Backups hold every file and the whole database: never where a web
    server or the media views could hand them out."""
    backups = Path(settings.BACKUP_DIR).resolve()
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        root = Path(getattr(settings, name)).resolve()
        if backups == root or root in backups.parents:
            return [Error(f"BACKUP_DIR ({backups}) is inside {name} ({root}).", id="portal.E004")]
    return []
