"""How statuses look (the same colours and icons on every page of the plan), and
how the history reads."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
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


@register.simple_tag
def select_options(field) -> str:
    """A filter's `<option>`s with the chosen one selected: drawn here, as the
    calendar's filters offer dozens (every rubric, branch, channel and
    campaign) and the template compared each by two filters on every visit."""
    chosen = str(field.value())
    return format_html_join(
        "\n",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == chosen else "", label)
            for value, label in field.field.choices
        ),
    )


# A number no post has, where each row's own goes in the address: the
# address is reversed once a list, not once a row.
_PK = "2147483647"


@register.simple_tag
def post_rows(posts) -> str:
    """Posts as the rows of a list (the queue, a campaign): drawn here rather
    than by a template included for each of the page's fifty, which cost the
    page more than everything else it draws."""
    address = reverse("contentplan:post_detail", args=[_PK])
    return format_html_join("\n", "{}", ((_post_row(post, address),) for post in posts))


def _post_row(post, address: str) -> str:
    details = [post.rubric.display_name]
    if post.responsible:
        details.append(str(post.responsible))
    if post.branch:
        details.append(post.branch.name)
    if post.campaign:
        details.append(post.campaign.name)
    return format_html(
        '<li class="list-group-item d-flex flex-wrap align-items-center gap-2"'
        ' data-testid="list-post">'
        '<span class="cp-dot" style="background-color: {}"></span>'
        '<span class="text-body-secondary small text-nowrap">{}</span>'
        '<a class="fw-semibold me-auto" href="{}">{}</a>'
        '<span class="badge {}">{}</span>'
        '<div class="w-100 small text-body-secondary">{}</div>'
        "</li>",
        post.rubric.colour,
        f"{post.date:%d.%m} {post.time:%H:%M}" if post.time else f"{post.date:%d.%m}",
        address.replace(_PK, str(post.pk)),
        post.title,
        post_status_class(post.status),
        post.get_status_display(),
        " · ".join(str(detail) for detail in details),
    )


@register.simple_tag
def view_addresses(focus, view_query: str = "") -> dict[str, str]:
    """The calendar's views at the day in focus, with the filters kept, by
    view: worked out here rather than by ten date filters in the switch's
    addresses on every page of the calendar."""
    day = [f"{focus:%Y}", f"{focus:%m}", f"{focus:%d}"]
    month = day[:2]
    query = f"?{view_query}" if view_query else ""
    return {
        "day": reverse("contentplan:day", args=day) + query,
        "week": reverse("contentplan:week", args=day) + query,
        "month": reverse("contentplan:calendar", args=month) + query,
        "list": reverse("contentplan:month_list", args=month) + query,
        "queue": reverse("contentplan:queue") + query,
    }
