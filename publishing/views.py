"""The publication part of a post's panel (loaded by htmx into it, or a page of
its own), the press secretary's «Повторить» and confirmation, and the signed
image addresses the networks fetch."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import networks
from portal.exceptions import Refused

from . import media, permissions, selectors, services
from .forms import ConfirmForm, TextForm


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _render(request, post, *, form=None, error="", saved=False, status=200):
    panel = selectors.panel(post=post)
    if form is None:
        text = panel.text
        form = TextForm(
            initial={
                "text": text.text if text else "",
                **{code: text.variant(code) if text else "" for code in networks.publishing()},
                "image": text.image if text else "auto",
            }
        )
    context = {
        "post": post,
        "panel": panel,
        "form": form,
        "error": error,
        "saved": saved,
        "may_publish": permissions.may_publish(request.user, post),
    }
    template = "publishing/includes/panel.html" if _is_htmx(request) else "publishing/post.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_section(request, pk: int):
    post = selectors.post_for(user=request.user, pk=pk)
    if request.method == "GET":
        return _render(request, post)
    if not permissions.may_publish(request.user, post):
        raise PermissionDenied
    form = TextForm(request.POST)
    if not form.is_valid():
        return _render(request, post, form=form, status=200 if _is_htmx(request) else 400)
    try:
        services.text_save(post=post, user=request.user, **form.saved())
    except Refused as error:
        return _render(request, post, form=form, error=error.message, status=400)
    if _is_htmx(request):
        return _render(request, post, saved=True)
    messages.success(request, _("The publication text is saved."))
    return redirect("publishing:post", pk=post.pk)


def _back(request, publication, error: str = ""):
    if _is_htmx(request):
        post = selectors.post_for(user=request.user, pk=publication.post_id)
        return _render(request, post, error=error)
    if error:
        messages.error(request, error)
    return redirect("publishing:post", pk=publication.post_id)


def _publication_in_hand(request, pk: int):
    """The publication, if the user may publish its post (else 404 or 403)."""
    publication = selectors.publication_for(user=request.user, pk=pk)
    if not permissions.may_publish(request.user, publication.post):
        raise PermissionDenied
    return publication


def _act(request, publication, action, **arguments):
    """Run one service on the publication and go back to the post's panel,
    with the refusal's words when it refuses."""
    try:
        action(publication=publication, user=request.user, **arguments)
    except Refused as error:
        return _back(request, publication, error.message)
    return _back(request, publication)


@login_required
@require_POST
def publication_retry(request, pk: int):
    publication = _publication_in_hand(request, pk)
    return _act(request, publication, services.publication_retry)


@login_required
@require_POST
def publication_confirm(request, pk: int):
    publication = _publication_in_hand(request, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _back(request, publication, _("Give the post's address on the network (https://…)."))
    return _act(
        request,
        publication,
        services.publication_confirm,
        published=form.cleaned_data["published"],
        url=form.cleaned_data["url"] or "",
    )


@login_required
@require_POST
def publication_update(request, pk: int):
    """«Обновить текст в сети»: the saved text replaces the published one."""
    publication = _publication_in_hand(request, pk)
    return _act(request, publication, services.publication_update_text)


@login_required
@require_POST
def publication_delete(request, pk: int):
    """«Удалить из сети» (asked to confirm first)."""
    publication = _publication_in_hand(request, pk)
    return _act(request, publication, services.publication_delete)


@require_GET
def media_file(request, token: str):
    """An image of a publication, for the network that fetches it: no login, the
    signature in the address is the key, and it expires."""
    name = media.unsign(token)
    if name is None:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=600"
    response["X-Robots-Tag"] = "noindex"
    return response
