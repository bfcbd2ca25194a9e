"""Every icon the pages name is in the icon font subset they load."""

import re

from fontTools.ttLib import TTFont

from portal.infrastructure import icons


def subset_rules() -> dict[str, int]:
    rule = re.compile(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')
    return {name: int(code, 16) for name, code in rule.findall(icons.SUBSET_CSS.read_text())}


def test_every_icon_named_in_templates_and_scripts_is_in_the_subset():
    known = icons.all_icons()
    in_subset = subset_rules()
    named = icons.named_as_class()
    missing = {
        name: sorted(str(path) for path in paths)
        for name, paths in named.items()
        if name in known and name not in in_subset
    }
    assert not missing, f"run `manage.py subset_static`; missing: {missing}"
    # Names built in Python (the menu, the statuses) and in a template's
    # condition (the bell) are in it too.
    assert {"speedometer2", "check2-all", "x-octagon", "bell-fill"} <= set(in_subset)


def test_the_subset_font_draws_every_icon_of_its_css():
    font = TTFont(str(icons.SUBSET_FONT))
    drawn = set(font.getBestCmap())
    rules = subset_rules()
    assert rules, "the subset CSS names no icon"
    assert {name for name, code in rules.items() if code not in drawn} == set()
    assert icons.SUBSET_FONT.stat().st_size < icons.FULL_FONT.stat().st_size / 5


def test_a_name_that_is_no_icon_is_not_counted(tmp_path):
    (tmp_path / "page.html").write_text(
        '<i class="bi bi-bell{% if unread %}-fill{% endif %}"></i><i class="bi-nonsense"></i>'
    )
    (tmp_path / "menu.py").write_text('register(NavItem("a:b", "Label", "speedometer2"))')
    assert icons.used_icons(tmp_path) == {"bell", "bell-fill", "speedometer2"}
