"""Sections that floors above the content plan add to a post's panel.

An app registers a template in its `AppConfig.ready` (`register(...)`); the
panel includes each one with the panel's context (`post`, `plan`, `may_edit`).
The content plan knows only the template names, never the apps.
"""

from __future__ import annotations

_sections: list[tuple[int, str]] = []


def register(template_name: str, position: int = 100) -> None:
    if all(name != template_name for _position, name in _sections):
        _sections.append((position, template_name))
        _sections.sort()


def sections() -> list[str]:
    return [name for _position, name in _sections]
