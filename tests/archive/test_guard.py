"""The SSRF guard: only globally routable addresses are fetched by default, judged also by
the IPv4 address an IPv6 one carries. Names get their addresses from a test resolver, so
no DNS server is asked and no packet goes anywhere but to loopback."""

from __future__ import annotations

import ipaddress
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from factsheet import BlockedAddressError, Sheet
from factsheet.archive.guard import blocked_reason, resolve
from factsheet.archive.policy import FetchPolicy
from factsheet.errors import ResolveError

from .pages import Site, serve

REFUSED = {
    "100.64.0.1": "a shared address",
    "100.100.100.200": "a shared address",  # a cloud metadata address in shared space
    "100.127.255.254": "a shared address",
    "169.254.169.254": "a link-local address",
    "10.0.0.1": "a private address",
    "172.16.5.4": "a private address",
    "192.168.1.1": "a private address",
    "127.0.0.1": "a loopback address",
    "0.0.0.0": "an unspecified address",
    "192.0.0.170": "an IETF protocol address",
    "198.18.0.1": "a benchmarking address",
    "192.0.2.1": "a private address",  # documentation (TEST-NET-1)
    "240.0.0.1": "a private address",
    "255.255.255.255": "a private address",
    "224.0.0.1": "a multicast address",
    "::1": "a loopback address",
    "::": "an unspecified address",
    "fe80::1": "a link-local address",
    "fc00::1": "a private address",
    "fd12:3456::1": "a private address",
    "fec0::1": "a site-local address",
    "ff02::1": "a multicast address",
    "2001:db8::1": "a documentation address",
    "100::1": "a discard-only address",
    # IPv4 inside IPv6: mapped, SIIT, compatible, 6to4, NAT64, Teredo
    "::ffff:100.100.100.200": "a shared address (carrier-grade NAT, cloud metadata) "
    "(100.100.100.200, inside it)",
    "::ffff:169.254.169.254": "a link-local address (169.254.169.254, inside it)",
    "::ffff:10.0.0.1": "a private address (10.0.0.1, inside it)",
    "::ffff:0:a9fe:a9fe": "a link-local address (169.254.169.254, inside it)",
    "::a9fe:a9fe": "a link-local address (169.254.169.254, inside it)",
    "2002:a00:1::": "a private address (10.0.0.1, inside it)",
    "2002:6464:64c8::1": "a shared address (carrier-grade NAT, cloud metadata) "
    "(100.100.100.200, inside it)",
    "2002:a9fe:a9fe::": "a link-local address (169.254.169.254, inside it)",
    "2002:7f00:1::": "a loopback address (127.0.0.1, inside it)",
    "64:ff9b::a9fe:a9fe": "a link-local address (169.254.169.254, inside it)",
    "64:ff9b::6464:64c8": "a shared address (carrier-grade NAT, cloud metadata) "
    "(100.100.100.200, inside it)",
    "64:ff9b::7f00:1": "a loopback address (127.0.0.1, inside it)",
    "64:ff9b:1::a9fe:a9fe": "a local-use NAT64 address",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2": "inside it",  # Teredo
    "::808:808": "a reserved address",  # IPv4-compatible: deprecated, never fetched
}
ALLOWED = [
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:82a::200e",
    "::ffff:8.8.8.8",  # mapped public IPv4
    "64:ff9b::808:808",  # what DNS64 gives for a public IPv4 site on an IPv6-only server
    "2002:808:808::1",  # 6to4 of a public IPv4
]


@pytest.mark.parametrize("address", list(REFUSED))
def test_addresses_that_are_not_globally_routable_are_refused(address: str) -> None:
    reason = blocked_reason(ipaddress.ip_address(address))
    assert reason is not None and REFUSED[address] in reason, reason


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_an_allowed_network_lets_its_addresses_through_in_any_form() -> None:
    intranet = [ipaddress.ip_network("10.1.0.0/16")]
    for address in ("10.1.2.3", "::ffff:10.1.2.3", "2002:a01:203::", "64:ff9b::a01:203"):
        assert blocked_reason(ipaddress.ip_address(address), intranet) is None
    assert blocked_reason(ipaddress.ip_address("10.2.0.1"), intranet) == "a private address"


def resolver(names: dict[str, list[str]]):
    """A resolver that knows only `names` (no DNS is asked)."""

    def lookup(host: str, port: int) -> list[str]:
        if host not in names:
            raise OSError(f"unknown test host {host}")
        return names[host]

    return lookup


