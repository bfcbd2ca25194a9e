"""The small shared homes the apps call: a workflow table, the cache's
get–compute–put, and what every upload check shares."""

from types import SimpleNamespace

import pytest

from portal import freshness
from portal.infrastructure import uploads
from portal.workflow import Transitions


def test_a_table_answers_who_may_move_what_where():
    allowed = {"press"}
    table = Transitions(
        {
            ("draft", "sent"): lambda user, obj: user in allowed,
            ("draft", "gone"): lambda user, obj: True,
            ("sent", "draft"): lambda user, obj: True,
        }
    )
    draft = SimpleNamespace(status="draft")
    assert table.may_move("press", draft, "sent") and not table.may_move("chair", draft, "sent")
    assert not table.may_move("press", draft, "draft")  # not in the table: refused
    assert table.targets("press", draft) == ["sent", "gone"]  # in the table's order
    assert table.targets("chair", draft) == ["gone"]


@pytest.mark.django_db
def test_a_cached_value_is_computed_once_and_none_is_never_kept():
    key = freshness.key("tests.homes", "once")
    computed = []
    assert freshness.cached(key, lambda: computed.append(1) or {"n": 1}) == {"n": 1}
    assert freshness.cached(key, lambda: computed.append(1) or {"n": 2}) == {"n": 1}
    assert computed == [1]
    nothing = freshness.key("tests.homes", "nothing")
    freshness.cached(nothing, lambda: computed.append(2))
    freshness.cached(nothing, lambda: computed.append(2))
    assert computed == [1, 2, 2]


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"MZ\x90\x00", "program"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "html"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">', "svg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old_office"),
        (b"\x1f\x8b\x08\x00", "archive"),
        (b"GIF89a", "gif"),
        (b"%PDF-1.7", "pdf"),
        (b"\x89PNG\r\n\x1a\n", None),
        (b"plain text", None),
    ],
)
def test_a_refused_file_is_named_by_its_first_bytes(head, kind):
    assert uploads.sniff(head) == kind
    assert uploads.what_else(head, {"gif": "GIF"}) == ("GIF" if kind == "gif" else None)


def test_a_file_name_loses_its_folders_and_control_characters():
    assert uploads.base_name("C:\\Users\\Айгуль\\Отчёт\x00.pdf ", limit=200, fallback="f") == (
        "Отчёт.pdf"
    )
    assert uploads.base_name("../..", limit=10, fallback="photo") == "photo"
    assert uploads.base_name("a" * 300, limit=150, fallback="f") == "a" * 150
