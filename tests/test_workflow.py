"""Who does what: assignment and cross-checking, each step in the log with who and when."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import on_disk

from factsheet import InvalidInputError, Sheet
from factsheet.model import Stage, stage


def test_a_claim_goes_assigned_reported_cross_checked_and_each_step_is_logged(
    sheet_file: Path,
) -> None:
    with Sheet.open(sheet_file, reviewer="editor") as editor:
        claim = editor.add_claim("The mayor cut taxes")
        assert stage(editor.claim(claim.id)) is Stage.OPEN
        editor.assign(claim.id, "ada")
        assert stage(editor.claim(claim.id)) is Stage.ASSIGNED
    with Sheet.open(sheet_file, reviewer="ada") as ada:
        ada.set_verdict(claim.id, "false", rationale="The budget shows a rise.")
        assert stage(ada.claim(claim.id)) is Stage.REPORTED
        with pytest.raises(InvalidInputError, match="must come from another reviewer"):
            ada.cross_check(claim.id, agree=True)
    with Sheet.open(sheet_file, reviewer="bob") as bob:
        with pytest.raises(InvalidInputError, match="say why"):
            bob.cross_check(claim.id, agree=False)
        bob.cross_check(claim.id, agree=True, note="Checked the budget too")
        assert stage(bob.claim(claim.id)) is Stage.CROSSCHECKED
    log = [
        (c["by"], c["event"], c["note"])
        for c in on_disk(sheet_file)["history"].values()
        if c["claim"] == claim.id
    ]
    assert log == [
        ("editor", "assign", "to ada"),
        ("ada", "verdict", ""),
        ("bob", "crosscheck", "agreed: Checked the budget too"),
    ]


def test_a_new_verdict_needs_a_new_cross_check(sheet_file: Path) -> None:
    with Sheet.open(sheet_file, reviewer="ada") as ada:
        claim = ada.add_claim("Claim")
        ada.set_verdict(claim.id, "mixed")
    with Sheet.open(sheet_file, reviewer="bob") as bob:
        bob.cross_check(claim.id, agree=False, note="It is plainly false")
        assert stage(bob.claim(claim.id)) is Stage.DISPUTED
        bob.set_verdict(claim.id, "false", rationale="Settled with Ada")
        assert bob.claim(claim.id).crosscheck is None
        assert stage(bob.claim(claim.id)) is Stage.REPORTED
        with pytest.raises(InvalidInputError, match="another reviewer"):
            bob.cross_check(claim.id, agree=True)


def test_the_cli_assigns_and_cross_checks_and_the_log_says_so(sheet_file: Path, run) -> None:
    claim_id = run("claim", "add", sheet_file, "A claim").output.strip()
    assert run("claim", "assign", sheet_file, claim_id, "--me").output.strip() == (
        f"{claim_id} assigned to tester"
    )
    assert run("verdict", sheet_file, claim_id, "true").exit_code == 0
    refused = run("crosscheck", sheet_file, claim_id, "--agree")
    assert refused.exit_code == 1 and "another reviewer" in refused.output
    from click.testing import CliRunner

    from factsheet.cli import cli

    other = CliRunner().invoke(
        cli, ["--reviewer", "second", "crosscheck", str(sheet_file), claim_id, "--agree"]
    )
    assert other.exit_code == 0 and "agreed by second" in other.output
    log = run("log", sheet_file).output
    assert "tester: assign to tester" in log and "second: crosscheck agreed" in log
    listed = run("claim", "list", sheet_file).output
    assert "tester" in listed


def test_the_publish_check_can_require_a_cross_check(demo_sheet: Path, run) -> None:
    rated = [c for c in on_disk(demo_sheet)["claims"].values() if c["rating"] != "unrated"]
    plain = run("check", demo_sheet, "--publish")
    strict = run("check", demo_sheet, "--publish", "--require-crosscheck")
    assert "not been cross-checked" not in plain.output
    assert strict.exit_code == 1
    assert strict.output.count("has not been cross-checked by a second reviewer") == len(rated)


def test_a_dispute_without_a_note_is_refused_before_the_sheet_is_read(tmp_path: Path, run) -> None:
    """On a sheet of 100,000 quotes reading it takes seconds: what is missing is said first."""
    refused = run("crosscheck", tmp_path / "never-read.json", "c-1", "--dispute")
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        "Error: say why you dispute the verdict: --note TEXT"
    ]
