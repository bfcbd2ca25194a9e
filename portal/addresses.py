"""What counts as one client when the portal limits what one client may do
(wrong passwords, members' questions, survey answers)."""

from __future__ import annotations

import ipaddress


def network_of(address: str) -> str:
    """The client's address as counted: an IPv4 address as it is, an IPv6 one
    as its /64 network (a home or an office is given a whole /64, so counting
    single IPv6 addresses would let one client count as billions). Anything
    that is not an address stays as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
