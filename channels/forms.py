from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models import SocialPage

from .models import WITH_TOKEN

P = SocialPage.Platform


class ConnectForm(forms.Form):
    account = forms.CharField(label=_("Account"), max_length=500, required=False)
    token = forms.CharField(
        label=_("Token"),
        required=False,
        max_length=1024,
        # Never sent back to the browser, not even after an error.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, page: SocialPage, default_account: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        help_texts = {
            P.FACEBOOK_PAGE: (
                _("The page's id or name (from its address)."),
                _("A page access token of the page, with pages_read_engagement."),
            ),
            P.INSTAGRAM: (
                _("The Instagram user name, or the account's id."),
                _("A page access token of the Facebook page the account is linked to."),
            ),
            P.TELEGRAM: (
                _("The channel: @name or its numeric id."),
                _("The bot's token from @BotFather; the bot must be an administrator."),
            ),
            P.WEBSITE: (_("The address of the site's RSS or Atom feed."), ""),
        }
        account_help, token_help = help_texts.get(page.platform, ("", ""))
        self.fields["account"].help_text = account_help
        self.fields["account"].widget.attrs["placeholder"] = default_account
        self.fields["token"].help_text = token_help
        if page.platform not in WITH_TOKEN:  # a site's feed is public
            del self.fields["token"]
        else:
            self.fields["token"].required = True
