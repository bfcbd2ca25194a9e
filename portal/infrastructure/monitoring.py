"""Who may read the portal's operational details: `/metrics`, and the checks
behind `/readyz`'s status (which subsystem is down, and why).

A request carrying `Authorization: Bearer <METRICS_TOKEN>`, or coming from an
address or network in METRICS_ALLOWED_IPS (the client's address after
TRUSTED_PROXY_COUNT, see `portal.middleware.TrustedProxyMiddleware`).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.utils.crypto import constant_time_compare


def may_monitor(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and constant_time_compare(header[7:], token):
        return True
    try:
        client = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    for allowed_net in settings.METRICS_ALLOWED_IPS:
        try:
            if client in ipaddress.ip_network(allowed_net, strict=False):
                return True
        except ValueError:
            continue
    return False
