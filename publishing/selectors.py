"""What the publishing pages read, always from what the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

import networks
from channels.models import Connection
from contentplan import copies
from contentplan import permissions as plan_permissions
from contentplan.models import PlannedPost
from materials.models import SubmissionPhoto

from . import permissions, texts
from .models import EDITABLE, Publication, PublicationText

# How a chip names a publication's state.
CHIP_STATE = {
    Publication.State.WAITING: "waiting",
    Publication.State.SENDING: "waiting",
    Publication.State.SENT: "sent",
    Publication.State.FAILED: "failed",
    Publication.State.UNKNOWN: "unknown",
}


def states_for_posts(post_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """{post_id: {channel_code: 'sent'|'failed'|'waiting'|'unknown'}}, one query."""
    found: dict[int, dict[str, str]] = {}
    rows = Publication.objects.filter(post_id__in=list(post_ids)).values_list(
        "post_id", "channel__code", "state"
    )
    for post_id, code, state in rows:
        if state in CHIP_STATE:  # a post deleted from the network shows no state
            found.setdefault(post_id, {})[code] = CHIP_STATE[state]
    return found


def copies_of_posts(post_ids: Iterable[int]) -> dict[int, list[copies.Copy]]:
    """Registered with `contentplan.copies`: each post's copies on the networks
    (published, left there by a refused deletion, or perhaps out: «unknown»),
    in one query. The portal
    deletes them from Telegram and Facebook; anywhere else (Instagram, or one
    confirmed by hand without the message's id) a person does."""
    found: dict[int, list[copies.Copy]] = {}
    state = Publication.State
    rows = (
        Publication.objects.filter(
            post_id__in=list(post_ids), state__in=[state.SENT, state.KEPT, state.UNKNOWN]
        )
        .select_related("channel")
        .order_by("channel__position", "pk")
    )
    for publication in rows:
        if publication.state == state.UNKNOWN:
            # Telegram never answered: the press secretary looks for it.
            found.setdefault(publication.post_id, []).append(
                copies.Copy(
                    network=publication.channel.display_name,
                    code=publication.channel.code,
                    url="",
                    deletable=False,
                    uncertain=True,
                )
            )
            continue
        if not publication.network_id and not publication.permalink:
            continue
        deletable = (
            publication.channel.code in EDITABLE
            and bool(publication.network_id)
            and publication.connection_id is not None
        )
        found.setdefault(publication.post_id, []).append(
            copies.Copy(
                network=publication.channel.display_name,
                code=publication.channel.code,
                url=publication.permalink,
                deletable=deletable,
            )
        )
    return found


def count_in_state(state: str) -> float:
    return float(Publication.objects.filter(state=state).count())


def post_for(*, user, pk: int) -> PlannedPost:
    return get_object_or_404(
        plan_permissions.posts_for(user).select_related("plan__region", "rubric"), pk=pk
    )


def publication_for(*, user, pk: int) -> Publication:
    return get_object_or_404(
        permissions.publications_for(user).select_related("post__plan", "channel"), pk=pk
    )


@dataclass
class Panel:
    text: PublicationText | None
    previews: list[texts.Preview]
    publications: list[Publication]
    manual: list  # channels of the post the portal does not publish to
    connected: list[str] = field(default_factory=list)  # channel codes

    @property
    def warnings(self) -> list[str]:
        return [f"{p.name}: {w}" for p in self.previews for w in p.warnings]


def _connected_codes(region_id: int, codes: list[str]) -> set[str]:
    """The channels among `codes` whose network the region's page is connected
    to (a channel's code is its network's, the platform of the page)."""
    wanted = [code for code in codes if code in networks.publishing()]
    if not wanted:
        return set()
    found = Connection.objects.filter(
        page__region=region_id,
        page__branch=None,
        page__official=True,
        page__platform__in=wanted,
    ).values_list("page__platform", flat=True)
    return set(found)


def _previews(
    post: PlannedPost,
    channels: list,
    *,
    text: PublicationText | None,
    connected: set[str],
    photos: list[int],
    name=lambda channel: channel.display_name,
) -> list[texts.Preview]:
    """Each connected network's preview of the post; `photos` are the keys of
    its own photos (read only when its image is chosen automatically)."""
    choice = text.image if text else PublicationText.Image.AUTO
    if choice != PublicationText.Image.AUTO:
        photos = []
    previews = []
    for channel in channels:
        if channel.code not in connected:
            continue
        if choice == PublicationText.Image.NONE:
            images = []
        elif photos:
            limit = texts.TELEGRAM_ALBUM if channel.code == "telegram" else 1
            images = [reverse("submissions:photo", args=[pk]) for pk in photos[:limit]]
        else:
            size = texts.card_size(channel.code)
            images = [reverse("brand:post_card", args=[post.pk, size])]
        words = text.for_network(channel.code) if text else ""
        previews.append(
            texts.preview(channel.code, name(channel), words, images=images, photos=len(photos))
        )
    return previews


def panel(*, post: PlannedPost) -> Panel:
    """The post's publication: its text, each connected network's preview, the
    publications so far, and the channels done by hand."""
    channels = list(post.channels.all())
    text = PublicationText.objects.filter(post=post).prefetch_related("variants").first()
    connected = _connected_codes(post.plan.region_id, [c.code for c in channels])
    photos = []
    if (text.image if text else PublicationText.Image.AUTO) == PublicationText.Image.AUTO:
        photos = list(
            SubmissionPhoto.objects.filter(post=post)
            .order_by("submission_id", "position", "pk")
            .values_list("pk", flat=True)
        )
    previews = _previews(post, channels, text=text, connected=connected, photos=photos)
    publications = list(
        Publication.objects.filter(post=post)
        .select_related("channel")
        .order_by("channel__position", "pk")
    )
    manual = [c for c in channels if c.code not in connected]
    return Panel(
        text=text,
        previews=previews,
        publications=publications,
        manual=manual,
        connected=sorted(connected),
    )


# Posts whose warnings no longer matter: they went out, or their day passed.
_DONE = (PlannedPost.Status.PUBLISHED, PlannedPost.Status.MISSED)


def texts_of_posts(post_ids: list[int]) -> dict[int, str]:
    """Each post's common publication text, for the post's own form."""
    return dict(PublicationText.objects.filter(post_id__in=post_ids).values_list("post_id", "text"))


def warnings_for_posts(posts: list[PlannedPost]) -> dict[int, list[tuple[str, str]]]:
    """Each post's publishing warnings, before approval: what its previews warn
    about (as the post's panel shows them), and each network the portal could
    publish to whose page the region has not connected, so that the post is
    copied by hand. `{post_id: [(network, warning), ...]}` in the active
    language, for posts still to go out; four queries whatever their number
    (the posts' channels prefetched, as the content plan gives them; the
    texts' variants only when there are texts)."""
    posts = [post for post in posts if post.status not in _DONE]
    if not posts:
        return {}
    ids = [post.pk for post in posts]
    connected = _connected_by_plan({post.plan_id for post in posts})
    text_of = {
        text.post_id: text
        for text in PublicationText.objects.filter(post_id__in=ids).prefetch_related("variants")
    }
    photos = _photos_by_post(ids)
    found: dict[int, list[tuple[str, str]]] = {}
    for post in posts:
        warnings = _post_warnings(
            post,
            connected=connected.get(post.plan_id, set()),
            text=text_of.get(post.pk),
            photos=photos.get(post.pk, []),
        )
        if warnings:
            found[post.pk] = warnings
    return found


def _connected_by_plan(plan_ids: set[int]) -> dict[int, set[str]]:
    """{plan: the network codes its region's official page is connected on} (one query)."""
    connected: dict[int, set[str]] = {}
    rows = Connection.objects.filter(
        page__region__plans__in=plan_ids,
        page__branch=None,
        page__official=True,
        page__platform__in=networks.publishing(),
    ).values_list("page__region__plans", "page__platform")
    for plan_id, platform in rows:
        connected.setdefault(plan_id, set()).add(platform)
    return connected


def _photos_by_post(ids: list[int]) -> dict[int, list[int]]:
    """{post: its own photos' keys, in the panel's order} (one query)."""
    photos: dict[int, list[int]] = {}
    for post_id, pk in (
        SubmissionPhoto.objects.filter(post_id__in=ids)
        .order_by("submission_id", "position", "pk")
        .values_list("post_id", "pk")
    ):
        photos.setdefault(post_id, []).append(pk)
    return photos


def _post_warnings(
    post: PlannedPost, *, connected: set[str], text, photos: list[int]
) -> list[tuple[str, str]]:
    """The networks copied by hand, then each preview's warnings."""
    channels = list(post.channels.all())
    warnings = [
        (channel.display_name, _("No connected page: the post will be copied by hand."))
        for channel in channels
        if channel.code in networks.publishing() and channel.code not in connected
    ]
    for preview in _previews(
        post,
        channels,
        text=text,
        connected=connected,
        photos=photos,
        name=lambda channel: channel.display_name,
    ):
        warnings += [(preview.name, warning) for warning in preview.warnings]
    return warnings
