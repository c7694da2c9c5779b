"""The client's address, trusting a forwarding header only when it comes from a known proxy.

A header such as X-Forwarded-For is written by whoever sends the request, so it is believed only as far
as the proxies the operator names: ``JIANDU_TRUSTED_PROXIES`` (addresses or networks; the header is read
from the right, skipping trusted hops) or ``JIANDU_PROXY_COUNT`` (exactly that many proxies in front;
the address the outermost one saw). Without either, the connection's own address is the client. The
header read is ``JIANDU_CLIENT_IP_HEADER`` (default ``HTTP_X_FORWARDED_FOR``). The rate limits of the
public pages and the login delays use this one function, and so does django-axes
(``AXES_CLIENT_IP_CALLABLE``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    """Networks from addresses or CIDR strings; a bad one raises ValueError (the settings refuse it)."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _trusted(address: str, networks: list[Network]) -> bool:
    parsed = ipaddress.ip_address(address)
    return any(parsed in network for network in networks)


# A request without a usable REMOTE_ADDR (an in-process request, e.g. force_login in a test): the
# unspecified address, which every store of addresses accepts (PostgreSQL's inet refuses a word).
UNKNOWN = "0.0.0.0"  # noqa: S104 - an address to record, never one to bind to


def client_ip(request: HttpRequest) -> str:
    remote = _address(str(request.META.get("REMOTE_ADDR") or "")) or UNKNOWN
    networks = parse_networks(getattr(settings, "JIANDU_TRUSTED_PROXIES", []) or [])
    count = int(getattr(settings, "JIANDU_PROXY_COUNT", 0) or 0)
    if remote == UNKNOWN or (not networks and count <= 0):
        return remote
    header = str(getattr(settings, "JIANDU_CLIENT_IP_HEADER", "") or "HTTP_X_FORWARDED_FOR")
    hops = [hop.strip() for hop in str(request.META.get(header) or "").split(",") if hop.strip()]
    if networks:
        if not _trusted(remote, networks):
            return remote
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                return remote  # a garbled chain: believe nothing beyond the proxy
            if not _trusted(address, networks):
                return address
        return remote
    if len(hops) < count:
        return remote
    return _address(hops[-count]) or remote
