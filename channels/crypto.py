"""Tokens at rest: Fernet under the key(s) in ``CHANNELS_KEY``.

``CHANNELS_KEY`` is one Fernet key, or several separated by commas: the first
encrypts, every one decrypts (`MultiFernet`). To rotate, put a new key first,
run ``manage.py rotate_channels_key`` (it re-encrypts every token under the
new key), then drop the old one. In DEBUG without a key a development key is
derived from SECRET_KEY; with DEBUG off nothing is encrypted until the key is
set.

A decrypted token travels as a `Secret`, which prints as its last four
characters only, so that a log line or a traceback does not carry it.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class KeyMissing(Exception):
    """No CHANNELS_KEY is set (and DEBUG is off)."""


class SecretUnreadable(Exception):
    """The stored token was encrypted under a key that is no longer in CHANNELS_KEY."""


class Secret:
    """A token in memory; `reveal()` is the only way to its text."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    @property
    def tail(self) -> str:
        return self._value[-4:]

    def __repr__(self) -> str:
        return f"Secret(…{self.tail})"

    __str__ = __repr__


def _keys() -> list[bytes]:
    keys = [key.strip().encode() for key in settings.CHANNELS_KEY.split(",") if key.strip()]
    if not keys and settings.DEBUG:
        digest = hashlib.sha256(b"profinfo-channels:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest)]
    if not keys:
        raise KeyMissing
    return keys


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt(secret: Secret) -> str:
    return _fernet().encrypt(secret.reveal().encode()).decode()


def decrypt(stored: str) -> Secret:
    try:
        return Secret(_fernet().decrypt(stored.encode()).decode())
    except InvalidToken:
        raise SecretUnreadable from None


def rotate(stored: str) -> str:
    """The same token encrypted under the first key."""
    try:
        return _fernet().rotate(stored.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable from None


def key_is_valid() -> bool:
    try:
        _fernet()
    except (KeyMissing, ValueError):
        return False
    return True
