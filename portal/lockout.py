"""The login's two locks, both django-axes's lock-out page (429).

- One account from one address: AXES_FAILURE_LIMIT wrong passwords lock it
  for AXES_COOLOFF_HOURS (django-axes's own database handler, unchanged).
- One address across accounts: LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords in
  an hour, for whichever accounts, lock the address (an IPv6 /64 as one) out
  of every account until the oldest of them is an hour old. Without it, one
  address could try four passwords on each of a hundred accounts and never
  meet the first lock (password spraying).

The client's address is django-axes's (`request.axes_ip_address`: REMOTE_ADDR
after `TrustedProxyMiddleware`), the one the rest of the portal counts.
"""

from __future__ import annotations

import logging

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings

from . import services

log = logging.getLogger(__name__)


class AddressLockHandler(AxesDatabaseHandler):
    """django-axes's database handler with the lock of an address across accounts."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            request.login_account_locked = True
            return True
        if services.login_address_locked(address=request.axes_ip_address or ""):
            # The lock-out page says which lock this is (`portal.views.locked_out`).
            request.login_address_locked = True
            return True
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None and getattr(request, "login_address_locked", False):
            # Refused by the address's lock before any password was checked:
            # nothing to count, on the account or the address.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            return
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if (
            request is None
            or getattr(request, "login_account_locked", False)  # no password checked
            or self.is_whitelisted(request, credentials)
        ):
            return
        address = request.axes_ip_address or ""
        failures = services.login_failure_record(address=address)
        limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
        if limit and failures >= limit and not request.axes_locked_out:
            log.warning(
                "Login locked for the address %s: %d wrong passwords in an hour across accounts.",
                address,
                failures,
            )
            request.login_address_locked = True
            request.axes_locked_out = True
            request.axes_credentials = credentials
