"""Static files under `make run` (DEBUG, straight from the folders) cached by
the browser like the collected ones in production.

In production `collectstatic` names every file by a hash of its content and
WhiteNoise lets browsers keep those for a year (`immutable`). Under `make run`
nothing is collected, so the files keep their plain names and WhiteNoise sends
them with `max-age=0`: a repeat visit asked again for every stylesheet and
script (one round trip each, 400 ms on a slow mobile link) before the page
could start. Here the addresses carry the content's digest instead
(`/static/css/profinfo.css?v=3f2a…`, `VersionedStaticFilesStorage`) and a file
asked for with the digest of what it holds now is sent as immutable
(`StaticFilesMiddleware`); an edited file gets a new address at once, so a
developer never sees an old one.
"""

from __future__ import annotations

import hashlib
import os

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.middleware import WhiteNoiseMiddleware

# Digests of the files as last read: (path, mtime, size) → digest.
_digests: dict[tuple[str, int, int], str] = {}


def digest_of(name: str) -> str:
    """The first 12 hex digits of the SHA-256 of the static file `name` as the
    finders find it now; "" when there is none."""
    path = finders.find(name)
    if not path or isinstance(path, list):
        return ""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _digests:
        with open(path, "rb") as handle:
            _digests[key] = hashlib.file_digest(handle, "sha256").hexdigest()[:12]
    return _digests[key]


class VersionedStaticFilesStorage(StaticFilesStorage):
    """The folders' files (DEBUG), each address with its content's digest."""

    def url(self, name):
        address = super().url(name)
        digest = digest_of(name)
        return f"{address}?v={digest}" if digest else address


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise; when it reads the folders (DEBUG), a file asked for with the
    digest of its current content may be kept by the browser for a year."""

    def __call__(self, request):
        if not self.autorefresh:
            return super().__call__(request)
        static_file = self.find_file(request.path_info)
        if static_file is None:
            return self.get_response(request)
        response = self.serve(static_file, request)
        version = request.GET.get("v")
        if version and response.status_code in (200, 304):
            name = request.path_info[len(self.static_prefix) :]
            if version == digest_of(name):
                response["Cache-Control"] = f"max-age={self.FOREVER}, public, immutable"
        return response
