"""Pages of the visual style: the brand kit, a post's cards, the page standard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brand import permissions
from portal import permissions as scope
from portal.exceptions import Refused

from . import cards, logos, selectors, services
from .forms import KitForm, StandardCheckForm, StandardItemForm
from .models import StandardItem


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- The brand kit ---------------------------------------------------------------


def _kit_region_of(user):
    """The kit the user keeps: its region's (press) or the default (central); else 404."""
    if not permissions.keeps_a_brand_kit(user):
        raise Http404
    return None if scope.sees_all_regions(user) else user.region


@login_required
@require_http_methods(["GET", "POST"])
def kit(request):
    user = request.user
    region = _kit_region_of(user)
    if not permissions.may_edit_brand_kit(user, region):
        raise Http404
    current = selectors.kit_for(region_id=region.pk if region else None)
    own = current if current.region_id == (region.pk if region else None) else None
    if request.method == "POST":
        form = KitForm(request.POST, request.FILES, instance=current)
        if form.is_valid():
            try:
                services.kit_save(
                    user=user,
                    region=region,
                    data=form.kit_data(),
                    logo=form.cleaned_data["logo_file"],
                    remove_logo=form.cleaned_data["remove_logo"],
                    version=form.cleaned_data["version"],
                )
            except logos.PhotoRefused as error:
                form.add_error("logo_file", error.message)
            except Refused as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The brand kit is saved."))
                return redirect("brand:kit")
        # A refused form leaves the kit as it was in the database.
        current.refresh_from_db()
    else:
        form = KitForm(instance=current, initial={"version": current.version or 0})
    return render(
        request,
        "brand/kit.html",
        {
            "form": form,
            "kit": current,
            "region": region,
            "from_default": region is not None and own is None,
            "regions": selectors.regions_with_kits() if region is None else [],
        },
    )


@login_required
@require_GET
def kit_region(request, pk: int):
    """A region's kit as its cards use it (central looks at any region's)."""
    region = selectors.kit_region_for(user=request.user, pk=pk)
    current = selectors.kit_for(region_id=region.pk)
    return render(
        request,
        "brand/kit_region.html",
        {
            "region": region,
            "kit": current,
            "from_default": current.region_id is None,
            "may_edit": permissions.may_edit_brand_kit(request.user, region),
        },
    )


def _image_response(name: str, *, content_type: str, download_name: str, attachment=False):
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def kit_logo(request, pk: int):
    found = selectors.kit_with_logo_for(user=request.user, pk=pk)
    response = _image_response(
        found.logo.name, content_type="image/png", download_name=f"logo-{found.pk}.png"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Post cards ----------------------------------------------------------------------


@login_required
@require_GET
def post_cards(request, pk: int):
    post = selectors.post_for_cards(user=request.user, pk=pk)
    return render(
        request,
        "brand/post_cards.html",
        {"post": post, "sizes": list(cards.SIZES.values())},
    )


def _card(request, pk: int, size: str) -> tuple[int, cards.CardFile]:
    if size not in cards.SIZES:
        raise Http404
    post = selectors.post_for_cards(user=request.user, pk=pk)
    kit = selectors.kit_for(region_id=post.plan.region_id)
    content = selectors.card_content(post=post)
    return post.pk, cards.card_file(post_id=post.pk, content=content, kit=kit, size=size)


def _card_response(request, pk: int, size: str, *, attachment: bool = False):
    """The card's file; drawn again if a request drawing a newer card of the same
    post removed it in the meantime."""
    for _attempt in range(2):
        post_id, card = _card(request, pk, size)
        try:
            response = _image_response(
                card.name,
                content_type="image/png",
                download_name=f"card-{post_id}-{size}.png",
                attachment=attachment,
            )
        except Http404:
            continue
        return card, response
    raise Http404


@login_required
@require_GET
def post_card(request, pk: int, size: str):
    """The card as an image for the page; drawn only when the post or the kit changed."""
    card, response = _card_response(request, pk, size)
    etag = f'"{card.key}"'
    if request.headers.get("If-None-Match") == etag:
        response.close()
        response = HttpResponse(status=304)
    # The address stays while the card changes: the browser asks again each time.
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def post_card_download(request, pk: int, size: str):
    _card, response = _card_response(request, pk, size, attachment=True)
    response["Cache-Control"] = "private, no-cache"
    return response


# --- The page standard ---------------------------------------------------------------


def _check_panel(request, *, subject, post=None, submission=None, may_check: bool):
    """The checklist of a post or a submission: a form for its reviewer, the last
    answers for the others. A fragment for htmx, a page otherwise."""
    latest = selectors.latest_check(post=post, submission=submission)
    action = (
        reverse("brand:post_check", args=[post.pk])
        if post is not None
        else reverse("brand:submission_check", args=[submission.pk])
    )
    form = None
    saved = False
    if may_check:
        items = selectors.active_items()
        if request.method == "POST":
            form = StandardCheckForm(request.POST, items=items)
            if form.is_valid():
                try:
                    latest = services.standard_check_save(
                        user=request.user, answers=form.answers(), post=post, submission=submission
                    )
                except Refused as error:
                    form.add_error(None, error.message)
                else:
                    if not _is_htmx(request):
                        messages.success(request, _("The check is saved."))
                        return redirect(action)
                    latest = selectors.latest_check(post=post, submission=submission)
                    saved = True
                    form = StandardCheckForm(items=items, initial=form.initial_from(latest))
        else:
            form = StandardCheckForm(items=items, initial=StandardCheckForm.initial_from(latest))
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "subject": subject,
        "back_url": subject.get_absolute_url(),
        "action": action,
        "form": form,
        "latest": latest,
        "saved": saved,
    }
    if _is_htmx(request):
        return render(request, "brand/includes/check_panel.html", context)
    return render(request, "brand/check_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def post_check(request, pk: int):
    post = selectors.post_for_check(user=request.user, pk=pk)
    return _check_panel(
        request, subject=post, post=post, may_check=permissions.may_check_post(request.user, post)
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_check(request, pk: int):
    submission = selectors.submission_for_check(user=request.user, pk=pk)
    return _check_panel(
        request,
        subject=submission,
        submission=submission,
        may_check=permissions.may_check_submission(request.user, submission),
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard(request):
    """The checklist: everyone who works in the portal reads it, central keeps it."""
    may_keep = permissions.may_keep_standard(request.user)
    if not scope.role_of(request.user):
        raise Http404
    form = None
    if may_keep:
        if request.method == "POST":
            form = StandardItemForm(request.POST)
            if form.is_valid():
                services.standard_item_save(data=form.cleaned_data)
                messages.success(request, _("The item is added."))
                return redirect("brand:standard")
        else:
            form = StandardItemForm(initial={"is_active": True})
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "brand/standard.html",
        {"items": selectors.all_items(), "form": form, "may_keep": may_keep},
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_item(request, pk: int):
    if not permissions.may_keep_standard(request.user):
        raise PermissionDenied
    item = get_object_or_404(StandardItem, pk=pk)
    if request.method == "POST":
        form = StandardItemForm(request.POST, instance=item)
        if form.is_valid():
            services.standard_item_save(item=item, data=form.cleaned_data)
            messages.success(request, _("The item is saved."))
            return redirect("brand:standard")
    else:
        form = StandardItemForm(instance=item)
    return render(request, "brand/standard_item.html", {"form": form, "item": item})
