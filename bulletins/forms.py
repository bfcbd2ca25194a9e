"""Forms of the library. They check input, uploads included; services save it."""

from __future__ import annotations

from django import forms
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.filters import ListFilterForm
from portal.models import Region

from .models import Bulletin, Collection, Item, Section, Topic
from .selectors import LibraryFilters
from .uploads import DOCUMENT_KINDS, IMAGE_KINDS, UploadRefused, check_upload

DOCUMENT_HELP = _("PDF, DOCX, XLSX, PPTX or a JPEG, PNG or WebP image; at most 25 MB.")
IMAGE_HELP = _("A JPEG, PNG or WebP image; at most 25 MB.")


class LibraryFilterForm(ListFilterForm):
    filters_class = LibraryFilters

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("all topics")), *Topic.choices], required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Title or topic")
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = _("all regions")


def _checked(upload, *, accept):
    """The upload checked by content, or a form error naming the file and the reason."""
    if not upload:
        return None
    try:
        return check_upload(upload, accept=accept)
    except UploadRefused as refusal:
        raise forms.ValidationError(str(refusal)) from refusal


class BulletinForm(forms.ModelForm):
    file = forms.FileField(label=_("File"), help_text=DOCUMENT_HELP)
    cover = forms.FileField(label=_("Cover"), required=False, help_text=IMAGE_HELP)
    remove_cover = forms.BooleanField(label=_("Remove the cover"), required=False)

    class Meta:
        model = Bulletin
        fields = ["number", "title", "topic", "issued_on", "summary", "visibility"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        if self.instance.pk:
            self.fields["file"].required = False
            self.fields["file"].label = _("Replace the file")
        else:
            # A new bulletin most likely takes the next number, issued today.
            last = Bulletin.objects.filter(region=region).aggregate(last=Max("number"))["last"]
            self.initial.setdefault("number", (last or 0) + 1)
            self.initial.setdefault("issued_on", timezone.localdate())
        if self.instance.cover:
            self.fields["cover"].label = _("Replace the cover")
        else:
            del self.fields["remove_cover"]

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Bulletin.objects.filter(region=self.region, number=number).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(
                _("The region already has a bulletin No. %(number)s.") % {"number": number}
            )
        return number

    def clean_file(self):
        return _checked(self.cleaned_data.get("file"), accept=DOCUMENT_KINDS)

    def clean_cover(self):
        return _checked(self.cleaned_data.get("cover"), accept=IMAGE_KINDS)


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["title", "description", "visibility"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_title(self):
        title = self.cleaned_data["title"]
        taken = Collection.objects.filter(region=self.region, title=title).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(_("The region already has a collection of this title."))
        return title


class _OptionalPosition:
    """The position may be left empty: then the thing goes first (0)."""

    def _optional_position(self) -> None:
        self.fields["position"].required = False
        self.fields["position"].initial = 0

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0


class SectionForm(_OptionalPosition, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "position"]
        help_texts = {"position": _("Sections are shown in this order.")}

    def __init__(self, *args, collection: Collection, **kwargs):
        super().__init__(*args, **kwargs)
        self.collection = collection
        self._optional_position()

    def clean_title(self):
        title = self.cleaned_data["title"]
        taken = self.collection.sections.filter(title=title).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The collection already has a section of this title."))
        return title


class ItemForm(_OptionalPosition, forms.ModelForm):
    file = forms.FileField(label=_("File"), required=False, help_text=DOCUMENT_HELP)
    link = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Instead of a file: the address of a video, a page or a shared folder."),
    )

    field_order = ["title", "description", "file", "link", "visibility", "position"]

    class Meta:
        model = Item
        fields = ["title", "description", "visibility", "position"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._optional_position()
        if self.instance.pk and self.instance.file:
            self.fields["file"].label = _("Replace the file")

    def clean_file(self):
        return _checked(self.cleaned_data.get("file"), accept=DOCUMENT_KINDS)

    def clean(self):
        cleaned = super().clean()
        upload, link = cleaned.get("file"), cleaned.get("link")
        if upload and link:
            raise forms.ValidationError(_("Give either a file or a link, not both."))
        has_file_already = bool(self.instance.pk and self.instance.file)
        if not upload and not link and not has_file_already and "file" not in self.errors:
            raise forms.ValidationError(_("Attach a file or give a link."))
        return cleaned
