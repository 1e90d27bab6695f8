"""Which URLs factsheet may fetch: http(s) only, and by default only public addresses.

Reviewers run factsheet on servers; a cited "page" must not make it fetch from the
server's own network (cloud metadata endpoints such as 169.254.169.254 or
100.100.100.200, admin panels, the carrier's NAT). By default only addresses that
are globally routable are fetched: every address a host resolves to is checked, on
the first request and again on every redirect hop, and the connection is then made
to the checked address (no second lookup to rebind). IPv6 addresses that carry an
IPv4 address (IPv4-mapped and -compatible, SIIT, 6to4, Teredo, NAT64) are judged by
the IPv4 address inside as well, since the network may route them to it.

The resolver can be replaced (`FetchPolicy.resolver`), so that tests give names any
addresses without a DNS server, and without a packet leaving the machine.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from factsheet.errors import BlockedAddressError, InvalidInputError, ResolveError

ALLOWED_SCHEMES = ("http", "https")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses it resolves to (as text); raises OSError when it does not.
Resolver = Callable[[str, int], list[str]]

_NETWORKS: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]] = [
    (ipaddress.ip_network(network), reason)
    for network, reason in (
        ("100.64.0.0/10", "a shared address (carrier-grade NAT, cloud metadata)"),
        ("192.0.0.0/24", "an IETF protocol address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("64:ff9b:1::/48", "a local-use NAT64 address"),
        ("2001:db8::/32", "a documentation address"),
        ("fec0::/10", "a site-local address"),
        ("100::/64", "a discard-only address"),
    )
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SIIT = ipaddress.ip_network("::ffff:0:0:0/96")  # IPv4-translated
_COMPATIBLE = ipaddress.ip_network("::/96")  # IPv4-compatible (deprecated)


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


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system's resolver gives for `host` (a lookup: DNS, hosts file)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def resolve(
    url: str,
    *,
    allow_private: bool,
    allowed_networks: tuple[str, ...] = (),
    resolver: Resolver | None = None,
) -> Target:
    """Check the URL and pick an address to connect to; refuse any that is not globally
    routable unless allowed (all of them, or those in `allowed_networks`, e.g.
    "10.1.0.0/16" for an intranet)."""
    scheme, host, port = check_url(url)
    try:
        found = (resolver or system_resolver)(host, port)
    except (OSError, UnicodeError) as error:
        raise ResolveError(f"cannot resolve host {host!r} ({error})") from None
    addresses = list(dict.fromkeys(found))
    if not addresses:
        raise ResolveError(f"cannot resolve host {host!r} (no addresses)")
    if not allow_private:
        networks = [ipaddress.ip_network(network) for network in allowed_networks]
        for address in addresses:
            try:
                ip = ipaddress.ip_address(address.split("%")[0])
            except ValueError:
                raise ResolveError(
                    f"host {host!r} resolves to {address!r}, not an address"
                ) from None
            reason = blocked_reason(ip, networks)
            if reason:
                raise BlockedAddressError(
                    f"refusing to fetch {url}: {host} resolves to {address}, {reason} "
                    "(allowed with --allow-private or FACTSHEET_ALLOW_PRIVATE=1)"
                )
    return Target(url=url, scheme=scheme, host=host, port=port, address=addresses[0])


def blocked_reason(
    address: Address,
    allowed: list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None = None,
) -> str | None:
    """Why `address` is not fetched by default (None: it is globally routable). Addresses
    in `allowed`, or that carry an IPv4 address in `allowed`, pass.

    An IPv6 address that carries an IPv4 address is refused when the IPv4 address would
    be; an IPv4-mapped or well-known NAT64 address (what DNS64 gives on IPv6-only
    servers) is then judged by the IPv4 address alone, any other by both."""
    inside = embedded(address)
    if any(ip in network for ip in (address, *inside) for network in allowed or []):
        return None
    for ip in inside:
        reason = _reason(ip)
        if reason:
            return f"{reason} ({ip}, inside it)"
    translated = isinstance(address, ipaddress.IPv6Address) and (
        address.ipv4_mapped is not None or address in _NAT64
    )
    if translated:
        return None
    return _reason(address)


def embedded(address: Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (none for an IPv4 address)."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found: list[ipaddress.IPv4Address] = []
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:  # 2002:AABB:CCDD::/48
        found.append(address.sixtofour)
    if address.teredo is not None:  # 2001::/32: server and client
        found.extend(address.teredo)
    if address in _NAT64 or address in _SIIT:  # 64:ff9b::a.b.c.d, ::ffff:0:a.b.c.d
        found.append(low32)
    if address in _COMPATIBLE and int(address) > 1:  # ::a.b.c.d (not :: or ::1)
        found.append(low32)
    return found


def _reason(address: Address) -> str | None:
    for network, reason in _NETWORKS:
        if address.version == network.version and address in network:
            return reason
    for test, reason in (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a globally routable address"),
    ):
        if test:
            return reason
    return None
