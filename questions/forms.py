"""Forms of the questions app: the public one a member fills, and the queue's."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.filters import ListFilterForm
from portal.models import Region
from portal.numbers import parse_id

from . import selectors
from .models import ANSWER_MAX, NAME_MAX, PHONE_MAX, TEXT_MAX, Question
from .services import AskData


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def honeypot_field() -> forms.CharField:
    """A field people never see (the template hides it); bots fill every field
    they find. The public survey form uses it too."""
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


def is_bot(data) -> bool:
    """Whether the honeypot `website` of a posted form was filled."""
    return bool(data.get("website"))


class AskForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Regional organisation"), queryset=None)
    # No topic is chosen for the member: an unchosen one is asked for, not guessed.
    topic = forms.ChoiceField(
        label=pgettext_lazy("question", "Topic"),
        choices=[("", _("— choose a topic —")), *Question.Topic.choices],
    )
    text = forms.CharField(
        label=_("Your question"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe the situation; do not write other people's personal data."),
    )
    branch = forms.ModelChoiceField(
        label=_("Branch (city or district)"),
        queryset=None,
        required=False,
        help_text=_("If you wish: it helps to answer for your place."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Primary organisation"), queryset=None, required=False
    )
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=PHONE_MAX,
        required=False,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()\-]{4,30}$", _("A phone number of digits, like +7 701 123 45 67.")
            )
        ],
    )
    consent = forms.BooleanField(
        label=_("I agree that the union's press service contacts me about this question"),
        required=False,
    )
    website = honeypot_field()

    def __init__(self, *args, regions, region: Region | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = list(regions)
        self.fields["region"].queryset = selectors.ask_regions()
        self.single_region = len(regions) == 1
        if self.single_region:
            self.fields["region"].widget = forms.HiddenInput()
            region = regions[0]
        if region is not None:
            self.fields["region"].initial = region.pk
        # The branch list shows the chosen region's branches (all regions' when
        # several are possible); the server checks the pair either way.
        chosen = self._chosen_region(regions) or region
        self.fields["branch"].queryset = selectors.ask_branches(region=chosen)
        if chosen is None:
            self.fields["branch"].label_from_instance = lambda b: f"{b.name} ({b.region})"
        self.fields["organisation"].queryset = selectors.ask_organisations(
            branch_id=self._chosen_branch_id()
        )
        # With JavaScript, choosing a branch loads its organisations (htmx).
        self.fields["branch"].widget.attrs.update(
            {
                "hx-get": reverse("questions:organisation_options"),
                "hx-target": "#id_organisation",
                "hx-trigger": "change",
            }
        )

    def _chosen_region(self, regions) -> Region | None:
        value = self.data.get("region") if self.is_bound else None
        return next((r for r in regions if str(r.pk) == str(value)), None)

    def _chosen_branch_id(self) -> int | None:
        value = self.data.get("branch") if self.is_bound else self.initial.get("branch")
        return parse_id(value)

    @property
    def is_bot(self) -> bool:
        return is_bot(self.data)

    def clean(self):
        data = super().clean()
        region, branch = data.get("region"), data.get("branch")
        organisation = data.get("organisation")
        if region and branch and branch.region_id != region.pk:
            self.add_error("branch", _("The branch is not of this region."))
        if organisation and (not branch or organisation.branch_id != branch.pk):
            self.add_error("organisation", _("The organisation is not of this branch."))
        if (data.get("email") or data.get("phone")) and not data.get("consent"):
            self.add_error("consent", _("Agree to be contacted, or leave the contact out."))
        return data

    def ask_data(self) -> AskData:
        data = self.cleaned_data
        return AskData(
            region=data["region"],
            topic=data["topic"],
            text=data["text"],
            branch=data["branch"],
            organisation=data["organisation"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            consent=data["consent"],
        )


class VersionForm(forms.Form):
    # The version of the question the form was opened at (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AssignForm(VersionForm):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False)

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].label_from_instance = _person


def _person(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} — {user.position}" if user.position else name


class AnswerForm(VersionForm):
    answer = forms.CharField(
        label=_("Answer"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )


CLOSE_CHOICES = [
    (Question.Closure.RESOLVED, _("answered: close")),
    (Question.Closure.DUPLICATE, _("duplicate")),
    (Question.Closure.SPAM, _("spam")),
]


class CloseForm(VersionForm):
    closure = forms.ChoiceField(
        label=_("Close as"), choices=[("", _("— choose the reason —")), *CLOSE_CHOICES]
    )
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False)


class PublishForm(VersionForm):
    publish = forms.BooleanField(label=_("Show on the public FAQ page"), required=False)
    public_question = forms.CharField(
        label=_("The question as the FAQ shows it"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Without the asker: no name, no contact, nothing that identifies them."),
    )
    public_answer = forms.CharField(
        label=_("The answer as the FAQ shows it"),
        max_length=ANSWER_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class MakePostForm(VersionForm):
    date = forms.DateField(label=_("Date of the post"), widget=DateInput())
    rubric = forms.ModelChoiceField(label=_("Rubric"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = selectors.post_rubrics()


STATUS_CHOICES = [
    ("", _("waiting for an answer")),
    *Question.Status.choices,
    ("all", _("all")),
]


class QueueFilterForm(ListFilterForm):
    filters_class = selectors.QueueFilters

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    topic = forms.ChoiceField(
        label=pgettext_lazy("question", "Topic"),
        choices=[("", _("all topics")), *Question.Topic.choices],
        required=False,
    )
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


class FaqFilterForm(ListFilterForm):
    filters_class = selectors.FaqFilters

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    topic = forms.ChoiceField(
        label=pgettext_lazy("question", "Topic"),
        choices=[("", _("all topics")), *Question.Topic.choices],
        required=False,
    )
