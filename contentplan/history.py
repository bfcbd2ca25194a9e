"""A plan's history as events: recorded in no language, read in the reader's.

`services` records what happened as an event code with its facts (titles,
days as ISO dates, status codes, rubric and channel names in every language);
`describe` words an entry in the active language when the history is shown.
An entry from before events (only `summary`) shows its stored text, and an
event whose facts cannot be read shows that text too, never an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils.translation import gettext as _

from portal import dates
from portal.translation import all_languages, from_names

from .models import PlanChange, PlannedPost

# The event codes.
COPIED_RECURRING = "copied_recurring"
SUBMITTED = "submitted"
APPROVED = "approved"
RETURNED = "returned"
REOPENED = "reopened"
POST_ADDED = "post_added"
POST_CHANGED = "post_changed"
POST_MOVED = "post_moved"
POST_STATUS = "post_status"
POST_DELETED = "post_deleted"
POST_MISSED = "post_missed"
MATERIAL_ATTACHED = "material_attached"
POST_PUBLISHED = "post_published"
BULK_MOVED = "bulk_moved"
BULK_STATUS = "bulk_status"
BULK_RESPONSIBLE = "bulk_responsible"
BULK_DELETED = "bulk_deleted"


# --- Facts as stored --------------------------------------------------------------


def day(value: datetime.date) -> str:
    return value.isoformat()


def fact(name: str, value):
    """One field of a post as a fact that reads in any language: a day as an ISO
    date, a choice as its code, the rubric as its names, a person or branch as
    their name (names of people and places are not translated)."""
    if value is None or value == "":
        return None
    if name == "date":
        return day(value)
    if name == "time":
        return value.strftime("%H:%M")
    if name == "rubric":
        return all_languages(value)
    return str(value)  # a choice's code, a person's or a branch's name, a text


# --- Wording ------------------------------------------------------------------------


def _day(iso: str) -> str:
    return dates.format_day(datetime.date.fromisoformat(iso))


def _choice(name: str, code: str) -> str:
    choices = dict(PlannedPost._meta.get_field(name).flatchoices)
    return str(choices.get(code, code))


def _value(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if name == "date":
        return _day(value)
    if name == "rubric":
        return from_names(value)
    if name == "channels":
        return ", ".join(from_names(names) for names in value) or "—"
    if name != "time" and PlannedPost._meta.get_field(name).choices:
        return _choice(name, value)
    return str(value)


def _label(name: str) -> str:
    return str(PlannedPost._meta.get_field(name).verbose_name)


def _change(item: dict) -> str:
    name = item["field"]
    if name == "channels":
        return f"{_label(name)}: {_value(name, item['new'])}"
    return f"{_label(name)}: {_value(name, item['old'])} → {_value(name, item['new'])}"


def _submitted(p: dict) -> str:
    text = _("Sent for approval.")
    if p.get("reason"):
        text += " " + _("Minimums not met, because: %(reason)s") % {"reason": p["reason"]}
    return text


def _when(iso: str, time: str | None) -> str:
    """A day, and its time when there is one."""
    return f"{_day(iso)}, {time}" if time else _day(iso)


def _titles(titles: list[str]) -> str:
    return ", ".join(f"«{title}»" for title in titles)


def _status(code: str) -> str:
    return str(dict(PlannedPost.Status.choices).get(code, code))


def _month(iso: str) -> str:
    return dates.month_words(datetime.date.fromisoformat(iso))


def _post_moved(p: dict) -> str:
    """A move; across months, the plan it went to (in the old plan's history)
    or came from (in the new one's)."""
    text = _("Moved «%(title)s» from %(old)s to %(new)s.") % {
        "title": p["title"],
        "old": _when(p["old"], p.get("old_time")),
        "new": _when(p["new"], p.get("new_time")),
    }
    if p.get("to_month"):
        text += " " + _("It went into the plan of %(month)s.") % {"month": _month(p["to_month"])}
    if p.get("from_month"):
        text += " " + _("It came from the plan of %(month)s.") % {"month": _month(p["from_month"])}
    return text


def _bulk_moved(p: dict) -> str:
    """A bulk move: the plan's posts moved, and across months those that went
    into another month's plan (`to`) or came from one (`from`)."""
    parts = []
    if p["titles"]:
        parts.append(
            _("Moved %(n)s posts by %(days)s days: %(titles)s.")
            % {"n": p["n"], "days": p["days"], "titles": _titles(p["titles"])}
        )
    for item in p.get("to", ()):
        parts.append(
            _("Into the plan of %(month)s: %(titles)s.")
            % {"month": _month(item["month"]), "titles": _titles(item["titles"])}
        )
    for item in p.get("from", ()):
        parts.append(
            _("Moved by %(days)s days from the plan of %(month)s into this one: %(titles)s.")
            % {
                "days": p["days"],
                "month": _month(item["month"]),
                "titles": _titles(item["titles"]),
            }
        )
    return " ".join(parts)


WORDING: dict[str, Callable[[dict], str]] = {
    COPIED_RECURRING: lambda p: (
        _("Copied %(n)s recurring posts from %(month)s.")
        % {"n": p["n"], "month": dates.month_words(datetime.date.fromisoformat(p["month"]))}
    ),
    SUBMITTED: _submitted,
    APPROVED: lambda p: _("Approved."),
    RETURNED: lambda p: f"{_('Returned to draft:')} {p['comment']}",
    REOPENED: lambda p: f"{_('Approval withdrawn:')} {p['comment']}",
    POST_ADDED: lambda p: (
        _("Added «%(title)s» on %(date)s (%(rubric)s).")
        % {"title": p["title"], "date": _day(p["date"]), "rubric": from_names(p["rubric"])}
    ),
    POST_CHANGED: lambda p: (
        _("Changed «%(title)s»: %(changes)s.")
        % {"title": p["title"], "changes": "; ".join(_change(item) for item in p["changes"])}
    ),
    POST_MOVED: _post_moved,
    POST_STATUS: lambda p: (
        _("«%(title)s»: %(old)s → %(new)s.")
        % {"title": p["title"], "old": _status(p["old"]), "new": _status(p["new"])}
    ),
    POST_DELETED: lambda p: (
        _("Deleted «%(title)s» of %(date)s.") % {"title": p["title"], "date": _day(p["date"])}
    ),
    POST_MISSED: lambda p: (
        _("«%(title)s» of %(date)s was not published: marked missed.")
        % {"title": p["title"], "date": _day(p["date"])}
    ),
    MATERIAL_ATTACHED: lambda p: (
        _("Material «%(title)s» from %(branch)s attached to «%(post)s».")
        % {"title": p["title"], "branch": p["branch"], "post": p["post"]}
    ),
    POST_PUBLISHED: lambda p: (
        _("«%(title)s» was published by the portal: %(url)s.")
        % {"title": p["title"], "url": p["url"]}
    ),
    BULK_MOVED: _bulk_moved,
    BULK_STATUS: lambda p: (
        _("%(n)s posts set to «%(status)s»: %(titles)s.")
        % {"n": p["n"], "status": _status(p["status"]), "titles": _titles(p["titles"])}
    ),
    BULK_RESPONSIBLE: lambda p: (
        _("%(n)s posts given to %(who)s: %(titles)s.")
        % {"n": p["n"], "who": p["who"] or _("nobody"), "titles": _titles(p["titles"])}
    ),
    BULK_DELETED: lambda p: (
        _("Deleted %(n)s posts: %(titles)s.") % {"n": p["n"], "titles": _titles(p["titles"])}
    ),
}


def describe(change: PlanChange) -> str:
    """The entry in the active language; its stored text when it has no event
    (older entries, or one written with `summary=`) or the facts do not read."""
    wording = WORDING.get(change.event)
    if wording is not None:
        try:
            return wording(change.params or {})
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    return change.summary or change.event
