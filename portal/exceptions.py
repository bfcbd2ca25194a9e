"""The two ways a service says no, shared by every app.

`Refused`: the change is not allowed; its message is for the user.
`Conflict`: someone else saved the object after this user opened it; nothing
was saved, and `current` is the object as it is now, so a page can show the
other person's values beside the user's input (plans, posts, materials and
questions all answer a stale save the same way).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class Refused(Exception):
    """The change is not allowed; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Conflict(Exception):
    """Someone else saved the object since this user opened it; nothing was saved."""

    def __init__(self, current, *, who=None, when=None, form_kept: bool = True):
        """`form_kept`: the page keeps the user's input and shows the current
        values beside it (the plan's forms); otherwise it shows the object anew."""
        self.current = current
        who = who or getattr(current, "updated_by", None) or _("someone")
        when = when or getattr(current, "updated_at", None) or timezone.now()
        words = {"who": who, "when": date_format(timezone.localtime(when), "j E, H:i")}
        if form_kept:
            message = _(
                "%(who)s saved this at %(when)s, after you opened it. Nothing of yours "
                "was lost: your input is still in the form, and their values are shown "
                "beside it. Check them and save again."
            )
        else:
            message = _(
                "%(who)s changed this at %(when)s, after you opened it; nothing of yours "
                "was saved. The page shows it as it is now: check it and repeat."
            )
        super().__init__(message % words)
        self.message = str(self)
