"""Sections that floors above the content plan add to a post's panel.

An app names a template in its `PostExtension` (`contentplan.extensions`);
the panel includes each one with the panel's context (`post`, `plan`,
`may_edit`), in the order of their positions. The content plan knows only
the template names, never the apps.
"""

from __future__ import annotations

from . import extensions


def sections() -> list[str]:
    found = [
        (extension.panel_position, extension.panel_template)
        for extension in extensions.registered()
        if extension.panel_template is not None
    ]
    return [name for _position, name in sorted(found)]