@pytest.mark.parametrize(
    ("addresses", "shown"),
    [
        (["100.100.100.200"], "100.100.100.200, a shared address"),
        (["93.184.216.34", "169.254.169.254"], "169.254.169.254, a link-local address"),
        (["2002:a9fe:a9fe::"], "2002:a9fe:a9fe::, a link-local address (169.254.169.254"),
        (["64:ff9b::a00:1"], "64:ff9b::a00:1, a private address (10.0.0.1"),
        (["::ffff:100.64.1.1"], "::ffff:100.64.1.1, a shared address"),
    ],
)
def test_names_resolving_to_refused_addresses_are_refused(addresses: list[str], shown: str):
    lookup = resolver({"news.example": addresses})
    with pytest.raises(BlockedAddressError, match=r"news\.example resolves to ") as refused:
        resolve("http://news.example/story", allow_private=False, resolver=lookup)
    assert shown in str(refused.value)


def test_a_resolver_that_gives_nothing_usable_is_a_clear_error() -> None:
    for answer in ([], ["not an address"]):
        with pytest.raises(ResolveError, match=r"news\.example"):
            resolve(
                "http://news.example/",
                allow_private=False,
                resolver=resolver({"news.example": answer}),
            )


def test_a_refused_page_is_not_added_to_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    Sheet.create(path, title="S").close()
    before = path.read_bytes()
    policy = FetchPolicy(resolver=resolver({"metadata.example": ["100.100.100.200"]}))
    with Sheet.open(path) as sheet, pytest.raises(BlockedAddressError):
        sheet.add_source_url("http://metadata.example/latest/meta-data/", policy=policy)
    assert path.read_bytes() == before


def test_the_connection_goes_to_the_address_the_resolver_gave(tmp_path: Path) -> None:
    """A name the resolver maps to loopback is fetched from loopback, with its Host header."""
    site = Site()
    hosts: list[str] = []

    def answer(request: BaseHTTPRequestHandler) -> None:
        hosts.append(request.headers["Host"])
        body = b"<html><title>Local page</title><p>It was served on loopback.</p></html>"
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    site.routes["/page"] = answer
    with serve(site) as base, Sheet.create(tmp_path / "s.json", title="S") as sheet:
        port = base.rsplit(":", 1)[1]
        policy = FetchPolicy(
            resolver=resolver({"news.example": ["127.0.0.1"]}),
            allowed_networks=("127.0.0.1/32",),
        )
        result = sheet.add_source_url(f"http://news.example:{port}/page", policy=policy)
    assert result.error is None and result.snapshot is not None
    assert hosts == [f"news.example:{port}"]


def test_a_redirect_to_a_name_for_a_metadata_address_is_refused(tmp_path: Path) -> None:
    site = Site()
    asked: list[str] = []

    def redirect(request: BaseHTTPRequestHandler) -> None:
        asked.append(request.path)
        request.send_response(302)
        request.send_header("Location", "http://metadata.example/latest/meta-data/")
        request.send_header("Content-Length", "0")
        request.end_headers()

    site.routes["/story"] = redirect
    names = {"news.example": ["127.0.0.1"], "metadata.example": ["64:ff9b::a9fe:a9fe"]}
    with serve(site) as base, Sheet.create(tmp_path / "s.json", title="S") as sheet:
        port = base.rsplit(":", 1)[1]
        policy = FetchPolicy(resolver=resolver(names), allowed_networks=("127.0.0.1/32",))
        result = sheet.add_source_url(f"http://news.example:{port}/story", policy=policy)
        source = sheet.source(result.source_id)
    assert result.snapshot is None and asked == ["/story"]
    assert "169.254.169.254" in (result.error or "")
    assert source.attempts and not source.snapshots


@pytest.mark.parametrize(
    "url",
    [
        "http://100.100.100.200/latest/meta-data/",
        "http://[::ffff:100.100.100.200]/",
        "http://[2002:a9fe:a9fe::]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
    ],
)
def test_the_cli_refuses_address_literals_and_adds_nothing(tmp_path: Path, run, url: str):
    path = tmp_path / "s.json"
    run("new", path, "--title", "S")
    before = path.read_bytes()
    result = run("source", "add", path, url)
    assert result.exit_code == 1 and result.output.startswith("Error: refusing to fetch")
    assert result.output.count("\n") == 1
    assert path.read_bytes() == before


def test_the_tests_themselves_never_leave_loopback() -> None:
    """The suite's own net (tests/conftest.py): should a guard fail, no packet goes out."""
    import socket

    with pytest.raises(ConnectionRefusedError, match="only to loopback"):
        socket.create_connection(("100.100.100.200", 80), timeout=1)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.com", 80)
    with pytest.raises(ResolveError, match="cannot resolve host"):
        resolve("http://example.com/", allow_private=False)
