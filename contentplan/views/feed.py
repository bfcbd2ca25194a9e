"""The private calendar feed (iCalendar) and its secret address."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import exports, selectors, services
from ..models import FeedToken

# The feed shows posts from this many days back, and everything ahead.
FEED_DAYS_BACK = 62


# --- The private calendar feed ------------------------------------------------------------


@login_required
@require_GET
def feed_settings(request):
    token = selectors.feed_token_of(user=request.user)
    feed_url = (
        request.build_absolute_uri(reverse("contentplan:feed", args=[token.token])) if token else ""
    )
    return render(request, "contentplan/feed_settings.html", {"token": token, "feed_url": feed_url})


@login_required
@require_POST
def feed_rotate(request):
    had_one = selectors.feed_token_of(user=request.user) is not None
    services.feed_token_rotate(user=request.user)
    if had_one:
        message = _("Your calendar has a new private address; the old one no longer works.")
    else:
        message = _("Your calendar has its private address: add it to your calendar app.")
    messages.success(request, message)
    return redirect("contentplan:feed_settings")


@login_required
@require_POST
def feed_revoke(request):
    services.feed_token_revoke(user=request.user)
    messages.success(request, _("Your private calendar address is switched off."))
    return redirect("contentplan:feed_settings")


@require_GET
def feed(request, token: str):
    """The iCalendar feed: no login, the secret in the address is the key."""
    feed_token = get_object_or_404(
        FeedToken.objects.select_related("user__region", "user__branch__region"),
        token=token,
        user__is_active=True,
    )
    user = feed_token.user
    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS_BACK)
    body = exports.posts_ical(
        posts=selectors.feed_posts(user=user, since=since),
        name=_("Content plan · Profinfo"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="profinfo.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
