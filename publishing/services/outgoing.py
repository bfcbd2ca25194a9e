"""What a publication sends and how: its text and images, the page's token,
the marker that lets a page be asked for the post, and the calls."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.utils import timezone

from brand import cards
from brand import selectors as brand_selectors
from channels import crypto
from channels.models import Connection
from contentplan.models import PlannedPost
from materials.models import SubmissionPhoto
from networks import Limits
from networks.base import Operation, Page, Published
from networks.errors import NetworkError

from .. import media, texts
from ..engine import network_of
from ..models import Publication, PublicationText
from .changes import _note

log = logging.getLogger(__name__)


# The look for a post reads the page back to this long before the earliest
# moment it could have gone out (clocks differ a little, ours and the network's).
LOOK_MARGIN = datetime.timedelta(minutes=10)


def image_names(post: PlannedPost, *, channel_code: str, choice: str) -> tuple[list[str], int]:
    """Storage names of the images that go with the post on this network, and how
    many of them are own photos (the card counts as none)."""
    if choice == PublicationText.Image.NONE:
        return [], 0
    if choice == PublicationText.Image.AUTO:
        photos = list(
            SubmissionPhoto.objects.filter(post=post)
            .order_by("submission_id", "position", "pk")
            .values_list("image", flat=True)
        )
        if photos:
            return photos, len(photos)
    size = texts.card_size(channel_code)
    card = cards.card_file(
        post_id=post.pk,
        content=brand_selectors.card_content(post=post),
        kit=brand_selectors.kit_for(region_id=post.plan.region_id),
        size=size,
    )
    return [card.name], 0


def _token(connection: Connection) -> str:
    if connection.status == Connection.Status.EXPIRED:
        raise NetworkError("token_expired")
    try:
        return crypto.decrypt(connection.secret).reveal() if connection.secret else ""
    except (crypto.SecretUnreadable, crypto.KeyMissing):
        raise NetworkError("bad_key") from None


def _key(publication: Publication) -> int:
    return texts.marker_key(publication.pk, publication.round)


def _text_of(publication: Publication) -> tuple[str, str]:
    """The network's text, and the image choice."""
    text = (
        PublicationText.objects.filter(post=publication.post_id)
        .prefetch_related("variants")
        .first()
    )
    if text is None:
        return "", PublicationText.Image.AUTO
    return text.for_network(publication.channel.code), text.image


def _keys(publication: Publication) -> set[int]:
    """The markers of every round so far: a post that went out in an earlier
    round («Повторить» after a failure that may have published) is found too."""
    return {texts.marker_key(publication.pk, n) for n in range(1, publication.round + 1)}


def _page(connection: Connection) -> Page:
    return Page(account=connection.account, external_id=connection.external_id)


def _ours(publication: Publication, text: str, since: datetime.datetime):
    """Whether a post on the page is this publication's: by the marker of any
    round, or by its very text since `since`."""
    keys, wanted = _keys(publication), texts.plain(text)

    def match(written: str, at: datetime.datetime | None) -> bool:
        if texts.marker_number(written) in keys:
            return True
        return bool(wanted) and texts.plain(written) == wanted and at is not None and at >= since

    return match


def _look_for(
    publication: Publication, text: str, limits: Limits | None = None
) -> Published | None:
    """Our post on the page, if the network can be asked (Facebook, Instagram)."""
    network = network_of(publication.channel.code)
    if not network.supports(Operation.FIND):
        return None
    started = publication.first_tried_at or publication.claimed_at or timezone.now()
    since = started - datetime.timedelta(minutes=2)
    # Read back past every round's first call: none came before the row was
    # created (the clock's time), nor before this round's first try (the
    # run's moment, which a run by hand may set earlier).
    back_to = min(filter(None, [publication.created_at, started])) - LOOK_MARGIN
    return network.find(
        token=_token(publication.connection),
        page=_page(publication.connection),
        back_to=back_to,
        match=_ours(publication, text, since),
        limits=limits,
    )


@dataclass
class Outgoing:
    """What a publication sends: the page's token and the images' addresses."""

    token: str
    addresses: list[str]


def _prepare(publication: Publication, text: str, choice: str) -> Outgoing:
    """Everything the call needs, made before it: a failure here (no text, the
    card not drawn) means nothing went to the network."""
    connection, code = publication.connection, publication.channel.code
    if connection is None:
        raise NetworkError("not_connected")
    if not text:
        raise NetworkError("no_text")
    token = _token(connection)
    names, photos = image_names(publication.post, channel_code=code, choice=choice)
    if code == "instagram" and photos:
        names = [media.instagram_square(names[0], post_id=publication.post_id)]
    return Outgoing(token, [media.address(name) for name in names])


def _marked(publication: Publication, text: str) -> str:
    """The text as it goes out: with the invisible marker where the network can
    be asked for the page's posts (so the next run finds it there)."""
    if network_of(publication.channel.code).supports(Operation.FIND):
        return text + texts.marker(_key(publication))
    return text


def _call_network(
    publication: Publication, text: str, outgoing: Outgoing, limits: Limits | None = None
) -> Published:
    def keep(container: str) -> None:
        # Instagram's container, kept before it is published: a retry
        # publishes the same one rather than make a second.
        _note(Publication.objects.filter(pk=publication.pk), container_id=container)
        publication.container_id = container

    return network_of(publication.channel.code).publish(
        token=outgoing.token,
        page=_page(publication.connection),
        text=_marked(publication, text),
        images=outgoing.addresses,
        draft=publication.container_id,
        keep_draft=keep,
        limits=limits,
    )


def _publish_call(publication: Publication, limits: Limits | None) -> Published:
    """Prepare what goes out, look for it first if an earlier call may have
    published, else publish it."""
    text, choice = _text_of(publication)
    try:
        outgoing = _prepare(publication, text, choice)
    except NetworkError:
        raise
    except Exception:
        # Nothing went out: tried again with back-off, like a network's hiccup.
        log.exception("publication %s could not be prepared", publication.pk)
        raise NetworkError("internal") from None
    try:
        found = _look_for(publication, text, limits) if publication.check_first else None
        return found or _call_network(publication, text, outgoing, limits)
    except NetworkError:
        raise
    except Exception:
        # The call may have been made: treated as an answer that cannot be read.
        log.exception("publication %s: the network's answer was not understood", publication.pk)
        raise NetworkError("malformed") from None
