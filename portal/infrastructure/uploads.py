"""What every upload check shares, whatever it accepts: the file's own name
as the uploader's browser sent it, a plain-words guess at what a refused file
is, and the message that refuses it.

The photos of materials (`materials.photos`) and the library's files
(`bulletins.uploads`) both recognise a file by its content, never by its
name; each says in its own words which kinds it names (`what_else`'s
`words`), since a PDF is refused as a photo but accepted in the library.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script")
_PROGRAM_STARTS = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
_ARCHIVE_STARTS = (b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")


def base_name(name: str | None, *, limit: int, fallback: str) -> str:
    """The file's own name, without the folders or control characters a browser may send."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    return name.strip(" .")[:limit] or fallback


def sniff(head: bytes) -> str | None:
    """What a file's first bytes say it is, among common kinds people send by
    mistake: "program", "html", "svg", "old_office", "archive", "gif", "pdf"."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_PROGRAM_STARTS):
        return "program"
    if text.startswith(_HTML_STARTS):
        return "html"
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "svg"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "old_office"
    if head.startswith(_ARCHIVE_STARTS):
        return "archive"
    if head.startswith(b"GIF8"):
        return "gif"
    if head.startswith(b"%PDF-"):
        return "pdf"
    return None


def what_else(head: bytes, words: dict) -> str | None:
    """A plain-words name for a kind of file that is not accepted, from the
    caller's `words` (kind → words); None for a kind it does not name."""
    kind = sniff(head)
    return str(words[kind]) if kind in words else None


def not_accepted(name: str, head: bytes, *, words: dict, expected: str) -> str:
    """The message that refuses a file which is none of the `expected` kinds."""
    other = what_else(head, words)
    if other:
        return _("The file «%(name)s» is %(other)s; only %(expected)s is accepted.") % {
            "name": name,
            "other": other,
            "expected": expected,
        }
    return _(
        "The file «%(name)s» is not %(expected)s; only these are accepted. "
        "What counts is the content of the file, not its name."
    ) % {"name": name, "expected": expected}
