"""Forms of materials from branches: sending, editing and review."""

from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contentplan.forms import DateInput
from portal.filters import ListFilterForm

from .selectors import QueueFilters


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files in one input; each is checked by `photos.check_photo` later."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class SubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who, what, where, why it matters: at least 300 characters make a post."),
    )
    event_date = forms.DateField(label=_("Event date"), widget=DateInput())
    organisation = forms.ModelChoiceField(
        label=_("Primary organisation"), queryset=None, required=False
    )
    rubric = forms.ModelChoiceField(label=_("Suggested rubric"), queryset=None, required=False)
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 10 photos: JPEG, PNG or WebP, at most 15 MB each."),
    )
    consent = forms.BooleanField(
        label=_("The people in the photos (parents, for children) agreed to their publication."),
        required=True,
    )
    # Made when the form opens (see `Submission.key`): sent again, it finds
    # the material it made rather than making another.
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # The page's last field, after the photos: a body cut short on the way
    # (which a server may hand on as it is, photos missing) lacks it.
    complete = forms.BooleanField(widget=forms.HiddenInput, required=False, initial=True)

    def __init__(self, *args, organisations, rubrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("the whole branch")
        self.fields["rubric"].queryset = rubrics
        self.fields["rubric"].empty_label = _("let the press secretary choose")

    def clean(self):
        data = super().clean()
        if not data.get("complete"):
            raise forms.ValidationError(
                _(
                    "The material arrived incomplete: the connection dropped while it was "
                    "being sent. Send it again."
                )
            )
        return data

    def submission_data(self):
        from .services import SubmissionData

        data = self.cleaned_data
        return SubmissionData(
            title=data["title"],
            text=data["text"],
            event_date=data["event_date"],
            consent=data["consent"],
            organisation=data["organisation"],
            rubric=data["rubric"],
        )


class SubmissionEditForm(SubmissionForm):
    key = None  # a change is guarded by the version instead
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    remove_photos = forms.TypedMultipleChoiceField(
        label=_("Remove photos"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_photos"].choices = [
            (photo.pk, photo.original_name or str(photo.position)) for photo in photos
        ]

    @staticmethod
    def initial_for(submission) -> dict:
        return {
            "version": submission.version,
            "title": submission.title,
            "text": submission.text,
            "event_date": submission.event_date,
            "organisation": submission.organisation_id,
            "rubric": submission.rubric_id,
            "consent": submission.consent,
        }


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    mode = forms.ChoiceField(
        label=_("Into the plan"),
        choices=[("new", _("as a new post")), ("attach", _("attached to a planned post"))],
        initial="new",
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    rubric = forms.ModelChoiceField(label=_("Rubric"), queryset=None, required=False)
    post = forms.ModelChoiceField(label=_("Planned post"), queryset=None, required=False)
    comment = forms.CharField(
        label=_("Comment for the chair"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rubrics, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = rubrics
        self.fields["post"].queryset = posts
        self.fields["post"].label_from_instance = lambda post: " · ".join(
            (date_format(post.date, "SHORT_DATE_FORMAT"), post.rubric.display_name, post.title)
        )

    def clean(self):
        data = super().clean()
        if data.get("mode") == "attach" and not data.get("post"):
            self.add_error("post", _("Choose the planned post."))
        if data.get("mode") == "new":
            if not data.get("date"):
                self.add_error("date", _("Choose the date of the post."))
            if not data.get("rubric"):
                self.add_error("rubric", _("Choose the rubric of the post."))
        return data


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = forms.CharField(
        label=_("What should change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TakeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class QueueFilterForm(ListFilterForm):
    filters_class = QueueFilters
    AGES = [("", _("any age")), ("3", _("waiting over 3 days")), ("7", _("waiting over a week"))]

    branch = forms.TypedChoiceField(label=_("Branch"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    age = forms.TypedChoiceField(label=_("Age"), coerce=int, required=False, choices=AGES)

    def __init__(self, *args, branches, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", _("all branches"))] + [
            (branch.pk, branch.name) for branch in branches
        ]
        self.fields["status"].choices = [
            ("", _("waiting for review")),
            ("all", _("all")),
            *statuses,
        ]


class StatsForm(forms.Form):
    region = forms.TypedChoiceField(label=_("Region"), coerce=int, required=False)
    months = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        required=False,
        choices=[(3, _("3 months")), (6, _("6 months")), (12, _("12 months"))],
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(region.pk, str(region)) for region in regions]
