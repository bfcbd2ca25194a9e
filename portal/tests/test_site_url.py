"""Without SITE_URL the portal's address follows HOST and PORT of `make run`."""
# ruff: noqa: S104  (0.0.0.0 is an address read, not bound)

import json
import os
import subprocess
import sys
from pathlib import Path

from config.settings import site_url_from

ROOT = Path(__file__).resolve().parents[2]


def settings_with(**env) -> dict:
    """SITE_URL and ALLOWED_HOSTS as a fresh process reads them from `env`."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SITE_URL", "HOST", "PORT", "ALLOWED_HOSTS")
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.SITE_URL, settings.ALLOWED_HOSTS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    site_url, allowed_hosts = json.loads(result.stdout.strip().splitlines()[-1])
    return {"SITE_URL": site_url, "ALLOWED_HOSTS": allowed_hosts}


def test_make_runs_port_and_host_make_the_address():
    seen = settings_with(PORT="8101")
    assert seen["SITE_URL"] == "http://127.0.0.1:8101"
    seen = settings_with(HOST="localhost", PORT="8102")
    assert seen["SITE_URL"] == "http://localhost:8102"
    assert "localhost" in seen["ALLOWED_HOSTS"]


def test_without_host_and_port_the_old_default_stays():
    assert settings_with()["SITE_URL"] == "http://127.0.0.1:8000"


def test_site_url_wins_over_host_and_port():
    seen = settings_with(SITE_URL="https://profinfo.example.kz/", HOST="0.0.0.0", PORT="9000")
    assert seen["SITE_URL"] == "https://profinfo.example.kz"


def test_a_server_on_every_interface_is_reached_by_the_machines_address():
    seen = settings_with(HOST="0.0.0.0", PORT="8103")
    url = seen["SITE_URL"]
    assert url.startswith("http://") and url.endswith(":8103")
    host = url.removeprefix("http://").removesuffix(":8103")
    assert host != "0.0.0.0"
    # The address a phone will use is one the development server accepts.
    assert host in seen["ALLOWED_HOSTS"]


def test_ipv6_and_port_80():
    assert site_url_from("::1", "8000") == "http://[::1]:8000"
    assert site_url_from("profinfo.local", "80") == "http://profinfo.local"
