import pytest
from django.conf import settings


@pytest.fixture
def english(client):
    """Pages in English, the source language, so messages are checked as written."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def stored_files() -> list[str]:
    """Every file under MEDIA_ROOT, relative to it."""
    root = settings.MEDIA_ROOT
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
