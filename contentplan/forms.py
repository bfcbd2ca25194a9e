"""Forms of the content plan; their choices come from the plan's region."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.numbers import IdsField

from .models import Channel, MonthlyPlan, PlannedPost, Rubric
from .selectors import PostFilters
from .services import PostData


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class VersionMixin(forms.Form):
    # The version of the object the form was opened at (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PostForm(VersionMixin):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), required=False, widget=TimeInput())
    rubric = forms.ModelChoiceField(label=_("Rubric"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    brief = forms.CharField(
        label=_("Brief"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the post says, in two or three sentences."),
    )
    channels = IdsField(
        label=_("Channels"),
        queryset=Channel.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=None, required=False)
    branch = forms.ModelChoiceField(
        label=_("Featured branch"),
        queryset=None,
        required=False,
        help_text=_("The branch whose local agenda the post covers."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=PlannedPost.Language.choices, initial="both"
    )
    origin = forms.ChoiceField(
        label=_("Own or repost"),
        choices=PlannedPost.Origin.choices,
        initial=PlannedPost.Origin.OWN,
        widget=forms.RadioSelect,
    )
    recurrence = forms.ChoiceField(
        label=_("Repeats"), choices=PlannedPost.Recurrence.choices, required=False
    )

    def __init__(self, *args, plan: MonthlyPlan, rubrics, responsible, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["rubric"].queryset = rubrics
        self.fields["responsible"].queryset = responsible
        self.fields["branch"].queryset = branches
        self.fields["responsible"].empty_label = _("nobody yet")
        self.fields["branch"].empty_label = _("the whole region")
        first = plan.month
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        self.fields["date"].widget.attrs.update(min=first.isoformat(), max=last.isoformat())

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if (day.year, day.month) != (self.plan.month.year, self.plan.month.month):
            raise forms.ValidationError(_("The date must fall in the month of the plan."))
        return day

    def post_data(self) -> PostData:
        data = self.cleaned_data
        return PostData(
            date=data["date"],
            time=data["time"],
            rubric=data["rubric"],
            title=data["title"],
            brief=data["brief"],
            channels=tuple(data["channels"]),
            responsible=data["responsible"],
            branch=data["branch"],
            language=data["language"],
            origin=data["origin"],
            recurrence=data["recurrence"] or "",
        )

    @staticmethod
    def initial_for(post: PlannedPost) -> dict:
        return {
            "version": post.version,
            "date": post.date,
            "time": post.time,
            "rubric": post.rubric_id,
            "title": post.title,
            "brief": post.brief,
            "channels": [channel.pk for channel in post.channels.all()],
            "responsible": post.responsible_id,
            "branch": post.branch_id,
            "language": post.language,
            "origin": post.origin,
            "recurrence": post.recurrence,
        }


class MoveForm(forms.Form):
    date = forms.DateField(label=_("Move to"), widget=DateInput())
    # Drag and drop and the form both send the version the user saw.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class StatusForm(VersionMixin):
    status = forms.ChoiceField(choices=PlannedPost.Status.choices)
    published_url = forms.URLField(
        label=_("Published at"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeleteForm(VersionMixin):
    pass


class PlanStepForm(VersionMixin):
    to = forms.ChoiceField(choices=MonthlyPlan.Status.choices)
    comment = forms.CharField(required=False, max_length=2000)
    reason = forms.CharField(required=False, max_length=2000)


class StartPlanForm(forms.Form):
    copy_recurring = forms.BooleanField(required=False)


class FilterForm(forms.Form):
    """Filters of the calendar and the list; choices come from lists already read."""

    rubric = forms.TypedChoiceField(label=_("Rubric"), coerce=int, required=False)
    channel = forms.TypedChoiceField(label=_("Channel"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    responsible = forms.TypedChoiceField(label=_("Responsible"), coerce=int, required=False)
    branch = forms.TypedChoiceField(label=_("Branch"), coerce=int, required=False)

    def __init__(self, *args, rubrics, channels, responsible, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].choices = [("", _("all rubrics"))] + [
            (rubric.pk, rubric.name) for rubric in rubrics
        ]
        self.fields["channel"].choices = [("", _("all channels"))] + [
            (channel.pk, channel.name) for channel in channels
        ]
        self.fields["status"].choices = [("", _("any status")), *PlannedPost.Status.choices]
        self.fields["responsible"].choices = [("", _("anyone"))] + [
            (person.pk, str(person)) for person in responsible
        ]
        self.fields["branch"].choices = [("", _("all branches"))] + [
            (branch.pk, branch.name) for branch in branches
        ]

    def filters(self) -> PostFilters:
        if not self.is_valid():
            return PostFilters()
        data = self.cleaned_data
        return PostFilters(
            rubric=data["rubric"] or None,
            channel=data["channel"] or None,
            status=data["status"],
            responsible=data["responsible"] or None,
            branch=data["branch"] or None,
        )


# --- Materials from branches (submissions) --------------------------------------


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

    def __init__(self, *args, organisations, rubrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("the whole branch")
        self.fields["rubric"].queryset = rubrics
        self.fields["rubric"].empty_label = _("let the press secretary choose")

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
        self.fields["post"].label_from_instance = lambda post: (
            f"{post.date:%d.%m.%Y} · {post.rubric.name} · {post.title}"
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


class QueueFilterForm(forms.Form):
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

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


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


class RubricForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["name", "colour", "monthly_minimum", "position", "is_active"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color", "class": "form-control-color"})
        }
