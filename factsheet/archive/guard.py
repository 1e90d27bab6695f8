"""Which URLs factsheet may fetch: http(s) only, and by default no private addresses.

Reviewers run factsheet on servers; a cited "page" must not make it fetch from the
server's own network (cloud metadata endpoints, admin panels). Every address a host
resolves to is checked, on the first request and again on every redirect hop, and
the connection is then made to the checked address (no second lookup to rebind).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from factsheet.errors import BlockedAddressError, InvalidInputError, ResolveError

ALLOWED_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Target:
    """A checked URL: where to connect (`address`) and what to ask for."""

    url: str
    scheme: str
    host: str
    port: int
    address: str


def check_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or a clear InvalidInputError."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise InvalidInputError(f"not a valid URL: {url!r} ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise InvalidInputError(f"only http and https URLs can be fetched, not {shown}: {url!r}")
    if not parts.hostname:
        raise InvalidInputError(f"not a valid URL (no host): {url!r}")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


def resolve(url: str, *, allow_private: bool, allowed_networks: tuple[str, ...] = ()) -> Target:
    """Check the URL and pick an address to connect to; refuse private ones unless allowed
    (all of them, or those in `allowed_networks`, e.g. "10.1.0.0/16" for an intranet)."""
    scheme, host, port = check_url(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ResolveError(f"cannot resolve host {host!r} ({error})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        networks = [ipaddress.ip_network(network) for network in allowed_networks]
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            reason = _blocked_reason(ip)
            if reason and not any(ip in network for network in networks):
                raise BlockedAddressError(
                    f"refusing to fetch {url}: {host} resolves to {address}, {reason} "
                    "(allowed with --allow-private or FACTSHEET_ALLOW_PRIVATE=1)"
                )
    return Target(url=url, scheme=scheme, host=host, port=port, address=addresses[0])


def _blocked_reason(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for test, reason in (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_private, "a private address"),
        (address.is_multicast, "a multicast address"),
        (address.is_reserved, "a reserved address"),
    ):
        if test:
            return reason
    return None
