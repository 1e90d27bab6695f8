"""WARC files of fetches, written with warcio so that standard tools read them.

Each capture is one gzipped WARC: a `warcinfo` record (the software, the format), then
for every hop of the fetch, redirects included, the request and the response records
as they went over the wire (WARC-Target-URI, WARC-Date, WARC-Payload-Digest), with
WARC-Truncated when a body was cut at the size cap or the deadline. Since the cited
URL's own response (a redirect, often) is there, a CDX index or pywb finds the page by
the URL a fact-check cites, not only by where it ended up.
"""

from __future__ import annotations

import io
from importlib.metadata import version
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from factsheet.archive.fetch import Fetched


def warc_bytes(fetched: Fetched, filename: str = "") -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    info = writer.create_warcinfo_record(
        filename,
        {
            "software": f"factsheet/{version('factsheet')} (warcio {version('warcio')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "description": f"capture of {fetched.url}",
        },
    )
    writer.write_record(info)
    for hop in [*fetched.hops, fetched]:
        _write_exchange(writer, hop)
    return buffer.getvalue()


def _write_exchange(writer: WARCWriter, fetched: Fetched) -> None:
    """One hop: its request and response records, as sent and received."""
    date = fetched.started.strftime("%Y-%m-%dT%H:%M:%SZ")
    url = fetched.final_url
    protocol = _protocol(fetched.http_version)
    response_headers = StatusAndHeaders(
        f"{fetched.status} {fetched.reason}".strip(),
        fetched.response_headers,
        protocol=protocol,
    )
    extra = {"WARC-Date": date}
    if fetched.truncated:
        extra["WARC-Truncated"] = fetched.truncated
    response = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(fetched.raw),
        length=len(fetched.raw),
        http_headers=response_headers,
        warc_headers_dict=extra,
    )
    request_headers = StatusAndHeaders(  # "GET /path HTTP/1.1": method, target, version
        f"GET {_request_target(url)} {protocol}", fetched.request_headers, is_http_request=True
    )
    request = writer.create_warc_record(
        url,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=request_headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_request_response_pair(request, response)


def _protocol(http_version: str) -> str:
    """The HTTP version as a status line writes it ("HTTP/1.1", "HTTP/2")."""
    return http_version if http_version.startswith("HTTP/") else "HTTP/1.1"


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
