"""The pages load a subset of Bootstrap's stylesheet: every class they use is in it."""

import gzip
import re

from portal.infrastructure import stylesheets

from .test_url_matrix import ALL_CASES
from .url_cases import ROLES

CLASS_ATTRIBUTE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def subset_classes() -> set[str]:
    return stylesheets.defined_classes(stylesheets.SUBSET_CSS.read_text())


def test_the_subset_holds_what_the_scan_finds_today():
    written = stylesheets.SUBSET_CSS.read_text()
    # Every rule the scan keeps today (a rule kept that is no longer used is harmless).
    wanted = stylesheets.selectors(stylesheets.subset_css())
    missing = sorted(wanted - stylesheets.selectors(written))
    assert not missing, f"run `manage.py subset_static`; missing: {missing}"
    # It is a subset worth having: under two thirds of the full file gzipped.
    full = stylesheets.FULL_CSS.read_bytes()
    assert len(gzip.compress(written.encode())) < len(gzip.compress(full)) * 2 / 3


def test_every_rule_the_pages_of_the_matrix_may_need_is_in_the_subset(world, client_for):
    """A rule of Bootstrap's whose classes are all on a page is in the subset."""
    full = stylesheets.selectors(stylesheets.FULL_CSS.read_text())
    needing = [(selector, stylesheets.required_classes(selector)) for selector in full]
    kept = stylesheets.selectors(stylesheets.SUBSET_CSS.read_text())
    missing: dict[str, set[str]] = {}
    pages = 0
    for case in ALL_CASES:
        if case.method != "get" or case.name.startswith("admin:"):
            continue  # the admin has its own stylesheet
        role = next((role for role in reversed(ROLES) if case.expect[role] == 200), None)
        if role is None:
            continue
        client = client_for(None if role == "anonymous" else world.users[role])
        response = client.get(case.url(world))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = b"".join(response.streaming_content) if response.streaming else response.content
        on_page = {
            name
            for double, single in CLASS_ATTRIBUTE.findall(html.decode(errors="ignore"))
            for name in (double or single).split()
        }
        for selector, classes in needing:
            if classes and classes <= on_page and selector not in kept:
                missing.setdefault(selector, set()).add(case.id)
    assert pages > 100, pages
    assert not missing, f"run `manage.py subset_static`; Bootstrap rules left out: {missing}"


def test_a_rule_stays_when_every_class_it_needs_is_used():
    css = (
        ":root{--x:1}.btn{a:1}.btn:hover,.card .btn{b:2}.toast{c:3}"
        ".row>:not(.col){d:4}@media (min-width:768px){.col-md-4{e:5}.toast-body{f:6}}"
        "@keyframes spin{to{transform:rotate(1turn)}}"
        '.form-select{background:url("data:image/svg+xml,%3csvg%3e{}")}'
    )
    keep = stylesheets.keeper(
        {"btn", "row", "form-select"}, {"toast", "show"}, {"col-md-"}, {"btn", "toast-body"}
    )
    assert stylesheets.subset(css, keep) == (
        ":root{--x:1}.btn{a:1}.btn:hover{b:2}.row>:not(.col){d:4}"
        "@media (min-width:768px){.col-md-4{e:5}}"
        "@keyframes spin{to{transform:rotate(1turn)}}"
        '.form-select{background:url("data:image/svg+xml,%3csvg%3e{}")}'
    )


def test_classes_built_from_a_prefix_are_found(tmp_path):
    (tmp_path / "badge.html").write_text('<span class="badge text-bg-{{ tone }}">')
    (tmp_path / "views.py").write_text('css = f"btn-outline-{kind}"')
    (tmp_path / "board.js").write_text("el.className = `border-${side}`; x = 'bg-' + colour;")
    ours, _theirs, prefixes = stylesheets.used_words(tmp_path)
    assert {"text-bg-", "btn-outline-", "border-", "bg-"} <= prefixes
    assert "badge" in ours
