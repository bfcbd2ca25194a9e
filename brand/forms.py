from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BrandKit, StandardItem


class ColourInput(forms.TextInput):
    input_type = "color"


class KitForm(forms.ModelForm):
    logo_file = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG (a transparent background stays transparent), JPEG or WebP; up to 5 MB."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    # The version of the kit the form was opened with: a save over a newer one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BrandKit
        fields = ["primary_colour", "accent_colour", "text_colour", "background_colour", "typeface"]
        widgets = {
            "primary_colour": ColourInput(attrs={"class": "form-control-color"}),
            "accent_colour": ColourInput(attrs={"class": "form-control-color"}),
            "text_colour": ColourInput(attrs={"class": "form-control-color"}),
            "background_colour": ColourInput(attrs={"class": "form-control-color"}),
        }

    def kit_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class StandardItemForm(forms.ModelForm):
    class Meta:
        model = StandardItem
        fields = ["text", "text_kk", "text_en", "position", "is_active"]


YES, NO = "yes", "no"


class StandardCheckForm(forms.Form):
    """One yes/no question per item of the standard in use."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.display_text,
                choices=[(YES, _("yes")), (NO, _("no"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes or no.")},
            )

    def rows(self):
        """(item, bound field) pairs, in the checklist's order."""
        return [(item, self[f"item_{item.pk}"]) for item in self.items]

    def answers(self) -> dict[int, bool]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] == YES for item in self.items}

    @staticmethod
    def initial_from(check) -> dict:
        if check is None:
            return {}
        return {
            f"item_{answer.item_id}": YES if answer.passed else NO for answer in check.answers.all()
        }
