"""Pages of materials from branches, at /submissions/: send, follow, review."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contentplan import selectors as plan_selectors
from portal import dates
from portal import permissions as scope
from portal.exceptions import Conflict, Refused

from . import permissions, photos, selectors, services, workflow
from .forms import (
    AcceptForm,
    QueueFilterForm,
    RejectForm,
    ReturnForm,
    StatsForm,
    SubmissionEditForm,
    SubmissionForm,
    TakeForm,
)
from .models import Submission


def _submission_form_kwargs(user) -> dict:
    return {
        "organisations": scope.organisations_for(user).order_by("sort_key"),
        "rubrics": plan_selectors.active_rubrics(),
    }


# The sending form makes larger photos this small in the browser before they
# leave the phone (static/js/photo-upload.js); the server's own cap is larger.
BROWSER_MAX_SIDE = 2560

# The review queue shows this many materials a page, oldest sent first.
QUEUE_PAGE_SIZE = 50


@login_required
@require_GET
def submission_queue(request):
    """The review queue of the press secretary (central reads every region's)."""
    user = request.user
    if permissions.may_submit_material(user):
        return redirect("submissions:mine")
    if not permissions.may_review_submissions(user) and not scope.sees_all_regions(user):
        raise PermissionDenied
    branches = scope.branches_for(user).select_related("region").order_by("region", "name")
    form = QueueFilterForm(
        request.GET or None, branches=branches, statuses=Submission.Status.choices
    )
    queue = selectors.submissions_queue(user=user, filters=form.filters())
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    submissions = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "materials/queue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "submissions": submissions,
            "show_region": scope.sees_all_regions(user),
        },
    )


