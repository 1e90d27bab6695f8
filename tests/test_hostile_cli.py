"""Every command, in text and in --json, on sheets whose every text field is hostile: no
byte a terminal could act on reaches it (C0 but newline and tab, DEL, C1, bidi
controls), and JSON output still reads back as the same data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from conftest import on_disk
from hostile import MARKUP, OSC_TITLE, UNSAFE, evil, hand_written_sheet

from factsheet import Sheet
from factsheet.exchange import json_format


@pytest.fixture
def hand(tmp_path: Path) -> Path:
    return hand_written_sheet(tmp_path)


def safe(result: Result, *, code: int = 0) -> str:
    """The command's whole output (stdout and stderr), checked for terminal-unsafe bytes."""
    output = result.output
    assert result.exit_code == code, output
    found = UNSAFE.search(output)
    assert found is None, f"{found.group()!r} reached the terminal: {output[:300]!r}"
    return output


READING = [
    "info {sheet}",
    "source list {sheet}",
    "claim list {sheet}",
    "quote list {sheet}",
    "quote list {sheet} c-a1",
    "log {sheet}",
    "log {sheet} c-a1",
    "check {sheet}",
    "search quoted {sheet}",
    "search Claim {sheet}",
    "provenance {sheet}",
    "diff {sheet} s-a1",
    "export {sheet}",
    "export {sheet} --format markdown",
    "export {sheet} --format claimreview",
]
JSON = [
    "info {sheet} --json",
    "source list {sheet} --json",
    "claim list {sheet} --json",
    "quote list {sheet} --json",
    "log {sheet} --json",
    "check {sheet} --json",
    "search quoted {sheet} --json",
]


@pytest.mark.parametrize("command", READING + JSON)
def test_reading_commands_show_hostile_text_only_as_text(hand: Path, run, command: str) -> None:
    before = hand.read_bytes()
    result = run(*command.format(sheet=hand).split())
    output = safe(result)
    assert output.strip(), "the command said nothing"
    if "--json" in command or (command.startswith("export {sheet}") and "markdown" not in command):
        json.loads(result.stdout)  # escaped, still the same JSON (notes go to stderr)
    assert hand.read_bytes() == before


def test_json_output_is_the_stored_data_with_controls_escaped(hand: Path, run) -> None:
    stored = on_disk(hand)
    claims = json.loads(safe(run("claim", "list", hand, "--json")))
    assert claims == list(stored["claims"].values())
    quotes = json.loads(safe(run("quote", "list", hand, "--json")))
    assert quotes == list(stored["quotes"].values())
    log = json.loads(safe(run("log", hand, "--json")))
    assert log == list(stored["history"].values())
    exported = json.loads(safe(run("export", hand)))
    assert exported["sources"] == list(stored["sources"].values())
    raw = run("claim", "list", hand, "--json").output
    assert "\\u001b]2;PWNED\\u0007" in raw and "\\u009b31m" in raw and "\\u202e" in raw


def test_editing_commands_answer_safely(hand: Path, tmp_path: Path, run) -> None:
    page = tmp_path / "evil.txt"
    page.write_text(f"{OSC_TITLE} a page about {MARKUP} and more.\n", encoding="utf-8")
    results = [
        run("claim", "add", hand, evil("New claim"), "--claimant", evil("who"), "--tag", "t"),
        run("claim", "add", hand, evil("Another"), "--json"),
        run("claim", "status", hand, "c-a1", "done"),
        run("verdict", hand, "c-a1", "unrated", "--rationale", evil("why")),
        run("verdict", hand, "c-a1", "unrated", "--rationale", evil("why not"), "--json"),
        run("quote", "add", hand, "c-a1", "s-a1", "the quoted words", "--note", evil("n")),
        run("quote", "add", hand, "c-a1", "s-a1", "the quoted words", "--json"),
        run("source", "add", hand, "--file", page, "--title", evil("Title"), "--json"),
        run("source", "add", hand, "--file", page),
        run("new", tmp_path / "n.json", "--title", evil("New sheet"), "--json"),
        run("export", hand, "-o", tmp_path / "out.json"),
    ]
    for result in results:
        safe(result)
    for result in (results[1], results[4], results[6], results[7], results[9]):
        json.loads(result.output)
    with Sheet.open(hand, writable=False) as sheet:
        assert any(claim.text == evil("New claim").strip() for claim in sheet.claims())


