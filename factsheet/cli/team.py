"""Working as a team: a second reviewer's cross-check (`claim assign` is with the other
claim commands), and git: setting a repository up so that git merges and diffs sheets by
their records, and the two commands git then runs."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import click

from factsheet.cli.output import SHEET_ARG, open_sheet, say
from factsheet.errors import FactsheetError, InvalidInputError

ATTRIBUTES = "{pattern} merge=factsheet diff=factsheet"


@click.command()
@SHEET_ARG
@click.argument("claim_id")
@click.option("--agree", "verdict", flag_value="agree", help="The verdict stands.")
@click.option("--dispute", "verdict", flag_value="dispute", help="The verdict is wrong.")
@click.option("--note", default="", help="Why (required with --dispute).")
def crosscheck(sheet: Path, claim_id: str, verdict: str | None, note: str) -> None:
    """Cross-check the verdict of CLAIM_ID as a second reviewer: --agree or --dispute.

    The reviewer who set the verdict cannot cross-check it. A new verdict needs a new
    cross-check. `factsheet check --publish --require-crosscheck` lists rated claims
    without an agreeing cross-check.
    """
    if verdict is None:
        raise click.UsageError("say --agree or --dispute")
    if verdict == "dispute" and not note.strip():  # said before a large sheet is read
        raise InvalidInputError("say why you dispute the verdict: --note TEXT")
    with open_sheet(sheet) as opened:
        changed = opened.cross_check(claim_id, agree=verdict == "agree", note=note)
    result = (changed.crosscheck or {}).get("result", "")
    say(f"{changed.id} {result} by {opened.reviewer}")


@click.command("git-setup")
@click.option(
    "--pattern",
    default="*.json",
    show_default=True,
    help="Which files git hands to factsheet (other JSON files are merged as usual).",
)
def git_setup(pattern: str) -> None:
    """Make git merge and diff sheets by their records, in the repository you are in.

    Writes a line to .gitattributes (commit it, so that everyone's clones know which
    files are sheets) and, in this clone's .git/config, the merge driver and the diff
    text converter (each clone runs git-setup once); .git/info/exclude gets the lock
    files beside sheets, which are never for committing. Afterwards `git merge` and `git
    pull` merge sheets claim by claim, with no conflict markers: conflicting verdicts
    are kept in the log, marked on the claim and listed; `git diff` shows claims,
    quotes and verdicts instead of JSON.
    """
    top = _git("rev-parse", "--show-toplevel").strip()
    attributes = Path(top) / ".gitattributes"
    line = ATTRIBUTES.format(pattern=pattern)
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line not in existing.splitlines():
        with attributes.open("a", encoding="utf-8") as out:
            out.write(("" if not existing or existing.endswith("\n") else "\n") + line + "\n")
    command = f"{shlex.quote(sys.executable)} -m factsheet"
    settings = {
        "merge.factsheet.name": "factsheet: three-way merge of sheets by stable id",
        "merge.factsheet.driver": f"{command} merge-driver %O %A %B %P",
        "diff.factsheet.textconv": f"{command} textconv",
    }
    for key, value in settings.items():
        _git("config", "--local", key, value)
    exclude = Path(top) / _git("rev-parse", "--git-path", "info/exclude").strip()
    ignored = exclude.read_text(encoding="utf-8") if exclude.exists() else ""
    missing = [p for p in IGNORED if p not in ignored.splitlines()]
    if missing:
        exclude.parent.mkdir(parents=True, exist_ok=True)
        with exclude.open("a", encoding="utf-8") as out:
            out.write("" if not ignored or ignored.endswith("\n") else "\n")
            out.write("".join(f"{p}\n" for p in missing))
    say(f"{attributes}: {line}")
    say(f"{exclude}: {' '.join(IGNORED)} (the locks and unfinished saves beside sheets)")
    for key, value in settings.items():
        say(f".git/config: {key} = {value}")


@click.command("merge-driver")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("name", required=False, default="")
def merge_driver(base: Path, ours: Path, theirs: Path, name: str) -> None:
    """Git's merge driver for sheets (git runs it; see git-setup): merge THEIRS into OURS
    using their common ancestor BASE, record by record.

    Exits 0 when the sheets merged (conflicting verdicts are then marked in the sheet and
    listed here); JSON files that are not sheets get git's usual line merge.
    """
    from factsheet.sheet.gitmerge import is_sheet_file, merge_files

    sheets = [path for path in (ours, theirs) if path.stat().st_size]
    if not all(is_sheet_file(path) for path in sheets) or (
        base.stat().st_size and not is_sheet_file(base)
    ):
        done = subprocess.run(["git", "merge-file", str(ours), str(base), str(theirs)])
        sys.exit(0 if done.returncode == 0 else 1)
    try:
        report = merge_files(base, ours, theirs)
    except FactsheetError as error:
        say(f"factsheet: could not merge {name or ours}: {error}", err=True)
        sys.exit(1)
    for line in report.conflicts:
        say(f"factsheet: {name or ours}: CONFLICT {line}", err=True)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def textconv(file: Path) -> None:
    """Print FILE as text for `git diff` (git runs it; see git-setup): a sheet as its
    claims, verdicts, quotes and log, one fact per line; any other file as it is."""
    from factsheet.exchange.textview import render
    from factsheet.safe_text import visible
    from factsheet.sheet import Sheet

    try:
        with Sheet.open(file, writable=False) as sheet:
            text = render(sheet)
    except FactsheetError:
        text = file.read_text(encoding="utf-8", errors="replace")
    click.echo(visible(text), nl=False)


IGNORED = (".*.json.lock", ".*.json.*.tmp")


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=True)
    except FileNotFoundError:
        raise InvalidInputError("git is not installed") from None
    except subprocess.CalledProcessError as error:
        raise InvalidInputError(
            f"git {' '.join(args[:2])} failed: {error.stderr.strip() or 'not a git repository'}"
        ) from None
    return done.stdout


COMMANDS = [crosscheck, git_setup, merge_driver, textconv]
