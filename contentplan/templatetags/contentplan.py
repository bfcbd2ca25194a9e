"""How statuses look: the same colours and icons on every page of the plan."""

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.translation import get_language

from contentplan.models import PlannedPost

register = template.Library()

POST_STATUS = {
    "idea": ("text-bg-light border", "lightbulb"),
    "in_work": ("text-bg-info", "pencil"),
    "on_review": ("text-bg-warning", "eye"),
    "approved": ("text-bg-primary", "check-circle"),
    "published": ("text-bg-success", "check2-all"),
    "missed": ("text-bg-danger", "x-octagon"),
}
PLAN_STATUS = {
    "draft": "text-bg-secondary",
    "on_approval": "text-bg-warning",
    "approved": "text-bg-success",
}


@register.filter
def post_status_class(status: str) -> str:
    return POST_STATUS.get(status, ("text-bg-secondary", ""))[0]


@register.filter
def post_status_icon(status: str) -> str:
    return POST_STATUS.get(status, ("", "circle"))[1]


@register.filter
def plan_status_class(status: str) -> str:
    return PLAN_STATUS.get(status, "text-bg-secondary")


# A placeholder that no real key takes: each address is reversed once and the
# key put in its place, since a busy month draws over a hundred chips.
_PK = 987654321


def _address(name: str, pk: int) -> str:
    key = (get_script_prefix(), name)
    pattern = _ADDRESSES.get(key)
    if pattern is None:
        pattern = _ADDRESSES[key] = reverse(name, args=[_PK])
    return pattern.replace(str(_PK), str(pk))


_ADDRESSES: dict[tuple[str, str], str] = {}
_STATUS_LABELS: dict[tuple[str, str], str] = {}


def _status_label(status: str) -> str:
    key = (get_language(), status)
    label = _STATUS_LABELS.get(key)
    if label is None:
        label = _STATUS_LABELS[key] = str(PlannedPost.Status(status).label)
    return label


@register.simple_tag
def post_chip(post, may_edit: bool = False) -> str:
    """A post in the calendar's grid. Built in Python rather than by an included
    template: a busy month draws over a hundred of them, and this is what the
    calendar's time goes on."""
    url = _address("contentplan:post_detail", post.pk)
    rubric = post.rubric
    title = f"{rubric.name} · {_status_label(post.status)}"
    if post.branch_id:
        title += f" · {post.branch.name}"
    movable = (
        format_html(
            ' draggable="true" data-move-url="{}" data-version="{}"',
            _address("contentplan:post_move", post.pk),
            post.version,
        )
        if may_edit
        else ""
    )
    return format_html(
        '<a class="cp-chip cp-{status}" href="{url}" hx-get="{url}" '
        'hx-target="#post-modal-content" hx-swap="innerHTML" data-bs-toggle="modal" '
        'data-bs-target="#post-modal" style="background-color: {colour}; color: {text}" '
        'title="{title}" data-testid="chip" data-post="{pk}"{movable}>'
        '<i class="bi bi-{icon}" aria-hidden="true"></i> {time}{title_text}</a>',
        status=post.status,
        url=url,
        colour=rubric.colour,
        text=rubric.text_colour,
        title=title,
        pk=post.pk,
        movable=movable,
        icon=post_status_icon(post.status),
        time=f"{post.time:%H:%M} " if post.time else "",
        title_text=post.title,
    )
