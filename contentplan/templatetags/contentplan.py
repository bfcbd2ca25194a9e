"""How statuses look (the same colours and icons on every page of the plan), and
how the history reads."""

from django import template

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