@login_required
@require_GET
def submission_mine(request):
    """A chair's materials with their status, the reviewer's comment, the post."""
    if not permissions.may_submit_material(request.user):
        return redirect("submissions:queue")
    return render(
        request,
        "materials/mine.html",
        {"submissions": selectors.submissions_of_chair(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_create(request):
    user = request.user
    if not permissions.may_submit_material(user):
        raise PermissionDenied
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, **_submission_form_kwargs(user))
        if form.is_valid():
            try:
                submission = services.submission_create(
                    user=user,
                    data=form.submission_data(),
                    uploads=form.cleaned_data["photos"],
                    key=form.cleaned_data["key"],
                )
            except (Refused, photos.PhotoRefused) as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("The material is sent to the press secretary. Check the hints below."),
                )
                return redirect(submission)
    else:
        form = SubmissionForm(
            initial={"event_date": timezone.localdate(), "key": uuid.uuid4()},
            **_submission_form_kwargs(user),
        )
    return render(
        request, "materials/form.html", {"form": form, "browser_max_side": BROWSER_MAX_SIDE}
    )


@login_required
@require_GET
def submission_detail(request, pk: int):
    user = request.user
    submission = selectors.submission_for(user=user, pk=pk)
    targets = workflow.submission_targets(user, submission)
    may_decide = Submission.Status.ACCEPTED in targets
    region = submission.branch.region
    pictures = selectors.submission_photos(submission=submission)
    context = {
        "submission": submission,
        "photos": pictures,
        "events": selectors.submission_events(submission=submission),
        "text_hints": photos.describe(photos.text_hints(submission.text)),
        "photo_hints": [
            (picture.original_name, hint)
            for picture in pictures
            for hint in photos.describe(picture.hints)
        ],
        "may_edit": permissions.may_edit_submission(user, submission),
        "may_take": Submission.Status.IN_REVIEW in targets,
        "may_decide": may_decide,
    }
    if may_decide:
        version = {"version": submission.version}
        today = timezone.localdate()
        # The post's day starts as the event's, or, for an event already past,
        # the next day the plan has free.
        day = (
            submission.event_date
            if submission.event_date and submission.event_date > today
            else plan_selectors.next_free_day(region=region, after=today)
        )
        context.update(
            accept_form=AcceptForm(
                initial={**version, "rubric": submission.rubric_id, "mode": "new", "date": day},
                rubrics=plan_selectors.active_rubrics(),
                posts=selectors.posts_to_attach(region=region, today=timezone.localdate()),
            ),
            return_form=ReturnForm(initial=version),
            reject_form=RejectForm(initial=version),
        )
    return render(request, "materials/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def submission_edit(request, pk: int):
    user = request.user
    submission = selectors.submission_for(user=user, pk=pk)
    if not permissions.may_edit_submission(user, submission):
        raise PermissionDenied
    current_photos = selectors.submission_photos(submission=submission)
    kwargs = {**_submission_form_kwargs(user), "photos": current_photos}
    if request.method == "POST":
        form = SubmissionEditForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                submission = services.submission_update(
                    submission=submission,
                    user=user,
                    version=form.cleaned_data["version"],
                    data=form.submission_data(),
                    uploads=form.cleaned_data["photos"],
                    remove_photo_ids=form.cleaned_data["remove_photos"],
                )
            except (Refused, photos.PhotoRefused) as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The material is saved."))
                return redirect(submission)
    else:
        form = SubmissionEditForm(initial=SubmissionEditForm.initial_for(submission), **kwargs)
    return render(
        request,
        "materials/form.html",
        {
            "form": form,
            "submission": submission,
            "photos": current_photos,
            "browser_max_side": BROWSER_MAX_SIDE,
        },
    )


def _reviewable(request, pk: int) -> Submission:
    submission = selectors.submission_for(user=request.user, pk=pk)
    if not permissions.may_review_submission(request.user, submission):
        raise PermissionDenied
    return submission


def _form_errors(form) -> str:
    return " ".join(str(text) for texts in form.errors.values() for text in texts)


@login_required
@require_POST
def submission_take(request, pk: int):
    submission = _reviewable(request, pk)
    form = TakeForm(request.POST)
    try:
        version = form.cleaned_data["version"] if form.is_valid() else None
        services.submission_take(submission=submission, user=request.user, version=version)
        messages.success(request, _("The material is in review."))
    except (Refused, Conflict) as error:
        messages.error(request, error.message)
    return redirect(submission)


@login_required
@require_POST
def submission_accept(request, pk: int):
    submission = _reviewable(request, pk)
    form = AcceptForm(
        request.POST,
        rubrics=plan_selectors.active_rubrics(),
        posts=selectors.posts_to_attach(
            region=submission.branch.region, today=timezone.localdate()
        ),
    )
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(submission)
    data = form.cleaned_data
    attach = data["mode"] == "attach"
    try:
        submission = services.submission_accept(
            submission=submission,
            user=request.user,
            version=data["version"],
            date=None if attach else data["date"],
            rubric=None if attach else data["rubric"],
            post=data["post"] if attach else None,
            comment=data["comment"],
        )
    except (Refused, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The material is accepted into the plan."))
    return redirect(submission)


@login_required
@require_POST
def submission_return(request, pk: int):
    submission = _reviewable(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(submission)
    try:
        services.submission_return(
            submission=submission,
            user=request.user,
            version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
        )
    except (Refused, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The material is returned to the chair."))
    return redirect(submission)


@login_required
@require_POST
def submission_reject(request, pk: int):
    submission = _reviewable(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(submission)
    try:
        services.submission_reject(
            submission=submission,
            user=request.user,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except (Refused, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The material is rejected."))
    return redirect(submission)


def _photo_response(photo, *, thumbnail: bool) -> FileResponse:
    from django.core.files.storage import default_storage

    name = photo.thumbnail.name if thumbnail else photo.image.name
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = "image/jpeg" if thumbnail else photo.content_type
    if content_type not in photos.CONTENT_TYPES.values():
        raise Http404
    response = FileResponse(handle, content_type=content_type)
    # Our own name only: never the uploader's in a header.
    extension = name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def submission_photo(request, pk: int):
    return _photo_response(selectors.photo_for(user=request.user, pk=pk), thumbnail=False)


@login_required
@require_GET
def submission_thumbnail(request, pk: int):
    return _photo_response(selectors.photo_for(user=request.user, pk=pk), thumbnail=True)


@login_required
@require_GET
def submission_stats(request):
    """Per-branch figures: press its region, central any region it chooses."""
    user = request.user
    if not (permissions.may_review_submissions(user) or scope.sees_all_regions(user)):
        raise PermissionDenied
    regions = list(scope.regions_for(user).order_by("short_name"))
    if not regions:
        raise Http404
    form = StatsForm(request.GET or None, regions=regions)
    region, months = regions[0], 6
    if form.is_valid():
        chosen = form.cleaned_data.get("region")
        region = next((item for item in regions if item.pk == chosen), region)
        months = form.cleaned_data.get("months") or months
    elif request.GET.get("region"):
        raise Http404
    until = timezone.localdate()
    since = dates.first_day(until)
    for _step in range(months - 1):
        since = dates.previous_month(since)
    lines = selectors.submission_stats(region_ids=[region.pk], since=since, until=until)
    return render(
        request,
        "materials/stats.html",
        {
            "form": form,
            "region": region,
            "regions": regions,
            "lines": lines,
            "months": months,
            "show_regions": scope.sees_all_regions(user),
        },
    )
