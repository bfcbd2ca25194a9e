"""Forms of surveys: making one, its questions, a post of its results, and the
member's «where from» on the public page (the answers themselves are read by
`services.read_answers`, which knows the questions)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questions.forms import honeypot_field

from . import selectors, services
from .models import MAX_OPTIONS, Question, Survey


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SurveyForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Start from"), choices=Survey.Template.choices, required=False
    )
    title_ru = forms.CharField(
        label=_("Title in Russian"),
        max_length=200,
        required=False,
        help_text=_("Left empty, the template's title is used."),
    )
    title_kk = forms.CharField(label=_("Title in Kazakh"), max_length=200, required=False)
    intro_ru = forms.CharField(
        label=_("Introduction in Russian"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    intro_kk = forms.CharField(
        label=_("Introduction in Kazakh"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    branch = forms.ModelChoiceField(label=_("Only for one branch"), queryset=None, required=False)
    event = forms.CharField(label=_("Event"), max_length=200, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.permissions import branches_for, role_of

        self.fields["branch"].queryset = (
            branches_for(user) if role_of(user) == "press" else (branches_for(user).none())
        )
        if role_of(user) != "press":
            del self.fields["branch"]
        if editing:
            del self.fields["template"]
        if not self.is_bound and not editing:
            today = timezone.localdate()
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", today + timezone.timedelta(days=14))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The survey closes before it opens."))
        closes_on = data.get("closes_on")
        if (
            closes_on
            and closes_on < timezone.localdate()
            and closes_on != self.initial.get("closes_on")
        ):
            self.add_error("closes_on", _(services.CLOSES_IN_THE_PAST))
        if not data.get("title_ru") and data.get("template", "blank") in ("", "blank"):
            self.add_error("title_ru", _("Write the survey's title in Russian."))
        return data

    def survey_data(self) -> services.SurveyData:
        data = self.cleaned_data
        return services.SurveyData(
            title_ru=data["title_ru"],
            title_kk=data["title_kk"],
            intro_ru=data["intro_ru"],
            intro_kk=data["intro_kk"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            branch=data.get("branch"),
            event=data["event"],
        )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text_ru = forms.CharField(label=_("Question in Russian"), max_length=500)
    text_kk = forms.CharField(label=_("Question in Kazakh"), max_length=500, required=False)
    options = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=MAX_OPTIONS * 420,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: Russian | Kazakh. Only for one or several choices."),
    )
    required = forms.BooleanField(label=_("Answer required"), required=False)

    def question_data(self) -> services.QuestionData:
        data = self.cleaned_data
        options = []
        for line in data["options"].splitlines():
            ru, _sep, kk = line.partition("|")
            if ru.strip():
                options.append((ru.strip(), kk.strip()))
        return services.QuestionData(
            kind=data["kind"],
            text_ru=data["text_ru"],
            text_kk=data["text_kk"],
            required=data["required"],
            options=options,
        )


class MakePostForm(forms.Form):
    date = forms.DateField(label=_("Date of the post"), widget=DateInput())
    rubric = forms.ModelChoiceField(label=_("Rubric"), queryset=None)
    question = forms.ModelChoiceField(label=_("Chart on the card"), queryset=None)

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = selectors.post_rubrics()
        self.fields["question"].queryset = Question.objects.filter(survey=survey).exclude(
            kind=Question.Kind.TEXT
        )
        self.fields["question"].label_from_instance = lambda q: q.text_ru
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            rubric = selectors.post_rubrics().filter(name=services.POST_RUBRIC).first()
            if rubric:
                self.initial.setdefault("rubric", rubric.pk)
            first = self.fields["question"].queryset.first()
            if first:
                self.initial.setdefault("question", first.pk)


class WhereForm(forms.Form):
    """The member's region (a survey of every region) and, if they wish, branch."""

    region = forms.ModelChoiceField(label=_("Regional organisation"), queryset=None)
    branch = forms.ModelChoiceField(
        label=_("Your branch (city or district)"), queryset=None, required=False
    )
    website = honeypot_field()

    def __init__(self, *args, survey: Survey, regions, branches, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.models import Branch, Region

        self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
        self.fields["region"].choices = [("", "—"), *[(r.pk, r.short_name) for r in regions]]
        self.fields["branch"].queryset = Branch.objects.filter(pk__in=[b.pk for b in branches])
        self.fields["branch"].choices = [
            ("", _("I'd rather not say")),
            *[
                (b.pk, b.name if survey.region_id else f"{b.name} ({b.region.short_name})")
                for b in branches
            ],
        ]
        self.fields["region"].error_messages["invalid_choice"] = _(
            "Choose your regional organisation."
        )
        self.fields["branch"].error_messages["invalid_choice"] = _("Choose a branch of the list.")
        if survey.region_id is not None:
            del self.fields["region"]
        if survey.branch_id is not None:
            del self.fields["branch"]
