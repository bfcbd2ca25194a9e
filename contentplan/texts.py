"""The text a post goes out with, written once in the post's own form.

The content plan plans posts; the text that goes out to the networks (with a
version per network where one needs other words) is kept by the app that
publishes posts, which stands above this one and may not be imported here.
That app gives its `PostExtension` (`contentplan.extensions`) a `post_texts`
hook, to fill the post form, and a `save_text` hook, which the post's
services call inside the transaction that saves the post. With nothing
registered the post form has no text: the brief is all there is.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import extensions


def _with(hook: str) -> list:
    return [e for e in extensions.registered() if getattr(e, hook) is not None]


def writable() -> bool:
    """Whether a post has a text to write (some app keeps it)."""
    return bool(_with("save_text"))


def of(post_ids: Iterable[int]) -> dict[int, str]:
    """Each post's text as the registered apps keep it; {} for none."""
    ids = list(post_ids)
    found: dict[int, str] = {}
    if not ids:
        return found
    for extension in _with("post_texts"):
        for post_id, text in (extension.post_texts(ids) or {}).items():
            found.setdefault(post_id, text)
    return found


def save(*, post, user, text: str) -> None:
    for extension in _with("save_text"):
        extension.save_text(post=post, user=user, text=text)


def fill_if_empty(*, post, user, text: str) -> None:
    """A material joins a post: its text becomes the post's, unless the post
    already has one (nobody's writing is overwritten)."""
    if text.strip() and not of([post.pk]).get(post.pk, "").strip():
        save(post=post, user=user, text=text)
