"""How statuses look (the same colours and icons on every page of the plan), and
how the history reads."""

from django import template
from django.utils.translation import gettext_lazy as _

from contentplan.history import describe

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


@register.filter
def history_text(change) -> str:
    """An entry of a plan's history in the reader's language."""
    return describe(change)


CHANNEL_ICONS = {
    "facebook_page": "facebook",
    "instagram": "instagram",
    "aitu": "chat-dots",
    "telegram": "telegram",
    "website": "globe",
    "newspaper": "newspaper",
    "youtube": "youtube",
}
# A mark on a channel's icon: the post's state there (see contentplan.chips).
CHANNEL_STATE_ICONS = {
    "sent": "check-circle-fill",
    "failed": "exclamation-circle-fill",
    "waiting": "clock-fill",
    "unknown": "question-circle-fill",
}


@register.filter
def channel_icon(code: str) -> str:
    return CHANNEL_ICONS.get(code, "broadcast-pin")


@register.filter
def channel_state_icon(state: str) -> str:
    return CHANNEL_STATE_ICONS.get(state, "")


CHANNEL_STATE_LABELS = {
    "sent": _("sent"),
    "failed": _("failed"),
    "waiting": _("waiting"),
    "unknown": _("state unknown"),
}


@register.filter
def channel_state_label(state: str) -> str:
    return str(CHANNEL_STATE_LABELS.get(state, ""))
