"""Forms of the content plan; their choices come from the plan's region."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import dates
from portal.filters import ListFilterForm
from portal.numbers import DIGITS, IdsField, NumberError, parse_count, parse_id

from . import copies, texts
from .models import Campaign, Channel, MonthlyPlan, PlannedPost, Rubric
from .selectors import PostFilters
from .services import (
    BULK_MAX_DAYS,
    BULK_MAX_POSTS,
    Bulk,
    CampaignData,
    PostData,
    campaign_dates_shown,
    campaign_years_message,
)


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
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A short note for the plan, if the title does not say enough."),
    )
    # What goes out to the networks, written here once (`contentplan.texts`);
    # a network's own version stays an option of the post's publishing panel.
    text = forms.CharField(
        label=_("Publication text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What goes out to the networks. A network that needs other words gets "
            "its own version in the post's publishing panel."
        ),
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
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False)

    def __init__(self, *args, plan: MonthlyPlan, rubrics, responsible, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["campaign"].queryset = Campaign.objects.filter(region=plan.region_id)
        self.fields["campaign"].empty_label = _("no campaign")
        self.fields["rubric"].queryset = rubrics
        self.fields["responsible"].queryset = responsible
        self.fields["branch"].queryset = branches
        self.fields["responsible"].empty_label = _("nobody yet")
        self.fields["branch"].empty_label = _("the whole region")
        first = plan.month
        last = dates.last_day(first)
        self.fields["date"].widget.attrs.update(min=first.isoformat(), max=last.isoformat())
        if not texts.writable():
            del self.fields["text"]

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
            campaign=data["campaign"],
            text=data["text"] if "text" in self.fields else None,
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
            "campaign": post.campaign_id,
            "text": texts.of([post.pk]).get(post.pk, ""),
        }


class MoveForm(forms.Form):
    date = forms.DateField(label=_("Move to"), widget=DateInput())
    # Sent by the week view (an hour) and its whole-day row (empty); a move
    # without the field keeps the post's time.
    time = forms.TimeField(label=_("Time"), required=False, widget=TimeInput())
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


_NETWORK_ANSWERS = [
    ("", "—"),
    (copies.FROM_NETWORKS, _("delete from the networks too")),
    (copies.ONLY_PLAN, _("only from the plan")),
]


class DeleteForm(VersionMixin):
    # Asked only when the post is on the networks (see `contentplan.copies`).
    networks = forms.ChoiceField(choices=_NETWORK_ANSWERS, required=False)


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
    campaign = forms.TypedChoiceField(label=_("Campaign"), coerce=int, required=False)

    def __init__(self, *args, rubrics, channels, responsible, branches, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("all campaigns"))] + [
            (campaign.pk, campaign.name) for campaign in campaigns
        ]
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


class BulkForm(forms.Form):
    """One action on the posts selected in a calendar: each checkbox sends
    `posts=<key>:<version>`, the version the user saw."""

    action = forms.ChoiceField(
        label=_("With the selected"),
        choices=[
            (Bulk.MOVE, _("move by days")),
            (Bulk.STATUS, _("set the status")),
            (Bulk.RESPONSIBLE, _("give to")),
            (Bulk.DELETE, _("delete")),
        ],
        error_messages={"invalid_choice": _("Choose what to do with the selected posts.")},
    )
    days = forms.CharField(label=_("Days"), required=False, max_length=4)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", "—")]
        + [
            (value, label)
            for value, label in PlannedPost.Status.choices
            if value != PlannedPost.Status.PUBLISHED
        ],
        error_messages={"invalid_choice": _("Choose a status.")},
    )
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=None, required=False)
    networks = forms.ChoiceField(
        label=_("Posts already on the networks"), choices=_NETWORK_ANSWERS, required=False
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, responsible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = responsible
        self.fields["responsible"].empty_label = _("nobody")

    def clean_days(self) -> int:
        text = self.cleaned_data["days"].strip()
        if self.data.get("action") != Bulk.MOVE:
            return 0
        sign = -1 if text.startswith(("-", "−")) else 1
        try:
            value = parse_count(text.lstrip("-−+"), minimum=1, maximum=BULK_MAX_DAYS)
        except NumberError as error:
            raise forms.ValidationError(error.message) from None
        return sign * value

    def clean(self):
        data = super().clean()
        if self.data.get("status") == PlannedPost.Status.PUBLISHED:
            # Not a choice here; say why rather than only «choose a status».
            self.errors.pop("status", None)
            self.add_error("status", _("Publish posts one by one: each needs its own address."))
        versions: dict[int, int] = {}
        for item in self.data.getlist("posts") if hasattr(self.data, "getlist") else []:
            key, _colon, version = str(item).partition(":")
            pk = parse_id(key)
            if pk is None or not DIGITS.fullmatch(version) or len(versions) >= BULK_MAX_POSTS:
                raise forms.ValidationError(_("The selection was damaged; select the posts again."))
            versions[pk] = int(version)
        if not versions:
            raise forms.ValidationError(_("Select at least one post."))
        data["versions"] = versions
        if data.get("action") == Bulk.STATUS and not data.get("status"):
            self.add_error("status", _("Choose a status."))
        return data


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    colour = forms.RegexField(
        label=_("Colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        initial="#0d6efd",
        widget=forms.TextInput(attrs={"type": "color", "class": "form-control-color"}),
    )
    starts = forms.DateField(label=_("Starts"), widget=DateInput())
    ends = forms.DateField(label=_("Ends"), widget=DateInput())
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("A campaign ends on or after the day it starts."))
        elif starts and ends and not campaign_dates_shown(starts, ends):
            self.add_error(None, campaign_years_message())
        return data

    def campaign_data(self) -> CampaignData:
        data = self.cleaned_data
        return CampaignData(
            name=data["name"],
            colour=data["colour"],
            starts=data["starts"],
            ends=data["ends"],
            description=data["description"],
        )

    @staticmethod
    def initial_for(campaign: Campaign) -> dict:
        return {
            "name": campaign.name,
            "colour": campaign.colour,
            "starts": campaign.starts,
            "ends": campaign.ends,
            "description": campaign.description,
        }
