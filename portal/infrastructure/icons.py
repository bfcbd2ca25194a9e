"""The icons the portal uses, and the subset of Bootstrap Icons that holds them.

The vendored font has some two thousand icons (134 KB as WOFF2, and 87 KB of
CSS naming them); the pages use a few dozen. `manage.py subset_static` scans
the templates, our JavaScript and Python for the icons named there and writes
`bootstrap-icons-subset.css` and `fonts/bootstrap-icons-subset.woff2` beside
the full set, which base.html links. Run it again after adding an icon (the
test `portal/tests/test_icons.py` fails until then).

An icon is found as `bi-NAME` anywhere, or as a quoted string that is exactly
an icon's name (the menu's `NavItem(..., "speedometer2", ...)`, the statuses'
icons in a template tag, `{% include ... icon="eye" %}`): a word that merely
happens to be an icon's name costs a few hundred bytes, a missing icon a blank.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap-icons"
FULL_CSS = VENDOR / "bootstrap-icons.min.css"
FULL_FONT = VENDOR / "fonts" / "bootstrap-icons.woff2"
SUBSET_CSS = VENDOR / "bootstrap-icons-subset.css"
SUBSET_FONT = VENDOR / "fonts" / "bootstrap-icons-subset.woff2"

SKIPPED_DIRS = {".venv", "var", "node_modules", ".git", "locale", "vendor", "__pycache__", "tests"}
SCANNED = {".html", ".js", ".py", ".txt"}
RULE = re.compile(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')
CLASS = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")
# `bi-bell{% if unread %}-fill{% endif %}`: both bell and bell-fill.
SUFFIXED = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)\{%[^%]*%\}(-[a-z0-9-]+)\{%\s*endif\s*%\}")
QUOTED = re.compile(r"""["']([a-z0-9]+(?:-[a-z0-9]+)*)["']""")


def all_icons() -> dict[str, int]:
    """Every icon of the vendored set: name → code point."""
    return {name: int(code, 16) for name, code in RULE.findall(FULL_CSS.read_text())}


def source_files(base: Path | None = None):
    base = base or Path(settings.BASE_DIR)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if Path(name).suffix in SCANNED:
                yield Path(folder) / name


def named_as_class(base: Path | None = None) -> dict[str, set[Path]]:
    """`bi-NAME` as written in templates, JavaScript and Python: name → files."""
    found: dict[str, set[Path]] = {}
    for path in source_files(base):
        text = path.read_text(errors="ignore")
        names = CLASS.findall(text) + [head + tail for head, tail in SUFFIXED.findall(text)]
        for name in names:
            found.setdefault(name, set()).add(path)
    return found


def used_icons(base: Path | None = None) -> set[str]:
    """The icons the code names, as classes or as quoted names."""
    known = all_icons()
    used = {name for name in named_as_class(base) if name in known}
    for path in source_files(base):
        used |= {name for name in QUOTED.findall(path.read_text(errors="ignore")) if name in known}
    return used


def subset_css(icons: dict[str, int], font_url: str) -> str:
    """The CSS of the full set (its @font-face and base rule) for these icons only."""
    head = (
        "/*! Bootstrap Icons v1.13.2 (https://icons.getbootstrap.com/), MIT licence; "
        "the icons Profinfo uses, written by manage.py subset_static */\n"
        "@font-face{font-display:block;font-family:bootstrap-icons;"
        f'src:url("{font_url}") format("woff2")}}\n'
        '.bi::before,[class*=" bi-"]::before,[class^=bi-]::before{display:inline-block;'
        "font-family:bootstrap-icons!important;font-style:normal;font-weight:400!important;"
        "font-variant:normal;text-transform:none;line-height:1;vertical-align:-.125em;"
        "-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale}\n"
    )
    rules = "".join(
        f'.bi-{name}::before{{content:"\\{code:x}"}}\n' for name, code in sorted(icons.items())
    )
    return head + rules


def write_subset() -> dict[str, int]:
    """Write the subset CSS and font; return the icons they hold."""
    from fontTools import subset

    known = all_icons()
    icons = {name: known[name] for name in sorted(used_icons())}
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(FULL_FONT), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(set(icons.values())))
    subsetter.subset(font)
    subset.save_font(font, str(SUBSET_FONT), options)
    # A fingerprint of the icons in the font's address, so a browser that kept
    # an older subset (runserver serves without hashed names) fetches the new one.
    stamp = f"{sum(icons.values()) % 100000:05d}-{len(icons)}"
    SUBSET_CSS.write_text(subset_css(icons, f"fonts/bootstrap-icons-subset.woff2?{stamp}"))
    return icons
