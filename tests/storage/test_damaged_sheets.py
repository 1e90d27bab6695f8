"""Sheet files that are valid JSON but break the rules (wrong types, a bad scale, a key
repeated in one object): every command and the app say so in one line that names the
file and the place, exit non-zero, and leave the file byte for byte as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hostile import UNSAFE

from factsheet import Sheet, SheetFileError

Damage = Callable[[dict], None]


def _claim(data: dict) -> dict:
    return next(iter(data["claims"].values()))


def _source(data: dict) -> dict:
    return next(iter(data["sources"].values()))


def _meta(data: dict) -> dict:
    return data["sheet"]["1"]


DAMAGES: dict[str, tuple[Damage, str]] = {
    "claim text a number": (
        lambda d: _claim(d).update(text=42),
        "at claims[{claim}].text: should be text, not a number",
    ),
    "claim text null": (
        lambda d: _claim(d).update(text=None),
        "at claims[{claim}].text: should be text, not null",
    ),
    "rating an object": (
        lambda d: _claim(d).update(rating={"key": "false"}),
        "at claims[{claim}].rating: should be text, not an object",
    ),
    "rating off the scale": (
        lambda d: _claim(d).update(rating="pants-on-fire"),
        "at claims[{claim}].rating: 'pants-on-fire' is not on the sheet's scale",
    ),
    "snapshots a string": (
        lambda d: _source(d).update(snapshots="files/x.txt"),
        "at sources[{source}].snapshots: should be array, not text",
    ),
    "scale not a list": (
        lambda d: _meta(d).update(scale="true,false"),
        "at sheet.scale: should be array, not text",
    ),
    "scale repeats a level": (
        lambda d: _meta(d).update(scale=[*_meta(d)["scale"], _meta(d)["scale"][0]]),
        "at sheet.scale: the scale repeats a level",
    ),
    "scale level without a key": (
        lambda d: _meta(d)["scale"][0].pop("key"),
        "at sheet.scale[0]: lacks the field 'key'",
    ),
    "title a number": (
        lambda d: _meta(d).update(title=7),
        "at sheet.title: should be text, not a number",
    ),
    "id with a trailing newline": (
        lambda d: _claim(d).update(id=_claim(d)["id"] + "\n"),
        "at claims[{claim}⏎].id: '{claim}\\n' does not have the required form",
    ),
    "timestamp in other digits": (
        lambda d: _claim(d).update(created="٢٠٢٤-01-01T00:00:00Z"),
        "at claims[{claim}].created",
    ),
    "absolute snapshot path": (
        lambda d: _source(d)["snapshots"][0].update(text="/etc/passwd"),
        "at sources[{source}].snapshots[0].text: '/etc/passwd' is not a path inside",
    ),
    "snapshot path with ..": (
        lambda d: _source(d)["snapshots"][0].update(original="files/../../secret"),
        "is not a path inside the sheet's archive folder",
    ),
    "a number beyond 64 bits": (
        lambda d: _source(d)["snapshots"][0].update(size=2**64),
        "at sources[{source}].snapshots[0].size: should be integer, not a number",
    ),
    "escape sequence in an id": (
        lambda d: _claim(d).update(id="c-x\x1b]2;PWNED\x07"),
        "does not have the required form",
    ),
}


def damaged(good: Path, case: str) -> tuple[bytes, str]:
    """The sheet file with one damage (written in its own layout, as by hand), and the
    message expected."""
    data = json.loads(good.read_bytes())
    claim_id, source_id = _claim(data)["id"], _source(data)["id"]
    damage, message = DAMAGES[case]
    damage(data)
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return raw, message.format(claim=claim_id, source=source_id)


REPEATS: dict[str, Callable[[bytes], bytes]] = {
    # The sheet's own layout, one record per line: the cheap check sees it.
    "a repeated document id": lambda raw: raw.replace(
        b'\n  },\n  "quotes"', b',\n    "1": {"id":"c-2222","text":"x"}\n  },\n  "quotes"', 1
    ),
    "a repeated field": lambda raw: raw.replace(b'"text":"', b'"text":"shadowed","text":"', 1),
    "a repeated table": lambda raw: raw.replace(  # orjson would read no claims at all
        b'\n  "history": {}', b'\n  "history": {},\n  "claims": {}', 1
    ),
    # Another layout: the thorough check.
    "a repeated field, written by hand": lambda raw: (
        json.dumps(json.loads(raw), indent=2)
        .encode()
        .replace(b'"rating": "', b'"rating": "true",\n "rating": "', 1)
    ),
}

# Every command that opens a sheet; {sheet} is the damaged file, {page} a text file.
COMMANDS: list[str] = [
    "info {sheet}",
    "info {sheet} --json",
    "claim list {sheet}",
    "claim list {sheet} --json",
    "quote list {sheet}",
    "source list {sheet}",
    "log {sheet}",
    "log {sheet} --json",
    "check {sheet}",
    "check {sheet} --save",
    "provenance {sheet}",
    "export {sheet}",
    "export {sheet} --format markdown",
    "export {sheet} --format claimreview",
    "claim add {sheet} edit",
    "claim status {sheet} c-abc done",
    "verdict {sheet} c-abc false",
    "quote add {sheet} c-abc s-abc words",
    "source add {sheet} --file {page}",
    "archive {sheet}",
    "diff {sheet} s-abc",
    "open {sheet}",
    "{sheet}",
]


def _args(command: str, sheet: Path, page: Path) -> list[str]:
    return [part.format(sheet=sheet, page=page) for part in command.split()]


@pytest.fixture
def good(tmp_path: Path, run) -> Path:
    """A small sheet with a claim, a source and a quote (one record per table)."""
    path = tmp_path / "good.json"
    page = tmp_path / "page.txt"
    page.write_text("The company makes no money on hardware, he said.\n", encoding="utf-8")
    with Sheet.create(path, title="Good", reviewer="t") as sheet:
        source = sheet.add_source_file(page, title="Page")
        claim = sheet.add_claim("No money on hardware", source=source.id)
        sheet.add_quote(claim.id, source.id, "makes no money on hardware")
    return path


def assert_refused(result: Result, sheet: Path, message: str, before: bytes) -> None:
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1, result.output
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: {sheet}: "), lines
    assert message in lines[0], lines
    assert not UNSAFE.search(lines[0]), lines
    assert sheet.read_bytes() == before, "the damaged file was changed"


@pytest.mark.parametrize("case", list(DAMAGES))
def test_each_damage_is_one_line_from_every_command_and_the_file_stays(
    good: Path, tmp_path: Path, run, case: str
) -> None:
    raw, message = damaged(good, case)
    sheet = tmp_path / "damaged.json"
    sheet.write_bytes(raw)
    (tmp_path / "damaged.archive").symlink_to(tmp_path / "good.archive")
    page = tmp_path / "page.txt"
    for command in COMMANDS:
        assert_refused(run(*_args(command, sheet, page)), sheet, message, raw)
    with pytest.raises(SheetFileError, match="the file was not changed"):
        Sheet.open(sheet)
    assert sheet.read_bytes() == raw


@pytest.mark.parametrize("case", list(REPEATS))
def test_a_key_repeated_in_one_object_is_found_and_placed(
    good: Path, tmp_path: Path, run, case: str
) -> None:
    raw = REPEATS[case](good.read_bytes())
    assert raw != good.read_bytes()
    sheet = tmp_path / "repeated.json"
    sheet.write_bytes(raw)
    page = tmp_path / "page.txt"
    for command in COMMANDS:
        result = run(*_args(command, sheet, page))
        assert_refused(result, sheet, "repeats the key", raw)
        assert " at line " in result.output and " column " in result.output


def test_the_sheets_own_layout_passes_the_cheap_check_and_hand_layouts_the_thorough_one(
    good: Path, tmp_path: Path
) -> None:
    by_hand = tmp_path / "by-hand.json"
    by_hand.write_text(json.dumps(json.loads(good.read_bytes()), indent=3), encoding="utf-8")
    (tmp_path / "by-hand.archive").symlink_to(tmp_path / "good.archive")
    for path in (good, by_hand):
        with Sheet.open(path, writable=False) as sheet:
            assert len(sheet.claims()) == 1


def test_the_app_on_a_damaged_sheet_exits_non_zero_with_one_line(good: Path, tmp_path: Path):
    raw, message = damaged(good, "claim text a number")
    sheet = tmp_path / "damaged.json"
    sheet.write_bytes(raw)
    done = subprocess.run(
        [sys.executable, "-m", "factsheet", str(sheet)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TERM": "dumb"},
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert "Traceback" not in done.stderr
    assert sheet.read_bytes() == raw


@pytest.mark.parametrize("case", list(DAMAGES))
def test_export_in_its_own_process_refuses_each_damage_and_writes_nothing(
    good: Path, tmp_path: Path, case: str
) -> None:
    """`factsheet export` run as a user runs it, where the records are checked in a second
    process while the export is made (`sheet.aside`): the check's word still comes first."""
    raw, message = damaged(good, case)
    sheet = tmp_path / "damaged.json"
    sheet.write_bytes(raw)
    (tmp_path / "damaged.archive").symlink_to(tmp_path / "good.archive")
    out = tmp_path / "out.json"
    for to in (["-o", str(out)], []):
        done = subprocess.run(
            [sys.executable, "-m", "factsheet", "export", str(sheet), *to],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 1, done.stderr
        assert done.stdout == ""
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
        assert done.stderr.startswith(f"Error: {sheet}: ")
        assert not out.exists() and not list(tmp_path.glob(".out.json*"))
    assert sheet.read_bytes() == raw
