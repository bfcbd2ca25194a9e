from functools import partial

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.filters import ListFilterForm
from portal.models import Branch

from . import services
from .models import PageAudit, PageSnapshot, Publication, SocialPage
from .selectors import AuditFilters, PageFilters


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PageFilterForm(ListFilterForm):
    filters_class = PageFilters

    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None, required=False)
    platform = forms.ChoiceField(
        label=_("Platform"),
        choices=[("", _("any platform")), *SocialPage.Platform.choices],
        required=False,
    )
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=[("", _("any verdict")), *PageAudit.Verdict.choices],
        required=False,
    )
    lifecycle = forms.ChoiceField(
        label=_("Under the reform"),
        choices=[("", _("any")), *SocialPage.Lifecycle.choices],
        required=False,
    )

    def __init__(self, *args, regions, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = _("all regions")
        self.fields["branch"].queryset = branches
        self.fields["branch"].empty_label = _("all branches")


class AuditFilterForm(ListFilterForm):
    """The audit table's one filter; the page draws its own select of `regions`."""

    filters_class = AuditFilters

    region = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class SocialPageForm(forms.ModelForm):
    class Meta:
        model = SocialPage
        fields = ["branch", "platform", "name", "url", "official", "created_on", "note"]
        widgets = {"created_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        # An address typed without a scheme is taken as https://.
        field_classes = {"url": partial(forms.URLField, assume_scheme="https")}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["branch"].queryset = Branch.objects.filter(region=region)
        self.fields["branch"].empty_label = _("— the region's own page —")


class SnapshotForm(forms.ModelForm):
    class Meta:
        model = PageSnapshot
        fields = [
            "measured_on",
            "followers",
            "posts_30d",
            "own_posts",
            "reposts",
            "last_own_post",
            "visual_quality",
            "note",
        ]
        widgets = {
            "measured_on": DateInput(),
            "last_own_post": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("measured_on", timezone.localdate())
        for name in ("followers", "posts_30d", "own_posts", "reposts"):
            self.fields[name].widget.attrs["min"] = 0
        self.fields["visual_quality"].widget.attrs.update(min=1, max=5)

    def clean(self):
        data = super().clean()
        for error in services.validate_snapshot(data, today=timezone.localdate()):
            self.add_error(None, error)
        return data

    def validate_unique(self):
        # The page is set by the service, which reports a duplicate date itself.
        pass

    def validate_constraints(self, exclude=None):
        # The same checks run in clean() with clearer messages.
        pass


class SnapshotUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_(
            "Columns: Адрес, Дата, Подписчики, Постов за 30 дней, Собственных, Репостов, "
            "Последний собственный пост, Визуал, Примечание. The address identifies the page."
        ),
    )


class LifecycleForm(forms.Form):
    lifecycle = forms.ChoiceField(choices=SocialPage.Lifecycle.choices)


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["outlet", "published_on", "title", "url"]
        widgets = {"published_on": DateInput()}
        field_classes = {"url": partial(forms.URLField, assume_scheme="https")}

    def __init__(self, *args, outlets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = outlets

    def clean_published_on(self):
        day = self.cleaned_data["published_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day
