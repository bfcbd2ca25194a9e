import uuid

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from . import services
from .filters import ListFilterForm
from .infrastructure import outbox
from .models import Branch, PrimaryOrganisation, Region
from .seed import DEMO_USERNAMES
from .selectors import OrganisationFilters


class LoginForm(AuthenticationForm):
    """Django's login form, which also says why a demo login name is refused
    when DEBUG is off (the backend refuses the account itself).

    The note depends on the typed name only, never on whether such an account
    exists or the password was right: the demo names are public.
    """

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        if not settings.DEBUG and self.cleaned_data.get("username") in DEMO_USERNAMES:
            note = ValidationError(
                _("Logging in with the demo accounts is switched off on the production server."),
                code="demo_login_disabled",
            )
            return ValidationError([error, note])
        return error


class OrganisationFilterForm(ListFilterForm):
    """Search and filters of the organisation list; choices come from the user's scope."""

    filters_class = OrganisationFilters

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


class UserTableUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_(
            "Columns: E-mail, ФИО, Роль (press, leader, lawyer, chair, central), Область, "
            "Филиал, Должность. No passwords: each person gets a link to choose one."
        ),
    )


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, sending a limited number of e-mails per address and per
    client an hour (`services.password_reset_allowed`). The page answers the
    same either way, so it tells nobody which addresses have an account or
    were limited."""

    def save(self, *args, request=None, **kwargs):
        # The client's address as django-axes finds it (behind the proxy too).
        client = (get_client_ip_address(request) if request is not None else None) or ""
        if services.password_reset_allowed(email=self.cleaned_data["email"], client=client):
            super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through the outbox, like every letter: a mail server outage delays the
        link but never answers 500, and the subject is one line."""
        outbox.queue_letter(
            key=f"password-reset:{uuid.uuid4().hex}",
            to=to_email,
            subject=render_to_string(subject_template_name, context),
            body=render_to_string(email_template_name, context),
        )
