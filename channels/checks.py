"""System checks of the connections' configuration."""

from django.conf import settings
from django.core.checks import Error, register

from . import crypto


@register()
def check_channels_key(app_configs, **kwargs):
    if not settings.CHANNELS_KEY:
        if settings.DEBUG:
            return []
        return [
            Error(
                "CHANNELS_KEY is not set: network tokens cannot be stored. "
                'Make one with: python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"',
                id="channels.E001",
            )
        ]
    if not crypto.key_is_valid():
        return [
            Error(
                "CHANNELS_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes; "
                "several keys are separated by commas).",
                id="channels.E002",
            )
        ]
    return []
