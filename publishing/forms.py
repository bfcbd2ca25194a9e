from django import forms
from django.utils.translation import gettext_lazy as _

import networks

from .models import PublicationText


class TextForm(forms.Form):
    """The common text, a text of its own for each network the portal
    publishes to (a field named by the network's code), and the image."""

    text = forms.CharField(
        label=_("Publication text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    image = forms.ChoiceField(
        label=_("Image"), choices=PublicationText.Image.choices, initial=PublicationText.Image.AUTO
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        image = self.fields.pop("image")
        for code in networks.publishing():
            self.fields[code] = forms.CharField(
                label=_("Only for %(network)s") % {"network": networks.get(code).name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["image"] = image  # after the networks' texts, as the panel shows it

    def clean(self):
        data = super().clean()
        for name in ("text", *networks.publishing()):
            if len(data.get(name) or "") > 70000:
                self.add_error(name, _("The text is far too long."))
        return data

    def saved(self) -> dict:
        """The cleaned text, image and each network's own text (`services.text_save`)."""
        data = self.cleaned_data
        return {
            "text": data["text"],
            "image": data["image"],
            "variants": {code: data.get(code, "") for code in networks.publishing()},
        }


class ConfirmForm(forms.Form):
    published = forms.TypedChoiceField(
        choices=[("1", "yes"), ("0", "no")], coerce=lambda value: value == "1"
    )
    url = forms.URLField(required=False, max_length=500, assume_scheme="https")
