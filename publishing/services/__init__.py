"""Publishing approved posts, a module per concern (as Zulip's zerver/actions):

- `due`: when a post is due, and its «waiting» publications created then;
- `outgoing`: what a publication sends, and the calls to its network;
- `publish`: claiming, publishing and recording one publication (exactly once);
- `editing`, `deleting`: changing what went out, by a task or the minute's run;
- `people`: «Повторить» and settling an «unknown» publication;
- `run`: the run of every minute;
- `changes`: the writes, and the cached pages told of them;
- `shared`: who may change a publication, and whom to tell.

The states move through `publishing.workflow`'s table; publish, edit and
delete are driven by one engine (`publishing.engine`). The names other apps
and the tasks use are here.
"""

from ..engine import HELD, STALE_AFTER, network_of
from .changes import _note, _set  # dashboards' cache tests write through them
from .deleting import DELETE, deletion_attempt, deletions_due, posts_leaving, publication_delete
from .due import connection_for, planned_moment, publications_create
from .editing import (
    EDIT,
    edit_attempt,
    edits_due,
    publication_update_text,
    text_from_post_form,
    text_save,
)
from .outgoing import image_names
from .people import publication_confirm, publication_retry
from .publish import PUBLISH, _claim, publication_attempt, reconcile
from .run import Run, publish_due

__all__ = [
    "DELETE",
    "EDIT",
    "HELD",
    "PUBLISH",
    "STALE_AFTER",
    "Run",
    "_claim",
    "_note",
    "_set",
    "connection_for",
    "deletion_attempt",
    "deletions_due",
    "edit_attempt",
    "edits_due",
    "image_names",
    "network_of",
    "planned_moment",
    "posts_leaving",
    "publication_attempt",
    "publication_confirm",
    "publication_delete",
    "publication_retry",
    "publication_update_text",
    "publications_create",
    "publish_due",
    "reconcile",
    "text_from_post_form",
    "text_save",
]
