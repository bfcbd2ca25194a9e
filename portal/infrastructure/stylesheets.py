"""The rules of Bootstrap's stylesheet the portal uses, and nothing else.

The vendored `bootstrap.min.css` is 232 KB (31 KB gzipped) and every first
visit waits for it before the page is drawn; the pages use a fraction of its
classes. `manage.py subset_static` (with the icons, `portal/infrastructure/icons.py`) scans
what can put a class on a page — our templates, JavaScript and Python, the
templates of crispy-bootstrap5 and the vendored scripts that add classes
themselves (Bootstrap's, htmx, Tom Select) — and writes
`bootstrap-subset.min.css` beside the full file, which base.html links.

A rule stays when every class its selector needs is a word found there. A
class built from a prefix (`text-bg-{{ tone }}`, `f"btn-{kind}"`,
`'bg-' + colour`, `` `border-${side}` ``) keeps every class of that prefix.
Whatever names no class (the variables of `:root`, `body`, `h1`, `[hidden]`,
the keyframes) stays as it is, and so does a class inside `:not(…)`, which
does not need to be on the page for the rule to apply. A class kept that a
page never uses costs a few bytes; a class dropped that a page uses costs its
look — so the scan keeps any word that could be a class, and
`portal/tests/test_stylesheets.py` renders the pages of the URL matrix and
checks every class on them that Bootstrap defines is in the subset.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from portal.infrastructure import icons

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"
FULL_CSS = VENDOR / "bootstrap/bootstrap.min.css"
SUBSET_CSS = VENDOR / "bootstrap/bootstrap-subset.min.css"
# Scripts that put classes of Bootstrap's on the page themselves.
VENDOR_SCRIPTS = (
    VENDOR / "bootstrap/bootstrap.bundle.min.js",
    VENDOR / "htmx/htmx.min.js",
    VENDOR / "tom-select/tom-select.complete.min.js",
)
GROUPING = ("@media", "@supports", "@container", "@layer")

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# A class written up to a value filled in later: a template's variable or
# tag, an f-string or str.format field, a JavaScript template or a "+".
PREFIX = re.compile(
    r"""([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*-)(?=\{\{|\{%|\$\{|\{[A-Za-z_}]|%s|["'`]\s*\+)"""
)
CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
NOT = re.compile(r":not\(")


def _package_templates() -> list[Path]:
    try:
        import crispy_bootstrap5
    except ImportError:  # pragma: no cover - a requirement
        return []
    return sorted(Path(crispy_bootstrap5.__file__).parent.rglob("*.html"))


def used_words(base: Path | None = None) -> tuple[set[str], set[str], set[str]]:
    """The words that could be classes in our files and in the vendored
    scripts and package templates, and the class prefixes built on."""
    ours: set[str] = set()
    theirs: set[str] = set()
    prefixes: set[str] = set()
    packages = _package_templates() if base is None else []
    for path in [*icons.source_files(base), *packages]:
        text = path.read_text(errors="ignore")
        ours.update(WORD.findall(text))
        prefixes.update(PREFIX.findall(text))
    for path in VENDOR_SCRIPTS if base is None else ():
        theirs.update(WORD.findall(path.read_text(errors="ignore")))
    return ours, theirs, prefixes


# --- a small reader of minified CSS: rules, at-rules and their blocks ---------


def _unquoted(css: str, position: int):
    """(index, character) from `position` on, strings and comments stepped over."""
    length = len(css)
    while position < length:
        char = css[position]
        if char in "\"'":
            position += 1
            while position < length and css[position] != char:
                position += 2 if css[position] == "\\" else 1
        elif css.startswith("/*", position):
            position = css.index("*/", position) + 1
        else:
            yield position, char
        position += 1


def _blocks(css: str):
    """Top-level (prelude, body) pairs; body is None for `@charset …;`."""
    position = 0
    while position < len(css):
        end = next((i for i, char in _unquoted(css, position) if char in "{;"), len(css))
        prelude = css[position:end].strip()
        if end == len(css) or css[end] == ";":
            if prelude:
                yield prelude, None
            position = end + 1
            continue
        close = _closing(css, end)
        yield prelude, css[end + 1 : close]
        position = close + 1


def _closing(css: str, opening: int) -> int:
    """The index of the brace that closes the one at `opening`."""
    depth = 0
    for index, char in _unquoted(css, opening):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index
    raise ValueError(f"unclosed brace at {opening}")


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _without_not(selector: str) -> str:
    """The selector without its `:not(…)` arguments."""
    out, position = [], 0
    for match in NOT.finditer(selector):
        if match.start() < position:
            continue
        out.append(selector[position : match.start()])
        depth, position = 1, match.end()
        while depth and position < len(selector):
            depth += {"(": 1, ")": -1}.get(selector[position], 0)
            position += 1
    out.append(selector[position:])
    return "".join(out)


def required_classes(selector: str) -> set[str]:
    """The classes an element (or its ancestors) must carry for the selector to match."""
    bare = re.sub(r"\[[^\]]*\]", "", _without_not(selector))
    return set(CLASS.findall(bare))


def subset(css: str, keep) -> str:
    """The stylesheet with the selectors `keep(classes)` refuses left out."""
    out = []
    for prelude, body in _blocks(css):
        if body is None:
            if not prelude.startswith("/*"):  # the full file's source map is not ours
                out.append(prelude + ";")
        elif prelude.startswith("/*"):
            # The licence comment that opens the file, glued to the first rule.
            end = prelude.index("*/") + 2
            out.append(prelude[:end])
            rest = prelude[end:].strip()
            if rest:
                out.append(subset(f"{rest}{{{body}}}", keep))
        elif prelude.startswith("@"):
            if prelude.startswith(GROUPING):
                inner = subset(body, keep)
                if inner:
                    out.append(f"{prelude}{{{inner}}}")
            else:  # @font-face, @keyframes, @page: kept whole
                out.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in _split_selectors(prelude) if keep(required_classes(s))]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def keeper(ours: set[str], theirs: set[str], prefixes: set[str], defined: set[str]):
    """A class is used when our files name it or build it from a prefix. The
    vendored scripts name every class of every component they drive; of
    those, a state (`show`, `fade`, `collapsing`) counts, and a component
    (`carousel`) or a part of one (`modal-backdrop`) counts when our files
    use the component (`modal`)."""
    roots = {name.split("-")[0] for name in defined if "-" in name}

    def used(name: str) -> bool:
        if name in ours or any(name.startswith(prefix) for prefix in prefixes):
            return True
        if name not in theirs:
            return False
        return name.split("-")[0] in ours if "-" in name or name in roots else True

    def keep(classes: set[str]) -> bool:
        return all(used(name) for name in classes)

    return keep


def selectors(css: str) -> set[str]:
    """Every selector of the stylesheet's rules, in and out of @media."""
    found: set[str] = set()
    for prelude, body in _blocks(css):
        if body is None:
            continue
        if prelude.startswith("/*"):
            prelude = prelude[prelude.index("*/") + 2 :].strip()
        if prelude.startswith(GROUPING):
            found |= selectors(body)
        elif not prelude.startswith("@"):
            found.update(_split_selectors(prelude))
    return found


def defined_classes(css: str) -> set[str]:
    return set(CLASS.findall(re.sub(r"url\([^)]*\)|\"[^\"]*\"", "", css)))


def subset_css(base: Path | None = None) -> str:
    full = FULL_CSS.read_text()
    return subset(full, keeper(*used_words(base), defined_classes(full)))


def write_subset() -> int:
    """Write the subset beside the full stylesheet; return its size in bytes."""
    text = subset_css()
    # After @charset, which must open the file.
    charset = '@charset "UTF-8";'
    head = "/* The rules of bootstrap.min.css Profinfo uses: manage.py subset_static */\n"
    text = charset + head + text.removeprefix(charset)
    SUBSET_CSS.write_text(text)
    return len(text.encode())
