"""Forms of the content plan; their choices come from the plan's region."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import dates
from portal.filters import ListFilterForm
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
        last = dates.last_day(first)
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


class FilterForm(ListFilterForm):
    """Filters of the calendar and the list; choices come from lists already read."""

    filters_class = PostFilters

    rubric = forms.TypedChoiceField(label=_("Rubric"), coerce=int, required=False)
    channel = forms.TypedChoiceField(label=_("Channel"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    responsible = forms.TypedChoiceField(label=_("Responsible"), coerce=int, required=False)
    branch = forms.TypedChoiceField(label=_("Branch"), coerce=int, required=False)

    def __init__(self, *args, rubrics, channels, responsible, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].choices = [("", _("all rubrics"))] + [
            (rubric.pk, rubric.display_name) for rubric in rubrics
        ]
        self.fields["channel"].choices = [("", _("all channels"))] + [
            (channel.pk, channel.display_name) for channel in channels
        ]
        self.fields["status"].choices = [("", _("any status")), *PlannedPost.Status.choices]
        self.fields["responsible"].choices = [("", _("anyone"))] + [
            (person.pk, str(person)) for person in responsible
        ]
        self.fields["branch"].choices = [("", _("all branches"))] + [
            (branch.pk, branch.name) for branch in branches
        ]


class RubricForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["name", "name_kk", "name_en", "colour", "monthly_minimum", "position"]
        fields += ["is_active"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color", "class": "form-control-color"})
        }
