"""Rubrics: the central committee's standard list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contentplan import permissions
from portal import permissions as scope

from .. import selectors, services
from ..forms import (
    RubricForm,
)
from ..models import Rubric

# --- Rubrics ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rubric_list(request):
    """The standard rubrics: everyone who plans reads them, central keeps them."""
    user = request.user
    if not scope.role_of(user):
        raise Http404
    may_keep = permissions.may_keep_rubrics(user)
    form = None
    if may_keep:
        form = RubricForm(request.POST or None, initial={"is_active": True, "colour": "#6c757d"})
        if request.method == "POST" and form.is_valid():
            rubric = services.rubric_save(user=user, data=form.cleaned_data)
            messages.success(
                request, _("The rubric «%(name)s» is added.") % {"name": rubric.display_name}
            )
            return redirect("contentplan:rubrics")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "contentplan/rubrics.html",
        {"rubrics": selectors.rubrics(), "form": form, "may_keep": may_keep},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rubric_edit(request, pk: int):
    if not permissions.may_keep_rubrics(request.user):
        raise Http404
    rubric = get_object_or_404(Rubric, pk=pk)
    form = RubricForm(request.POST or None, instance=rubric)
    if request.method == "POST" and form.is_valid():
        services.rubric_save(user=request.user, rubric=rubric, data=form.cleaned_data)
        messages.success(
            request, _("The rubric «%(name)s» is saved.") % {"name": rubric.display_name}
        )
        return redirect("contentplan:rubrics")
    return render(request, "contentplan/rubric_edit.html", {"form": form, "rubric": rubric})
