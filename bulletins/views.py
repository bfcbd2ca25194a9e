"""Pages of the library. Each view reads input, asks a selector or a service, and
renders; who may read or change what comes from the permissions module.

Reading needs no login: anonymous visitors see the public part. Managing is
for the region's press secretary; everybody else gets a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bulletins import permissions

from . import posters, qr, selectors, services
from .forms import BulletinForm, CollectionForm, ItemForm, LibraryFilterForm, SectionForm
from .models import Bulletin, Collection
from .uploads import CONTENT_TYPES, EXTENSIONS

PAGE_SIZE = 24
# Sent with every stored file: the browser must take it for what we say it is,
# and, opened by itself, it may run nothing.
FILE_POLICY = "default-src 'none'; sandbox"


# --- Reading ---------------------------------------------------------------------


def library(request):
    """Bulletins and collections, found by title or topic, filtered by topic and region."""
    user = request.user
    form = LibraryFilterForm(request.GET or None, regions=selectors.library_regions(user=user))
    filters = form.filters()
    bulletins = selectors.library_bulletins(user=user, filters=filters)
    page = Paginator(bulletins, PAGE_SIZE).get_page(request.GET.get("page"))
    # Collections have a title but no topic: a topic filter leaves them out.
    collections = [] if filters.topic else selectors.library_collections(user=user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bulletins/library.html",
        {
            "form": form,
            "page": page,
            "collections": collections,
            "searching": filters.searching,
            "query": query.urlencode(),
            "stats_regions": selectors.statistics_regions(user=user),
            "may_manage": permissions.library_regions_managed_by(user).exists(),
        },
    )


def bulletin_detail(request, pk: int):
    bulletin = selectors.bulletin_for(user=request.user, pk=pk)
    return render(
        request,
        "bulletins/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "scan_url": qr.scan_url(bulletin),
            "may_manage": permissions.may_manage_library(request.user, bulletin.region),
            "shows_counts": bulletin.region_id in selectors.statistics_regions(user=request.user),
        },
    )


def collection_detail(request, pk: int):
    collection = selectors.collection_with_contents(user=request.user, pk=pk)
    return render(
        request,
        "bulletins/collection_detail.html",
        {
            "collection": collection,
            "scan_url": qr.scan_url(collection),
            "may_manage": permissions.may_manage_library(request.user, collection.region),
            "shows_counts": collection.region_id in selectors.statistics_regions(user=request.user),
        },
    )


def _stored_file(name: str, *, filename: str, kind: str, as_attachment: bool) -> FileResponse:
    """A stored file with headers that keep the browser from guessing or running it."""
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=CONTENT_TYPES[kind]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    # Internal files must not stay in shared caches.
    patch_cache_control(response, private=True)
    return response


@require_safe
def bulletin_file(request, pk: int):
    bulletin = selectors.bulletin_for(user=request.user, pk=pk)
    response = _stored_file(
        bulletin.file.name,
        filename=bulletin.file_name,
        kind=bulletin.file_kind,
        as_attachment=True,
    )
    if request.method == "GET":
        services.bulletin_downloaded(bulletin=bulletin)
    return response


@require_safe
def bulletin_cover(request, pk: int):
    bulletin = selectors.bulletin_for(user=request.user, pk=pk)
    if not bulletin.cover:
        raise Http404
    return _stored_file(
        bulletin.cover.name,
        filename=f"cover-{bulletin.number}{EXTENSIONS[bulletin.cover_kind]}",
        kind=bulletin.cover_kind,
        as_attachment=False,
    )


@require_safe
def item_file(request, pk: int):
    """A material's file, or, for a link, a redirect to it; both count as a download."""
    item = selectors.item_for(user=request.user, pk=pk)
    if item.is_link:
        response = redirect(item.link)
    else:
        response = _stored_file(
            item.file.name, filename=item.file_name, kind=item.file_kind, as_attachment=True
        )
    if request.method == "GET":
        services.item_downloaded(item=item)
    return response


def bulletin_scan(request, pk: int):
    """Where a bulletin's QR code leads: count the scan, then show the page."""
    bulletin = selectors.bulletin_for(user=request.user, pk=pk)
    if request.method == "GET":  # link checkers ask with HEAD; people's phones GET
        services.bulletin_scanned(bulletin=bulletin)
    return redirect(bulletin)