def test_errors_that_quote_hostile_input_are_safe(hand: Path, tmp_path: Path, run) -> None:
    for args in (
        ["quote", "list", hand, "c-\x1b]2;PWNED\x07"],
        ["claim", "status", hand, "\u202ec-a1", "done"],
        ["verdict", hand, "c-a1", evil("rating")],
        ["source", "add", hand, "http://127.0.0.1/\x1b]2;PWNED\x07\x9b"],
        ["source", "add", hand, "javascript:\x1b[2J"],
        ["quote", "add", hand, "c-a1", "s-a1", f"nothing like it {OSC_TITLE}"],
        ["diff", hand, "s-\x1b"],
        ["import", tmp_path / "\x1b]2;PWNED\x07.json"],
    ):
        output = safe(run(*args), code=1)
        assert output.startswith("Error: ") and output.count("\n") == 1, output
    damaged = tmp_path / "damaged.json"
    data = json.loads(hand.read_bytes())
    data["claims"]["1"]["id"] = "c-\x1b]2;PWNED\x07\u202e"
    damaged.write_text(json.dumps(data), encoding="utf-8")
    shutil.copytree(hand.with_name("hand.archive"), tmp_path / "damaged.archive")
    assert "does not have the required form" in safe(run("info", damaged), code=1)


def test_archiving_a_hostile_url_reports_it_safely(hand: Path, run) -> None:
    with Sheet.open(hand) as sheet:
        sheet.add_web_source(f"http://127.0.0.1/{OSC_TITLE}\x9b", title=evil("Web"))
    output = safe(run("archive", hand, "--all"), code=1)
    assert "failed: refusing to fetch" in output and "␛]2;PWNED␇" in output


def test_a_merge_report_with_hostile_verdicts_is_safe(hand: Path, tmp_path: Path, run) -> None:
    theirs = tmp_path / "theirs.json"
    shutil.copy(hand, theirs)
    shutil.copytree(hand.with_name("hand.archive"), tmp_path / "theirs.archive")
    with Sheet.open(theirs, reviewer=evil("them")) as sheet:
        sheet.set_verdict("c-a1", "unrated", rationale=evil("their reasons"))
        shared = tmp_path / "shared.json"
        shared.write_bytes(json_format.dumps(json_format.export_document(sheet)))
    with Sheet.open(hand, reviewer="us") as sheet:
        sheet.set_verdict("c-a1", "unrated", rationale=evil("our reasons"))
    output = safe(run("import", shared, "--into", hand))
    assert "CONFLICT c-a1" in output and "␛]2;PWNED␇" in output


def test_the_installed_command_sanitises_clicks_own_messages(tmp_path: Path) -> None:
    """Usage errors quote what was typed; they reach the terminal through the sanitiser."""
    sheet = tmp_path / "s.json"
    Sheet.create(sheet, title="S").close()
    done = subprocess.run(
        [sys.executable, "-m", "factsheet", "claim", "status", str(sheet), "c-1", OSC_TITLE],
        capture_output=True,
        text=True,
        env={**os.environ, "TERM": "xterm"},
        timeout=60,
    )
    assert done.returncode == 2
    assert "Invalid value" in done.stderr and not UNSAFE.search(done.stderr + done.stdout)
    bad = subprocess.run(
        [sys.executable, "-m", "factsheet", "claim", "add", str(sheet), "x"],
        capture_output=True,
        env={**os.environ, "FACTSHEET_REVIEWER": "ok"},
        timeout=60,
    )
    assert bad.returncode == 0
    raw = subprocess.run(
        [sys.executable, "-m", b"factsheet", b"claim", b"add", bytes(sheet), b"bad \xff"],
        capture_output=True,
        timeout=60,
    )
    assert raw.returncode == 2 and b"is not valid UTF-8 text" in raw.stderr
    assert b"Traceback" not in raw.stderr
