"""One action on several posts selected in a calendar view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal import permissions as scope
from portal.exceptions import Conflict, Refused

from .. import copies, selectors, services
from ..forms import (
    BulkForm,
)
from .common import safe_next


@login_required
@require_POST
def bulk(request):
    """One action on the posts selected in a calendar view: all of them or none."""
    user = request.user
    if scope.role_of(user) != scope.Role.PRESS:
        raise PermissionDenied
    region = selectors.plan_region(user=user)
    form = BulkForm(request.POST, responsible=selectors.responsible_candidates(region=region))
    back = safe_next(request, reverse("contentplan:current"))
    if not form.is_valid():
        problems = [str(text) for texts in form.errors.values() for text in texts]
        messages.error(request, " ".join(problems) + " " + _("Nothing changed."))
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    by_hand = []
    if data["action"] == services.Bulk.DELETE:
        # Copies a network does not let the portal delete (Instagram): told after.
        found = copies.find(data["versions"])
        by_hand = [c for items in found.values() for c in items if not c.deletable and c.url]
    try:
        count = services.posts_bulk(
            user=user,
            versions=data["versions"],
            action=data["action"],
            days=data["days"],
            status=data["status"],
            responsible=data["responsible"],
            networks=data["networks"],
        )
    except Conflict as conflict:
        messages.error(
            request,
            _("«%(title)s»: %(problem)s")
            % {"title": conflict.current.title, "problem": conflict.message},
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        if count:
            messages.success(
                request,
                ngettext("%(n)s post changed.", "%(n)s posts changed.", count) % {"n": count},
            )
        else:
            messages.info(request, _("Nothing changed: the selected posts already have it."))
        for copy in by_hand:
            messages.warning(
                request, _("Delete it by hand on the network too: %(url)s") % {"url": copy.url}
            )
    return HttpResponseRedirect(back)
