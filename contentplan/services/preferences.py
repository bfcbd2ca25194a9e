"""A user's own settings of the plan: the view they last chose and the
private calendar feed.
"""

from __future__ import annotations

import secrets

from django.db import transaction

from portal import freshness
from portal.models import User

from .. import selectors
from ..models import (
    CalendarPreference,
    FeedToken,
)

# --- The calendar view a user last chose --------------------------------------------


# How long the cache keeps the stamp of a user's choice of view; once it is
# forgotten, the next page stores the choice again.
PREFERENCE_STAMP_TIMEOUT = 30 * 24 * 3600


@transaction.atomic
def calendar_preference_save(*, user: User, view: str, query: str) -> str:
    """Remember the view and filters the user chose; the plan opens there next
    time. Returns the choice's new stamp (also kept in the cache, see
    `selectors.preference_stamp`), or "" when the cache does not answer."""
    CalendarPreference.objects.update_or_create(
        user=user, defaults={"view": view, "query": query[:300]}
    )
    stamp = secrets.token_hex(8)
    freshness.put(selectors.preference_stamp_key(user.pk), stamp, PREFERENCE_STAMP_TIMEOUT)
    return stamp if selectors.preference_stamp(user=user) == stamp else ""


# --- The private calendar feed -------------------------------------------------------


@transaction.atomic
def feed_token_rotate(*, user: User) -> FeedToken:
    """Give the user a new secret calendar address; the old one stops working."""
    token, _created = FeedToken.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


@transaction.atomic
def feed_token_revoke(*, user: User) -> int:
    deleted, _kinds = FeedToken.objects.filter(user=user).delete()
    return deleted
