"""Fetching and archiving against real HTTP servers on loopback addresses."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import on_disk

from factsheet import InvalidInputError, Sheet
from factsheet.archive.fetch import FetchError, FetchPolicy, fetch
from factsheet.archive.guard import BlockedAddressError, resolve

from .pages import CHROME_WORDS, Site, article_page, serve

LOOPBACK = FetchPolicy(allowed_networks=("127.0.0.1/32",), deadline=10, read_timeout=5)


@pytest.fixture
def site(seeds: Path) -> Site:
    site = Site()
    for seed in sorted(seeds.glob("0*.txt")):
        site.page(f"/article/{seed.name[:3]}.html", article_page(seed))
    site.page(
        "/article/002-latin1.html",
        article_page(seeds / "002_54ff9ce2f66b5e97.txt", charset="iso-8859-1"),
        "text/html; charset=iso-8859-1",
    )
    site.page(
        "/article/002-lying.html",
        article_page(seeds / "002_54ff9ce2f66b5e97.txt", charset="cp1252"),
        "text/html; charset=utf-8",
    )
    site.redirect("/moved", "/article/004.html")
    site.redirect("/loop-a", "/loop-b")
    site.redirect("/loop-b", "/loop-a")
    for n in range(12):
        site.redirect(f"/hop/{n}", f"/hop/{n + 1}")
    site.status("/missing", 404)
    site.status("/broken", 500)
    site.endless("/huge")
    site.gzip_bomb("/bomb", 200 * 1024 * 1024)
    site.drip("/drip", 0.05)
    site.slow("/stalled", b"<p>too late</p>", 3.0)
    site.page("/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    return site


@pytest.fixture
def base(site: Site):
    with serve(site) as url:
        yield url


@pytest.fixture
def sheet(tmp_path: Path):
    with Sheet.create(tmp_path / "web.json", title="Web", reviewer="tester") as created:
        yield created


def warcio_command(command: str, path: Path) -> subprocess.CompletedProcess[str]:
    """Run the standard `warcio` tool on a WARC file."""
    code = "import sys; from warcio.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, command, str(path)], capture_output=True, text=True
    )


def warcio_check(path: Path) -> subprocess.CompletedProcess[str]:
    return warcio_command("check", path)


def test_an_article_is_archived_as_warc_and_readable_text(sheet: Sheet, base: str) -> None:
    result = sheet.add_source_url(f"{base}/article/003.html", policy=LOOPBACK)
    assert result.error is None
    source = sheet.source(result.source_id)
    snapshot = source.latest_snapshot()
    assert (snapshot.status, snapshot.kind, snapshot.truncated) == (200, "web", None)
    text = sheet.source_text(source.id)
    assert "We could sell 10 billion smartphones and we wouldn’t make a single dime" in text
    assert "according to research firm IDC" in text
    assert not any(word in text for word in CHROME_WORDS)
    warc = sheet.archive_dir / snapshot.original
    check = warcio_check(warc)
    assert check.returncode == 0, check.stdout + check.stderr
    index = warcio_command("index", warc)
    assert index.returncode == 0 and len(index.stdout.strip().splitlines()) == 3
    records = _warc_records(warc)
    assert [r["type"] for r in records] == ["warcinfo", "response", "request"]
    records = records[1:]
    assert all(r["uri"] == f"{base}/article/003.html" for r in records)
    assert records[0]["payload_digest"].startswith("sha1:")
    assert records[0]["date"] == snapshot.taken or records[0]["date"]


def _warc_records(path: Path) -> list[dict[str, str]]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        return [
            {
                "type": record.rec_type,
                "uri": record.rec_headers.get_header("WARC-Target-URI"),
                "date": record.rec_headers.get_header("WARC-Date"),
                "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest") or "",
                "truncated": record.rec_headers.get_header("WARC-Truncated") or "",
            }
            for record in ArchiveIterator(stream)
        ]


def test_german_umlauts_and_curly_quotes_survive_declared_and_lying_charsets(
    sheet: Sheet, base: str
) -> None:
    for path in ("/article/002.html", "/article/002-latin1.html", "/article/002-lying.html"):
        result = sheet.add_source_url(base + path, policy=LOOPBACK)
        text = sheet.source_text(result.source_id)
        assert "Mi Geräte bringen Xiaomi keinen Profit" in text, path
        assert "Präsident" in text and "vergrößern" in text, path
        assert "“Internet Company”" in text, path  # curly quotes, as entities on latin-1
    lying = sheet.source(result.source_id).latest_snapshot()
    assert "not valid utf-8" in lying.note


def test_redirects_are_followed_and_the_final_url_kept(sheet: Sheet, base: str) -> None:
    result = sheet.add_source_url(f"{base}/moved", policy=LOOPBACK)
    snapshot = result.snapshot
    assert snapshot.url == f"{base}/moved"
    assert snapshot.final_url == f"{base}/article/004.html"
    assert sheet.source(result.source_id).title.startswith("Xiaomi Doesn’t Profit")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "the server answered 404"),
        ("/broken", "the server answered 500"),
        ("/loop-a", "redirect loop"),
        ("/hop/0", "more than 10 redirects"),
    ],
)
def test_http_faults_are_recorded_as_failed_attempts(
    sheet: Sheet, base: str, path: str, message: str
) -> None:
    result = sheet.add_source_url(base + path, policy=LOOPBACK)
    assert result.snapshot is None and message in result.error
    source = sheet.source(result.source_id)
    assert source.snapshots == []
    assert [attempt["error"] for attempt in source.attempts] == [result.error]


def test_a_refused_connection_and_an_unknown_host_are_recorded(sheet: Sheet) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = sheet.add_source_url(f"http://127.0.0.1:{port}/", policy=LOOPBACK)
    assert "connection refused" in refused.error
    unknown = sheet.add_source_url("http://no-such-host.invalid/page", policy=LOOPBACK)
    assert "cannot resolve host" in unknown.error
    assert len(sheet.source(unknown.source_id).attempts) == 1


def test_a_body_over_the_cap_is_kept_truncated(sheet: Sheet, base: str) -> None:
    policy = FetchPolicy(allowed_networks=("127.0.0.1/32",), max_bytes=256 * 1024)
    result = sheet.add_source_url(f"{base}/huge", policy=policy)
    snapshot = result.snapshot
    assert snapshot.truncated == "length" and snapshot.size == 256 * 1024
    assert "size cap" in snapshot.note
    records = _warc_records(sheet.archive_dir / snapshot.original)
    assert records[1]["type"] == "response" and records[1]["truncated"] == "length"
    assert warcio_check(sheet.archive_dir / snapshot.original).returncode == 0


def test_a_gzip_bomb_is_decompressed_only_up_to_the_cap(base: str) -> None:
    policy = FetchPolicy(allowed_networks=("127.0.0.1/32",), max_bytes=1024 * 1024)
    fetched = fetch(f"{base}/bomb", policy)
    assert len(fetched.raw) < 1024 * 1024  # what the server sent: small
    assert len(fetched.body) == 1024 * 1024  # what it inflates to: stopped at the cap
    assert fetched.body_capped and fetched.truncated is None


def test_a_server_dripping_bytes_is_cut_at_the_deadline(sheet: Sheet, base: str) -> None:
    policy = FetchPolicy(allowed_networks=("127.0.0.1/32",), deadline=1.0, read_timeout=5)
    result = sheet.add_source_url(f"{base}/drip", policy=policy)
    snapshot = result.snapshot
    assert snapshot.truncated == "time" and 5 <= snapshot.size <= 40
    assert "time limit" in snapshot.note


def test_a_server_that_never_answers_times_out(sheet: Sheet, base: str) -> None:
    policy = FetchPolicy(allowed_networks=("127.0.0.1/32",), read_timeout=0.5)
    result = sheet.add_source_url(f"{base}/stalled", policy=policy)
    assert result.snapshot is None and "stopped answering (timed out)" in result.error


def test_a_non_html_type_is_archived_without_text(sheet: Sheet, base: str) -> None:
    result = sheet.add_source_url(f"{base}/logo.png", policy=LOOPBACK)
    assert result.snapshot.text == "" and "no readable text in image/png" in result.snapshot.note
    with pytest.raises(InvalidInputError):
        sheet.source_text(result.source_id)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/file", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://", "no host"),
        ("http://[::1", "not a valid URL"),
        ("example.com/page", "only http and https URLs can be fetched, not no scheme"),
    ],
)
def test_invalid_urls_add_nothing(sheet: Sheet, url: str, message: str) -> None:
    before = sheet.path.read_bytes()
    with pytest.raises(InvalidInputError, match=message.replace("[", r"\[")):
        sheet.add_source_url(url, policy=LOOPBACK)
    assert sheet.path.read_bytes() == before


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "a loopback address"),
        ("http://localhost:8080/", "a loopback address"),
        ("http://10.1.2.3/", "a private address"),
        ("http://192.168.0.1/", "a private address"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("http://[::1]/", "a loopback address"),
        ("http://0.0.0.0/", "an unspecified address"),
        ("http://[::ffff:127.0.0.1]/", "a loopback address"),
    ],
)
def test_private_addresses_are_refused_by_default(url: str, reason: str) -> None:
    with pytest.raises(BlockedAddressError, match=reason):
        resolve(url, allow_private=False)
    assert resolve(url, allow_private=True).address


def test_every_redirect_hop_is_checked(site: Site, sheet: Sheet) -> None:
    with serve(site, "127.0.0.2") as other:
        site.redirect("/to-other", f"{other}/article/003.html")
        with serve(site) as base:
            before = sheet.path.read_bytes()
            result = sheet.add_source_url(f"{base}/to-other", policy=LOOPBACK)
    assert result.snapshot is None
    assert "127.0.0.2, a loopback address" in result.error
    assert sheet.path.read_bytes() != before  # the attempt is recorded, no snapshot


def test_rearchiving_adds_a_snapshot_and_shows_the_text_diff(
    site: Site, sheet: Sheet, base: str, seeds: Path
) -> None:
    first = sheet.add_source_url(f"{base}/article/003.html", policy=LOOPBACK)
    first_warc = (sheet.archive_dir / first.snapshot.original).read_bytes()
    (same,) = sheet.archive([first.source_id], policy=LOOPBACK)
    assert same.changed is False
    changed_page = article_page(seeds / "003_a188cd6fb3fcff5d.txt").replace(
        b"12 percent", b"15 percent"
    )
    site.page("/article/003.html", changed_page)
    (changed,) = sheet.archive([first.source_id], policy=LOOPBACK)
    assert changed.changed is True
    source = sheet.source(first.source_id)
    assert len(source.snapshots) == 3
    assert (sheet.archive_dir / first.snapshot.original).read_bytes() == first_warc
    diff = sheet.text_diff(first.source_id)
    assert "-" in diff and "by as much as 15 percent" in diff and "by as much as 12 percent" in diff


def test_a_failed_rearchive_leaves_earlier_snapshots(site: Site, sheet: Sheet, base: str) -> None:
    first = sheet.add_source_url(f"{base}/article/004.html", policy=LOOPBACK)
    site.status("/article/004.html", 500)
    (failed,) = sheet.archive([first.source_id], policy=LOOPBACK)
    source = sheet.source(first.source_id)
    assert failed.error and len(source.snapshots) == 1 and len(source.attempts) == 1
    assert "Xiaomi" in sheet.source_text(first.source_id)


def test_the_cli_archives_a_batch_and_reports_each_source(tmp_path: Path, base: str, run) -> None:
    path = tmp_path / "batch.json"
    run("new", path, "--title", "Batch")
    for name in ("000", "001", "missing"):
        url = f"{base}/article/{name}.html" if name != "missing" else f"{base}/missing"
        run("source", "add", path, url, "--allow-private")
    data = on_disk(path)
    ids = list(data["sources"])
    result = run("archive", path, *ids, "--allow-private")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert sum("text unchanged" in line for line in lines) == 2
    assert sum("failed: " in line for line in lines) == 1
    assert "1 of 3 sources could not be archived" in lines[-1]
    assert all(
        len(s["snapshots"]) == 2
        for s in on_disk(path)["sources"].values()
        if s["location"].endswith(".html")
    )


def test_fetch_error_is_a_clear_invalid_input(base: str) -> None:
    with pytest.raises(FetchError, match="404"):
        fetch(f"{base}/missing", LOOPBACK)


def as_at_a_terminal() -> None:
    """Ctrl+C as a command typed at a terminal gets it: a test run started in the
    background of a script (`cmd &`) hands its processes SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_during_a_batch_keeps_every_finished_snapshot(
    site: Site, tmp_path: Path, base: str, seeds: Path
) -> None:
    path = tmp_path / "batch.json"
    with Sheet.create(path, title="Batch") as sheet:
        for n in range(6):
            site.page(f"/slow/{n}.html", article_page(seeds / "003_a188cd6fb3fcff5d.txt"))
            sheet.add_source_url(f"{base}/slow/{n}.html", policy=LOOPBACK)
    changed = article_page(seeds / "004_43592f34fc2fbe83.txt")
    gate = threading.Event()  # pages 2-5 answer only after Ctrl+C: the batch is mid-way
    for n in range(6):
        if n < 2:
            site.page(f"/slow/{n}.html", changed)
        else:
            site.gated(f"/slow/{n}.html", changed, gate)
    command = [sys.executable, "-m", "factsheet", "archive", str(path), "--all"]
    batch = subprocess.Popen(
        [*command, "--allow-private", "--concurrency", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_at_a_terminal,
    )
    try:
        finished = [batch.stdout.readline(), batch.stdout.readline()]
        signals = Path(f"/proc/{batch.pid}/status").read_text().splitlines()
        batch.send_signal(signal.SIGINT)
        _, errors = batch.communicate(timeout=60)
    finally:
        gate.set()
        if batch.poll() is None:
            batch.kill()
    assert batch.returncode == 130, (finished, errors, [s for s in signals if "Sig" in s])
    assert "interrupted" in errors and "Traceback" not in errors
    assert "2 source(s) archived before Ctrl+C" in errors
    assert all("text changed" in line for line in finished)
    data = on_disk(path)
    counts = sorted(len(source["snapshots"]) for source in data["sources"].values())
    assert counts == [1, 1, 1, 1, 2, 2]
