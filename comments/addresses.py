"""One key per machine, however its address is written, for every per-IP and per-host limit.

A limit keyed on the text of an address is walked around by writing it differently:
`0x7f000001`, `017700000001`, `127.000.000.001` and `127.0.0.1` are one host, and an IPv6
subscriber holds a whole /64. So the ping limits and the comment flood limit count:
- a client address as IPv4 dotted decimal (an IPv4-mapped IPv6 address as its IPv4), an IPv6
  address as its /64 network;
- a host name as the address it resolves to (numeric spellings are read without DNS); a name
  that does not resolve in time is its own key, lowercased (nothing will be fetched from it).
"""

import ipaddress
import socket

from core import outbound

IPV6_PREFIX = 64  # What one subscriber usually holds, as allauth's login limits assume.
RESOLVE_SECONDS = 2
FAMILIES = {socket.AF_INET, socket.AF_INET6}


def client_key(ip_text):
    """The key of a client address (e.g. REMOTE_ADDR); the text itself if it is not an address."""
    try:
        address = ipaddress.ip_address(str(ip_text or "").split("%", 1)[0])
    except ValueError:
        return str(ip_text or "")
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.version == 6:
        network = ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False)
        return str(network)
    return str(address)


def host_key(host):
    """The key of a host name: the smallest key among the addresses it resolves to."""
    deadline = outbound.Deadline(RESOLVE_SECONDS)
    try:
        infos = outbound.lookup(host, None, deadline)
    except outbound.FetchFailed:
        return host.lower()
    keys = {client_key(sockaddr[0]) for family, *_rest, sockaddr in infos if family in FAMILIES}
    return min(keys) if keys else host.lower()
