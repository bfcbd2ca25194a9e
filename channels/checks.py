"""System checks of the connections' configuration."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from . import crypto


@register(Tags.security, deploy=True)
def check_channels_key_deploy(app_configs, **kwargs):
    """In production the key must be set, or no page can be connected."""
    if settings.CHANNELS_KEY or settings.DEBUG:
        return []
    return [
        Warning(
            "CHANNELS_KEY is not set: no page can be connected to its network. "
            'Make a key with: python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())"',
            id="channels.W001",
        )
    ]


@register()
def check_channels_key(app_configs, **kwargs):
    if settings.CHANNELS_KEY and not crypto.key_is_valid():
        return [
            Error(
                "CHANNELS_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes; "
                "several keys are separated by commas).",
                id="channels.E002",
            )
        ]
    return []
