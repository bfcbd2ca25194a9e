"""One step in the life of something that moves through statuses (a chair's
material, a member's question): who took it, when, from which status to
which, and why.

`materials.SubmissionEvent` and `questions.QuestionEvent` are this one model,
each over its own table: an app's event keeps a real foreign key to what it
belongs to (deleted with it by the database, joined by the dashboards'
figures) and the status choices of its own workflow; everything else — the
fields, the order, the wording, «who changed it last» for a conflict — is
written here once. (One shared table was weighed and left: its rows would
need a generic relation without the database's cascade, and the two tables'
ids overlap, so one of them would be renumbered.)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import freshness

# A workflow's status codes fit in this many characters.
STATUS_LENGTH = 16


class StatusEventQuerySet(freshness.RegionQuerySet):
    """An event's rows tell the cached pages of their regions of a bulk write
    (`region_path`, declared by each app's event), as every model's do."""

    def latest_step(self):
        """The last step taken (with its user), or None: who changed it last,
        for the message of a conflict."""
        return self.select_related("user").order_by("-at", "-pk").first()


def status_field(label, choices, *, blank: bool = False) -> models.CharField:
    """A status column of an app's event, with that app's workflow's choices."""
    return models.CharField(label, max_length=STATUS_LENGTH, choices=choices, blank=blank)


class StatusEvent(models.Model):
    """The fields every app's event shares; an app's event adds its owner's
    foreign key (related name `events`) and `from_status` / `to_status` made
    by `status_field` with its statuses."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = StatusEventQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