def collection_scan(request, pk: int):
    collection = selectors.collection_for(user=request.user, pk=pk)
    if request.method == "GET":
        services.collection_scanned(collection=collection)
    return redirect(collection)


def _qr_response(obj: Bulletin | Collection, fmt: str) -> HttpResponse:
    url = qr.scan_url(obj)
    if fmt == "svg":
        return HttpResponse(qr.svg_bytes(url), content_type="image/svg+xml")
    return HttpResponse(qr.png_bytes(url, box_size=12), content_type="image/png")


def bulletin_qr(request, pk: int, fmt: str):
    return _qr_response(selectors.bulletin_for(user=request.user, pk=pk), fmt)


def collection_qr(request, pk: int, fmt: str):
    return _qr_response(selectors.collection_for(user=request.user, pk=pk), fmt)


def _poster_response(poster: posters.Poster, filename: str) -> HttpResponse:
    response = HttpResponse(posters.poster_pdf(poster), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _heading(region) -> str:
    return _("%(region)s · the library for union activists") % {"region": region.name}


def bulletin_poster(request, pk: int):
    bulletin = selectors.bulletin_for(user=request.user, pk=pk)
    poster = posters.Poster(
        heading=_heading(bulletin.region),
        title=bulletin.title,
        subtitle=_("Information bulletin No. %(number)s · %(topic)s")
        % {"number": bulletin.number, "topic": bulletin.get_topic_display()},
        caption=_("Scan the code with your phone's camera, or type the address:"),
        url=qr.scan_url(bulletin),
        address=qr.short_address(bulletin),
    )
    return _poster_response(poster, f"poster-bulletin-{bulletin.number}.pdf")


def collection_poster(request, pk: int):
    collection = selectors.collection_for(user=request.user, pk=pk)
    poster = posters.Poster(
        heading=_heading(collection.region),
        title=collection.title,
        subtitle=_("Materials for union activists"),
        caption=_("Scan the code with your phone's camera, or type the address:"),
        url=qr.scan_url(collection),
        address=qr.short_address(collection),
    )
    return _poster_response(poster, f"poster-collection-{collection.pk}.pdf")


@login_required
def statistics(request):
    """Scans and downloads: the press secretary's region, or every region for the
    central committee. Nobody else has statistics, so a 404."""
    if not permissions.library_statistics_regions_for(request.user).exists():
        raise Http404
    return render(
        request,
        "bulletins/statistics.html",
        {"regions": selectors.library_statistics(user=request.user)},
    )


# --- Managing (the region's press secretary) ----------------------------------------


def _managed_region(request):
    region = permissions.library_regions_managed_by(request.user).first()
    if region is None:
        raise Http404
    return region


@login_required
def manage(request):
    region = _managed_region(request)
    bulletins, collections = selectors.managed_library(user=request.user)
    return render(
        request,
        "bulletins/manage.html",
        {"region": region, "bulletins": bulletins, "collections": collections},
    )


def _edit_url(collection: Collection) -> str:
    return reverse("bulletins:collection_edit", args=[collection.pk])


def _form_page(request, form, *, title: str, back: str, obj=None):
    return render(
        request,
        "bulletins/form.html",
        {"form": form, "title": title, "back": back, "object": obj},
    )


@login_required
def bulletin_create(request):
    region = _managed_region(request)
    form = BulletinForm(request.POST or None, request.FILES or None, region=region)
    if request.method == "POST" and form.is_valid():
        bulletin = services.bulletin_create(region=region, **form.cleaned_data)
        messages.success(request, _("The bulletin is added to the library."))
        return redirect(bulletin)
    return _form_page(request, form, title=_("New bulletin"), back=reverse("bulletins:manage"))


@login_required
def bulletin_edit(request, pk: int):
    bulletin = selectors.managed_bulletin(user=request.user, pk=pk)
    form = BulletinForm(
        request.POST or None, request.FILES or None, instance=bulletin, region=bulletin.region
    )
    if request.method == "POST" and form.is_valid():
        services.bulletin_update(bulletin=bulletin, **form.cleaned_data)
        messages.success(request, _("The bulletin is saved."))
        return redirect(bulletin)
    return _form_page(
        request, form, title=_("Edit the bulletin"), back=reverse("bulletins:manage"), obj=bulletin
    )


def _confirm_delete(request, obj, *, back: str):
    return render(request, "bulletins/confirm_delete.html", {"object": obj, "back": back})


@login_required
def bulletin_delete(request, pk: int):
    bulletin = selectors.managed_bulletin(user=request.user, pk=pk)
    if request.method == "POST":
        services.bulletin_delete(bulletin=bulletin)
        messages.success(request, _("The bulletin is deleted."))
        return redirect("bulletins:manage")
    return _confirm_delete(request, bulletin, back=bulletin.get_absolute_url())


@login_required
def collection_create(request):
    region = _managed_region(request)
    form = CollectionForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        collection = services.collection_create(region=region, **form.cleaned_data)
        messages.success(request, _("The collection is created. Now add its sections."))
        return redirect("bulletins:collection_edit", pk=collection.pk)
    return _form_page(request, form, title=_("New collection"), back=reverse("bulletins:manage"))


@login_required
def collection_edit(request, pk: int):
    """The collection's own fields, and below them its sections and materials."""
    collection = selectors.managed_collection(user=request.user, pk=pk)
    form = CollectionForm(request.POST or None, instance=collection, region=collection.region)
    if request.method == "POST" and form.is_valid():
        services.collection_update(collection=collection, **form.cleaned_data)
        messages.success(request, _("The collection is saved."))
        return redirect("bulletins:collection_edit", pk=collection.pk)
    return render(
        request, "bulletins/collection_edit.html", {"form": form, "collection": collection}
    )


@login_required
def collection_delete(request, pk: int):
    collection = selectors.managed_collection(user=request.user, pk=pk)
    if request.method == "POST":
        services.collection_delete(collection=collection)
        messages.success(request, _("The collection is deleted with all its materials."))
        return redirect("bulletins:manage")
    return _confirm_delete(request, collection, back=collection.get_absolute_url())


@login_required
def section_create(request, pk: int):
    collection = selectors.managed_collection(user=request.user, pk=pk)
    form = SectionForm(request.POST or None, collection=collection)
    if request.method == "POST" and form.is_valid():
        services.section_create(collection=collection, **form.cleaned_data)
        messages.success(request, _("The section is added."))
        return redirect("bulletins:collection_edit", pk=collection.pk)
    return _form_page(request, form, title=_("New section"), back=_edit_url(collection))


@login_required
def section_edit(request, pk: int):
    section = selectors.managed_section(user=request.user, pk=pk)
    form = SectionForm(request.POST or None, instance=section, collection=section.collection)
    if request.method == "POST" and form.is_valid():
        services.section_update(section=section, **form.cleaned_data)
        messages.success(request, _("The section is saved."))
        return redirect("bulletins:collection_edit", pk=section.collection_id)
    return _form_page(
        request, form, title=_("Edit the section"), back=_edit_url(section.collection)
    )


@login_required
def section_delete(request, pk: int):
    section = selectors.managed_section(user=request.user, pk=pk)
    if request.method == "POST":
        services.section_delete(section=section)
        messages.success(request, _("The section is deleted with its materials."))
        return redirect("bulletins:collection_edit", pk=section.collection_id)
    return _confirm_delete(request, section, back=_edit_url(section.collection))


@login_required
def item_create(request, pk: int):
    section = selectors.managed_section(user=request.user, pk=pk)
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.item_create(section=section, **form.cleaned_data)
        messages.success(request, _("The material is added."))
        return redirect("bulletins:collection_edit", pk=section.collection_id)
    return _form_page(
        request,
        form,
        title=_("New material in «%(section)s»") % {"section": section.title},
        back=_edit_url(section.collection),
    )


@login_required
def item_edit(request, pk: int):
    item = selectors.managed_item(user=request.user, pk=pk)
    form = ItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.item_update(item=item, **form.cleaned_data)
        messages.success(request, _("The material is saved."))
        return redirect("bulletins:collection_edit", pk=item.section.collection_id)
    return _form_page(
        request,
        form,
        title=_("Edit the material"),
        back=_edit_url(item.section.collection),
        obj=item,
    )


@login_required
def item_delete(request, pk: int):
    item = selectors.managed_item(user=request.user, pk=pk)
    if request.method == "POST":
        services.item_delete(item=item)
        messages.success(request, _("The material is deleted."))
        return redirect("bulletins:collection_edit", pk=item.section.collection_id)
    return _confirm_delete(request, item, back=_edit_url(item.section.collection))
