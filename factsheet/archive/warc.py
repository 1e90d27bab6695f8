"""WARC files of fetches, written with warcio so that standard tools read them.

Each capture is one gzipped WARC holding the request and the response records as
they went over the wire (WARC-Target-URI, WARC-Date, WARC-Payload-Digest), with
WARC-Truncated when the body was cut at the size cap or the deadline.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from factsheet.archive.fetch import Fetched
from factsheet.storage.atomic import write_atomically


def warc_bytes(fetched: Fetched) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    date = fetched.started.strftime("%Y-%m-%dT%H:%M:%SZ")
    url = fetched.final_url
    response_headers = StatusAndHeaders(
        f"{fetched.status} {fetched.reason}".strip(),
        fetched.response_headers,
        protocol=fetched.http_version or "HTTP/1.1",
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
    request_headers = StatusAndHeaders(
        f"GET {_request_target(url)} {fetched.http_version or 'HTTP/1.1'}",
        fetched.request_headers,
        is_http_request=True,
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
    return buffer.getvalue()


def write_warc(path: Path, fetched: Fetched) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, warc_bytes(fetched))


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
