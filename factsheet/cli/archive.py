"""Archiving web sources again, and what changed between two captures."""

from __future__ import annotations

from pathlib import Path

import click

from factsheet.cli.fetching import fetch_options, policy_from
from factsheet.cli.output import SHEET_ARG, open_sheet, say
from factsheet.cli.records import describe


@click.command()
@SHEET_ARG
@click.argument("source_ids", nargs=-1, metavar="[SOURCE_ID]...")
@click.option("--all", "every", is_flag=True, help="Archive every web source again.")
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=64),
    default=16,
    show_default=True,
    help="Pages fetched at once (at most 4 from one host).",
)
@fetch_options
def archive(
    sheet: Path,
    source_ids: tuple[str, ...],
    every: bool,
    concurrency: int,
    allow_private: bool,
    max_bytes: int,
    deadline: float,
) -> None:
    """Archive web sources: each fetch becomes a new snapshot beside the older ones.

    Without SOURCE_IDs, archives every web source that has no snapshot yet; with
    --all, every web source again. Prints a line per source as it finishes, saying
    whether the text changed (see `factsheet diff`). Ctrl+C keeps what is done.
    Exits with status 1 if any fetch failed.
    """
    with open_sheet(sheet) as opened:
        if every:
            source_ids = tuple(s.id for s in opened.sources() if s.kind == "web")
        results = opened.archive(
            source_ids or None,
            policy=policy_from(allow_private, max_bytes, deadline),
            concurrency=concurrency,
        )
        failed = 0
        total = 0
        try:
            for total, result in enumerate(results, start=1):
                failed += bool(result.error)
                say(f"[{total}] {describe(result)}")
        except KeyboardInterrupt:
            done = total - failed
            say(f"{done} source(s) archived before Ctrl+C.", err=True)
            raise
    if total == 0:
        say("nothing to archive (every web source has a snapshot; use --all or ids)")
    if failed:
        raise click.ClickException(f"{failed} of {total} sources could not be archived")


@click.command()
@SHEET_ARG
@click.argument("source_id")
def diff(sheet: Path, source_id: str) -> None:
    """Show how a source's text changed between its last two snapshots (a unified diff)."""
    with open_sheet(sheet, writable=False) as opened:
        text = opened.text_diff(source_id)
    say(text if text else "the text did not change", nl=bool(not text))


COMMANDS = [archive, diff]
