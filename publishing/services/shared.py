"""What publishing's services for people share: who may change a post's
publications, and whom to tell."""

from __future__ import annotations

from django.utils.translation import gettext as _

from contentplan import permissions as plan_permissions
from networks.errors import NetworkError
from portal.exceptions import Refused
from portal.models import User
from portal.selectors import press_of

from ..models import Publication

S = Publication.State


def _editable(publication: Publication, user: User) -> None:
    if not plan_permissions.may_edit_post(user, publication.post):
        raise Refused(_("Only the region's press secretary changes its plan."))


def _published_for_change(publication: Publication, user: User) -> Publication:
    _editable(publication, user)
    current = (
        Publication.objects.select_related("channel", "connection", "post")
        .filter(pk=publication.pk)
        .first()
    )
    if current is None or current.state != S.SENT:
        raise Refused(_("Only a published post can be changed on its network."))
    if not current.editable or current.connection is None:
        raise Refused(str(NetworkError("not_editable")))
    return current


def _region_and_title(publication: Publication) -> tuple[int | None, str]:
    if publication.post_id is not None:
        return publication.post.plan.region_id, publication.post.title
    return publication.region_id, publication.title


def _press_of(region_id: int | None) -> list:
    if region_id is None:
        return []
    return list(press_of(region_id))
