from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PublicationText


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Publication text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    telegram = forms.CharField(
        label=_("Only for Telegram"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    facebook = forms.CharField(
        label=_("Only for Facebook"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    instagram = forms.CharField(
        label=_("Only for Instagram"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    image = forms.ChoiceField(
        label=_("Image"), choices=PublicationText.Image.choices, initial=PublicationText.Image.AUTO
    )

    def clean(self):
        data = super().clean()
        for name in ("text", "telegram", "facebook", "instagram"):
            if len(data.get(name) or "") > 70000:
                self.add_error(name, _("The text is far too long."))
        return data


class ConfirmForm(forms.Form):
    published = forms.TypedChoiceField(
        choices=[("1", "yes"), ("0", "no")], coerce=lambda value: value == "1"
    )
    url = forms.URLField(required=False, max_length=500, assume_scheme="https")
