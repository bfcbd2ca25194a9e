"""The README and the pages under docs/ stay true to the code they describe.

The README is what a newcomer and an administrator read first: it keeps the
whole table of settings and stays short; the long material lives in docs/,
reached by links that must lead somewhere.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
README = ROOT / "README.md"
PAGES = [README, ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]

# What the settings module reads from the environment: its helpers
# (env_str, env_bool, env_int, env_list) and os.environ.
READ = re.compile(
    r"""(?:env_(?:str|bool|int|list)|environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.DOTALL)
    return {_slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def test_every_environment_variable_of_the_settings_is_in_the_readme_table():
    module = Path(importlib.util.find_spec(os.environ["DJANGO_SETTINGS_MODULE"]).origin)
    read = set(READ.findall(module.read_text()))
    assert len(read) > 20, f"the settings' variables were not found in {module}"
    table = [
        line
        for line in _section(README.read_text(), "## Configuration").splitlines()
        if line.startswith("| `")
    ]
    documented = {
        name for line in table for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split(" | ")[0])
    }
    assert not read - documented, f"not in the README's table: {sorted(read - documented)}"


def test_every_link_between_the_pages_leads_somewhere():
    broken = []
    for page in PAGES:
        for target in LINK.findall(page.read_text()):
            if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
                continue
            name, _, anchor = target.partition("#")
            path = (page.parent / name).resolve() if name else page
            if not path.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert not broken, broken


def test_the_readme_stays_short():
    # Ten minutes of reading; the long material belongs in docs/.
    assert len(README.read_text().splitlines()) <= 400
