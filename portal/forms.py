from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Branch, PrimaryOrganisation, Region


class OrganisationFilterForm(forms.Form):
    """Search and filters of the organisation list; choices come from the user's scope."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("any kind")), *PrimaryOrganisation.Kind.choices],
        required=False,
    )

    def __init__(self, *args, regions, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["branch"].queryset = branches
        self.fields["region"].empty_label = _("all regions")
        self.fields["branch"].empty_label = _("all branches")


class TableUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_(
            "Columns: Филиал, Организация, Тип, Членов профсоюза. "
            "An exported list can be imported back as it is."
        ),
    )
