"""Only the networks package speaks to the networks.

`.importlinter` forbids any module outside `networks` to import its
requester (`networks.http`); this test reads every Python file of the
project for an HTTP client of its own (`urllib.request`, `http.client`,
`requests`, `httpx`) and finds none outside `networks/`, the tests and the
few places named below, each with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

CLIENTS = ("urllib.request", "http.client", "requests", "httpx")
# Not the portal's own trees: the virtualenv, the data, the vendored assets.
SKIPPED = {".venv", "var", "static", "node_modules", ".git", "__pycache__"}
ALLOWED = {
    # The stand-in for the networks (a loopback server for `make run` and the
    # sandbox's tests): it fetches a post's image as Telegram and Graph do.
    "channels/sandbox/state.py",
    # The benchmark's load: threads asking the portal's own server on 127.0.0.1.
    "dashboards/management/commands/_serve.py",
}


def _clients(tree: ast.AST) -> list[str]:
    """The HTTP clients a module imports (`import x`, `from x import y`, `from
    urllib import request`)."""
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found += [
            name for name in names if any(name == c or name.startswith(f"{c}.") for c in CLIENTS)
        ]
    return found


def _speakers(base: Path) -> dict[str, list[str]]:
    speakers = {}
    for path in sorted(base.rglob("*.py")):
        parts = path.relative_to(base).parts
        if SKIPPED & set(parts) or parts[0] == "networks":
            continue
        if "tests" in parts or path.name == "conftest.py":
            continue  # a test may talk to its own loopback servers
        name = "/".join(parts)
        if name in ALLOWED:
            continue
        clients = _clients(ast.parse(path.read_text(encoding="utf-8"), filename=name))
        if clients:
            speakers[name] = clients
    return speakers


def test_no_module_outside_networks_speaks_http():
    assert _speakers(Path(settings.BASE_DIR)) == {}


def test_the_scan_would_see_one(tmp_path):
    """A module that calls a network by itself is found, whichever way it imports."""
    (tmp_path / "publishing").mkdir()
    (tmp_path / "publishing" / "shortcut.py").write_text(
        "import urllib.request\nfrom http import client\nimport httpx as h\n"
    )
    (tmp_path / "networks").mkdir()
    (tmp_path / "networks" / "http.py").write_text("import urllib.request\n")
    assert _speakers(tmp_path) == {
        "publishing/shortcut.py": ["urllib.request", "http.client", "httpx"]
    }


def test_every_allowed_place_still_is_one():
    """An exception that no longer exists is struck off, not kept."""
    base = Path(settings.BASE_DIR)
    for name in ALLOWED:
        assert _clients(ast.parse((base / name).read_text(encoding="utf-8"))), name
