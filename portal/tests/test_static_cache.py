"""Under `make run` (DEBUG, files from the folders) static addresses carry the
content's digest and the browser keeps them like production's hashed files:
a repeat visit asks for none of them again (portal/infrastructure/staticfiles.py)."""

import hashlib
import os
import re

import pytest
from django.conf import settings
from django.templatetags.static import static

from portal.infrastructure import staticfiles

pytestmark = pytest.mark.skipif(
    not settings.WHITENOISE_AUTOREFRESH, reason="only under DEBUG are files read from the folders"
)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def test_an_address_carries_the_digest_of_the_content():
    address = static("css/profinfo.css")
    expected = digest(settings.BASE_DIR / "static" / "css" / "profinfo.css")
    assert address == f"/static/css/profinfo.css?v={expected}"


def test_a_versioned_file_is_kept_and_a_plain_one_asked_again(client):
    kept = client.get(static("css/profinfo.css"))
    assert kept.status_code == 200
    assert "immutable" in kept["Cache-Control"]
    assert re.search(r"max-age=(\d+)", kept["Cache-Control"]).group(1) == str(10 * 365 * 86400)
    for address in ("/static/css/profinfo.css", "/static/css/profinfo.css?v=000000000000"):
        asked = client.get(address)
        assert asked.status_code == 200
        assert "immutable" not in asked["Cache-Control"]
        # WhiteNoise's own: 0 under runserver's DEBUG, 60 s in the tests.
        assert int(re.search(r"max-age=(\d+)", asked["Cache-Control"]).group(1)) <= 60


def test_an_edited_file_gets_a_new_address(client, settings, tmp_path):
    folder = tmp_path / "static"
    folder.mkdir()
    settings.STATICFILES_DIRS = [folder, *settings.STATICFILES_DIRS]
    script = folder / "edited.js"
    script.write_text("console.log(1);\n")
    before = static("edited.js")
    assert before == f"/static/edited.js?v={digest(script)}"
    assert "immutable" in client.get(before)["Cache-Control"]
    script.write_text("console.log(2);\n")
    stat = script.stat()
    os.utime(script, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    after = static("edited.js")
    assert after != before
    assert after == f"/static/edited.js?v={digest(script)}"
    # The old address now names content that is not there: not kept.
    old = client.get(before)
    assert b"console.log(2)" in b"".join(old.streaming_content)
    assert "immutable" not in old["Cache-Control"]
    staticfiles._digests.clear()
