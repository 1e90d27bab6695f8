"""Fetching a page with httpx under firm limits, keeping exactly what the server sent.

- Timeouts per phase and a total deadline: httpx's read timeout is per chunk, so a
  server dripping a byte a second would never trip it; the deadline does.
- Redirects are followed by hand (at most `max_redirects`), so that every hop's
  address is checked (`guard.resolve`) before it is fetched; each hop's response is
  kept, so that the archive replays the URL as it was cited.
- The body is read raw and capped while streaming; gzip/deflate are decoded here
  with a bound on the output, since httpx would inflate a small gzip bomb to
  hundreds of MB. A capped or timed-out body is kept and marked truncated.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from factsheet.archive.guard import Target, resolve
from factsheet.archive.policy import FetchPolicy
from factsheet.errors import FetchError


@dataclass(slots=True)
class Fetched:
    """One response as received: raw bytes for the WARC, decoded bytes for reading."""

    url: str
    final_url: str
    status: int
    reason: str
    http_version: str
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    raw: bytes
    body: bytes
    started: datetime
    truncated: str | None = None  # WARC-Truncated: "length" or "time"
    body_capped: bool = False  # decoded content was cut at the cap (e.g. a gzip bomb)
    redirects: list[str] = field(default_factory=list)
    hops: list[Fetched] = field(default_factory=list)  # each redirect's response, in order

    @property
    def content_type(self) -> str:
        return self.header("content-type") or "application/octet-stream"

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.response_headers if k.lower() == name), None)


def fetch(
    url: str,
    policy: FetchPolicy | None = None,
    *,
    client: httpx.Client | None = None,
    cancel: threading.Event | None = None,
) -> Fetched:
    """GET `url` following redirects under `policy`; raise FetchError for what cannot be kept."""
    policy = policy or FetchPolicy()
    own_client = client is None
    client = client or make_client(policy)
    started = datetime.now(UTC)
    deadline = time.monotonic() + policy.deadline
    redirects: list[str] = []
    hops: list[Fetched] = []
    try:
        current = url
        while True:
            target = resolve(
                current,
                allow_private=policy.allow_private,
                allowed_networks=policy.allowed_networks,
                resolver=policy.resolver,
            )
            fetched = _get(client, target, policy, deadline, started, cancel)
            location = fetched.header("location")
            if fetched.status in (301, 302, 303, 307, 308) and location:
                if len(redirects) >= policy.max_redirects:
                    raise FetchError(
                        f"{url}: more than {policy.max_redirects} redirects (a redirect loop?)"
                    )
                redirects.append(current)
                hops.append(fetched)
                current = str(httpx.URL(current).join(location))
                if current in redirects:
                    raise FetchError(f"{url}: redirect loop at {current}")
                continue
            fetched.url, fetched.redirects, fetched.hops = url, redirects, hops
            if not 200 <= fetched.status < 300:
                raise FetchError(f"{url}: the server answered {fetched.status} {fetched.reason}")
            return fetched
    finally:
        if own_client:
            client.close()


def make_client(policy: FetchPolicy, limits: httpx.Limits | None = None) -> httpx.Client:
    """A client for one batch: no proxies from the environment, no automatic redirects."""
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.read_timeout,
        write=policy.read_timeout,
        pool=policy.deadline,
    )
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        limits=limits or httpx.Limits(),
    )


def _get(
    client: httpx.Client,
    target: Target,
    policy: FetchPolicy,
    deadline: float,
    started: datetime,
    cancel: threading.Event | None,
) -> Fetched:
    """One request to the checked address, the body read raw under the cap and deadline."""
    url = httpx.URL(target.url)
    host = f"[{target.address}]" if ":" in target.address else target.address
    pinned = url.copy_with(host=host.strip("[]"))
    headers = {
        "Host": url.netloc.decode("ascii"),
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    try:
        with client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
            raw, truncated = _read_raw(response.iter_raw(), policy, deadline, cancel)
            request_headers = [(k, v) for k, v in response.request.headers.items()]
            response_headers = list(response.headers.multi_items())
            body, capped = _decode(raw, response.headers.get("content-encoding"), policy.max_bytes)
            return Fetched(
                url=target.url,
                final_url=target.url,
                status=response.status_code,
                reason=response.reason_phrase,
                http_version=response.http_version,
                request_headers=request_headers,
                response_headers=response_headers,
                raw=raw,
                body=body,
                started=started,
                truncated=truncated,
                body_capped=capped,
            )
    except httpx.ConnectTimeout:
        raise FetchError(f"{target.url}: timed out connecting to {target.host}") from None
    except httpx.ConnectError as error:
        raise FetchError(f"{target.url}: cannot connect to {target.host} ({_why(error)})") from None
    except httpx.TimeoutException:
        raise FetchError(f"{target.url}: the server stopped answering (timed out)") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{target.url}: the transfer failed ({_why(error)})") from None


def _read_raw(
    chunks: Iterator[bytes], policy: FetchPolicy, deadline: float, cancel: threading.Event | None
) -> tuple[bytes, str | None]:
    """The raw body, stopped at the size cap ("length") or the deadline ("time"); a server
    that stops sending mid-body also gives "time", keeping what arrived."""
    body = bytearray()
    try:
        for chunk in chunks:
            body += chunk
            if len(body) > policy.max_bytes:
                del body[policy.max_bytes :]
                return bytes(body), "length"
            if time.monotonic() > deadline or (cancel is not None and cancel.is_set()):
                return bytes(body), "time"
    except httpx.ReadTimeout:
        if not body:
            raise
        return bytes(body), "time"
    return bytes(body), None


def _decode(raw: bytes, encoding: str | None, max_bytes: int) -> tuple[bytes, bool]:
    """Undo gzip/deflate with the output bounded by `max_bytes`; (content, was it capped)."""
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("identity", ""):
        return raw, False
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return raw, False
    for window in (zlib.MAX_WBITS | 32, -zlib.MAX_WBITS):  # gzip or zlib; then raw deflate
        inflater = zlib.decompressobj(window)
        try:
            body = inflater.decompress(raw, max_bytes)
        except zlib.error:
            continue
        return body, bool(inflater.unconsumed_tail) or len(body) >= max_bytes
    return raw, False


def _why(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if "Connection refused" in text or "[Errno 111]" in text:
        return "connection refused"
    return text.splitlines()[0][:120]
