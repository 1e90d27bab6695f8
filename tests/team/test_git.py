"""Two reviewers on two machines, through a real git repository: `factsheet git-setup`,
then 300 random edits in each clone, `git pull`, and the merged sheet holds everything."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import on_disk

from factsheet import InvalidInputError, Sheet
from factsheet.cli import cli

NEEDS_GIT = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
EDITS = 300


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=Tester", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=check,
    )


def factsheet_in(folder: Path, *args: str) -> Result:
    """`factsheet ARGS` run in `folder`, as the reviewer named like the folder."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, ["--reviewer", folder.name, *args], catch_exceptions=False)
    finally:
        os.chdir(before)


@pytest.fixture
def clones(tmp_path: Path, demo_sheet: Path) -> tuple[Path, Path]:
    """A shared repository holding the demo sheet, cloned twice, each clone set up."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--bare", "-b", "main", str(origin))
    first = tmp_path / "ada"
    git(tmp_path, "clone", str(origin), str(first))
    shutil.copy(demo_sheet, first / "case.json")
    shutil.copytree(demo_sheet.with_name("xiaomi.archive"), first / "case.archive")
    assert factsheet_in(first, "git-setup").exit_code == 0
    git(first, "add", "-A")
    git(first, "commit", "-m", "the case")
    git(first, "push", "origin", "HEAD:main")
    second = tmp_path / "bob"
    git(tmp_path, "clone", str(origin), str(second))
    assert factsheet_in(second, "git-setup").exit_code == 0
    return first, second


class Edits:
    """Random edits by one reviewer, remembering what must survive any merge."""

    def __init__(self, sheet: Sheet, seed: int) -> None:
        self.sheet = sheet
        self.rng = random.Random(seed)
        self.added: set[str] = set()  # claim ids this side added and did not delete
        self.deleted: set[str] = set()
        self.logged: dict[str, set[str]] = {}  # log entries this side made, by claim
        self.rated: dict[str, tuple[str, str]] = {}  # last verdict this side gave each claim

    def run(self, count: int, commit: Callable[[], None]) -> None:
        ratings = ["true", "mostly-true", "mixed", "mostly-false", "false", "unproven"]
        source = self.sheet.sources()[0].id
        text = self.sheet.source_text(source)
        words = text.split()
        for n in range(count):
            claims = [c.id for c in self.sheet.claims()]
            choice = self.rng.random()
            target = self.rng.choice(claims)
            if choice < 0.3:
                claim = self.sheet.add_claim(f"{self.sheet.reviewer} claim {n}")
                self.added.add(claim.id)
            elif choice < 0.55:
                rating = self.rng.choice(ratings)
                rationale = f"{self.sheet.reviewer} {n}"
                entry = self.sheet.set_verdict(target, rating, rationale=rationale)
                if entry is not None:
                    self.logged.setdefault(target, set()).add(entry.id)
                    self.rated[target] = (rating, rationale)
            elif choice < 0.7:
                start = self.rng.randrange(len(words) - 8)
                passage = " ".join(words[start : start + 6])
                with contextlib.suppress(InvalidInputError):  # a passage standing twice
                    self.sheet.add_quote(target, source, passage)
            elif choice < 0.85:
                self.sheet.set_status(target, self.rng.choice(["new", "in-review", "done"]))
            elif self.added:
                doomed = self.rng.choice(sorted(self.added))
                self.sheet.delete_claim(doomed)  # its log goes with it
                self.added.discard(doomed)
                self.deleted.add(doomed)
                self.logged.pop(doomed, None)
                self.rated.pop(doomed, None)
            if n % 50 == 49:
                commit()


@NEEDS_GIT
def test_two_clones_edit_the_same_sheet_and_git_pull_merges_every_edit(
    clones: tuple[Path, Path],
) -> None:
    ada, bob = clones
    sides = {}
    for seed, folder in enumerate((ada, bob)):
        with Sheet.open(folder / "case.json", reviewer=folder.name) as sheet:
            edits = Edits(sheet, seed)

            def commit(folder: Path = folder) -> None:
                git(folder, "add", "-A")
                git(folder, "commit", "-q", "-m", f"edits by {folder.name}", check=False)

            edits.run(EDITS, commit)
            commit()
            sides[folder.name] = edits
    git(bob, "push", "origin", "HEAD:main")
    pulled = git(ada, "pull", "--no-rebase", "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    raw = (ada / "case.json").read_text(encoding="utf-8")
    assert "<<<<<<<" not in raw and ">>>>>>>" not in raw
    assert git(ada, "status", "--porcelain").stdout.strip() == ""
    merged = on_disk(ada / "case.json")
    claims, history = merged["claims"], merged["history"]
    for name, edits in sides.items():
        assert edits.added <= set(claims), f"{name}'s new claims are missing"
        made = set().union(*edits.logged.values())
        lost = made - set(history)
        assert not lost, f"{name}'s log entries are missing: {sorted(lost)[:5]}"
    both = set(sides["ada"].rated) & set(sides["bob"].rated)
    differing = {c for c in both if sides["ada"].rated[c] != sides["bob"].rated[c]}
    for claim_id in differing - sides["ada"].deleted - sides["bob"].deleted:
        assert claims[claim_id]["conflict"], f"{claim_id} should be marked conflicting"
        assert f"CONFLICT claim {claim_id}" in pulled.stderr
    for claim_id in set(sides["ada"].rated) - set(sides["bob"].rated):
        if claim_id in claims and claim_id not in differing:
            rating, rationale = sides["ada"].rated[claim_id]
            assert (claims[claim_id]["rating"], claims[claim_id]["rationale"]) == (
                rating,
                rationale,
            )
    for claim_id in set(sides["bob"].rated) - set(sides["ada"].rated):
        if claim_id in claims:
            rating, rationale = sides["bob"].rated[claim_id]
            assert claims[claim_id]["rating"] == rating, "bob's only change was not taken"
    checked = factsheet_in(ada, "check", "case.json")
    assert checked.exit_code == 0, checked.output
    assert differing, "the random edits should include conflicting verdicts"


@NEEDS_GIT
def test_different_fields_of_one_claim_edited_on_each_side_merge_without_a_conflict(
    clones: tuple[Path, Path],
) -> None:
    ada, bob = clones
    with Sheet.open(
        ada / "case.json", reviewer="ada", clock=lambda: "2030-01-01T10:00:00Z"
    ) as sheet:
        claim = sheet.claims()[2]
        sheet.edit_claim(claim.id, claimant="Bürgermeisterin Öztürk")
    git(ada, "commit", "-am", "claimant")
    git(ada, "push", "origin", "HEAD:main")
    with Sheet.open(
        bob / "case.json", reviewer="bob", clock=lambda: "2030-01-01T10:05:00Z"
    ) as sheet:
        sheet.edit_claim(claim.id, text="Xiaomi's margin on hardware is at most 5 %.")
    git(bob, "commit", "-am", "text")
    pulled = git(bob, "pull", "--no-rebase", "origin", "main", check=False)
    assert pulled.returncode == 0 and "CONFLICT" not in pulled.stdout + pulled.stderr, pulled
    with Sheet.open(bob / "case.json", writable=False) as sheet:
        merged = sheet.claim(claim.id)
        assert merged.claimant == "Bürgermeisterin Öztürk"
        assert merged.text == "Xiaomi's margin on hardware is at most 5 %."
        assert not merged.conflict
        assert merged.updated == "2030-01-01T10:05:00Z"  # the later edit's time


@NEEDS_GIT
def test_git_diff_shows_claims_and_verdicts_not_json(clones: tuple[Path, Path]) -> None:
    ada, _ = clones
    with Sheet.open(ada / "case.json", reviewer="ada") as sheet:
        claim = sheet.claims()[1]
        sheet.set_verdict(claim.id, "false", rationale="Checked again")
    diff = git(ada, "diff").stdout
    assert f"claim {claim.id}:" in diff or "verdict False" in diff
    assert "+  rationale: Checked again" in diff
    assert '"rating"' not in diff


@NEEDS_GIT
def test_lock_files_beside_sheets_stay_out_of_git(clones: tuple[Path, Path]) -> None:
    ada, _ = clones
    with Sheet.open(ada / "case.json", reviewer="ada") as sheet:
        sheet.add_claim("a claim, saved under the sheet's lock")
    assert (ada / ".case.json.lock").exists()
    assert git(ada, "status", "--porcelain").stdout.strip() == "M case.json"
    assert factsheet_in(ada, "git-setup").exit_code == 0  # again: nothing added twice
    assert (ada / ".git/info/exclude").read_text().count(".*.json.lock") == 1


@NEEDS_GIT
def test_git_setup_outside_a_repository_says_so(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    result = factsheet_in(plain, "git-setup")
    assert result.exit_code == 1 and "Error: git rev-parse" in result.output


def test_import_with_its_base_is_a_three_way_merge_deletions_included(
    tmp_path: Path, demo_sheet: Path, run
) -> None:
    base = tmp_path / "base.json"
    assert run("export", demo_sheet, "-o", base).exit_code == 0
    theirs_sheet = tmp_path / "theirs-sheet.json"
    assert run("import", base, "--into", theirs_sheet).exit_code == 0
    with Sheet.open(theirs_sheet, reviewer="bob") as bob:
        gone = bob.claims()[0]
        bob.delete_claim(gone.id)
        rated = bob.claims()[0]
        bob.set_verdict(rated.id, "false", rationale="Bob's reading")
    theirs = tmp_path / "theirs.json"
    assert run("export", theirs_sheet, "-o", theirs).exit_code == 0
    with Sheet.open(demo_sheet, reviewer="ada") as ada:
        ada.set_verdict(rated.id, "true", rationale="Ada's reading")
        kept = ada.add_claim("Ada's new claim")
    without_base = run("import", theirs, "--into", demo_sheet)
    assert without_base.exit_code == 0 and gone.id in on_disk(demo_sheet)["claims"]
    result = run("import", theirs, "--into", demo_sheet, "--base", base)
    assert result.exit_code == 0, result.output
    claims = on_disk(demo_sheet)["claims"]
    assert gone.id not in claims  # their delete is taken
    assert kept.id in claims
    assert claims[rated.id]["rating"] == "true" and claims[rated.id]["conflict"]
    assert f"CONFLICT claim {rated.id}" in result.output
