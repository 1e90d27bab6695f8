"""Archives that replay as cited: every redirect hop is a response record, so that a CDX
index (as pywb builds one) finds the page by the URL a fact-check cites."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from factsheet import Sheet
from factsheet.archive.fetch import FetchPolicy

from .pages import Site, serve

LOOPBACK = FetchPolicy(allowed_networks=("127.0.0.1/32",))
PAGE = (
    b"<html lang='en'><body><article><h1>Moved story</h1>"
    b"<p>The story moved to a new address, and the old one redirects.</p></article></body></html>"
)


def cdx_lines(warc: Path) -> list[dict]:
    """The CDXJ index of a WARC, as cdxj-indexer (pywb's indexer) writes it."""
    done = subprocess.run(
        [sys.executable, "-c", "from cdxj_indexer.main import main; main()", str(warc)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line.split(" ", 2)[2]) for line in done.stdout.splitlines() if line]


def test_a_redirecting_url_is_found_in_its_warc_by_the_cited_url(tmp_path: Path) -> None:
    site = Site()
    site.redirect("/cited", "/moved", 301)
    site.redirect("/moved", "/story")
    site.page("/story", PAGE)
    path = tmp_path / "r.json"
    with serve(site) as base, Sheet.create(path, title="R") as sheet:
        cited = f"{base}/cited"
        result = sheet.add_source_url(cited, policy=LOOPBACK)
        snapshot = result.snapshot
        warc = sheet.archive_dir / snapshot.original
    assert snapshot.url == cited and snapshot.final_url == f"{base}/story"
    index = {entry["url"]: entry for entry in cdx_lines(warc)}
    assert index[cited]["status"] == "301"
    assert index[f"{base}/moved"]["status"] == "302"
    assert index[f"{base}/story"]["status"] == "200"

    records = list(ArchiveIterator(io.BytesIO(warc.read_bytes())))
    assert records[0].rec_type == "warcinfo"
    kinds = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in records[1:]]
    assert kinds == [
        ("response", cited),
        ("request", cited),
        ("response", f"{base}/moved"),
        ("request", f"{base}/moved"),
        ("response", f"{base}/story"),
        ("request", f"{base}/story"),
    ]
    request = next(r for r in records if r.rec_type == "request")
    assert request.http_headers.protocol == "GET"
    assert request.http_headers.statusline == "/cited HTTP/1.1"  # the version used
    checked = subprocess.run(
        [sys.executable, "-c", "from warcio.cli import main; main()", "check", str(warc)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
