"""Sharing and publishing: export a sheet, import or merge a shared one."""

from __future__ import annotations

import shlex
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import click

from factsheet.cli.output import open_sheet, options, say, steps
from factsheet.safe_text import json_text, one_line, visible


@click.command()
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "kind",
    type=click.Choice(["json", "claimreview", "markdown"]),
    default="json",
    show_default=True,
    help="json: the sharing format (versioned, deterministic); claimreview: schema.org "
    "ClaimReview JSON-LD of the rated claims; markdown: a report for readers.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output. A name ending in "
    ".zip gets the json export with its archives (as --with-archives does).",
)
@click.option(
    "--with-archives",
    is_flag=True,
    help="With --format json: write one zip file holding the sheet and every snapshot (needs "
    "-o; implied by an -o name ending in .zip).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse to write an incomplete ClaimReview (a field Google requires is missing) "
    "or a Markdown report with a quote that cannot be checked against its archived page.",
)
def export(sheet: Path, kind: str, output: Path | None, with_archives: bool, strict: bool) -> None:
    """Export SHEET for sharing or publishing.

    ClaimReview needs the sheet's publisher (factsheet edit SHEET --publisher ...)
    and each rated claim's published fact-check URL (factsheet claim edit SHEET ID
    --review-url ...); the export names each missing field and its claim.
    """
    from factsheet.exchange.files import (
        check_output,
        export_bytes,
        export_problems,
        write_export,
    )
    from factsheet.sheet.aside import checked_aside
    from factsheet.sheet.sharing import read_once

    if with_archives and output is None:
        raise click.UsageError("--with-archives writes a zip file: give -o FILE")
    if output is not None and output.suffix.lower() == ".zip":
        if kind != "json":
            raise click.UsageError(
                f"a .zip export is the sheet with its archives, in the json format; "
                f"write the {kind} export to another name"
            )
        with_archives = True  # a zip holds a bundle, never JSON under a .zip name
    if output is not None:
        check_output(output, sheet)  # before the work, not after it
    # A json export only reads the records into bytes until the sheet is closed, so they
    # may be checked in a second process meanwhile; the others follow archive paths.
    aside: AbstractContextManager[None] = (
        checked_aside() if kind == "json" and not with_archives else nullcontext()
    )
    with read_once(), aside, open_sheet(sheet, writable=False) as opened:
        incomplete, recommended = export_problems(opened, kind)
        for line in incomplete:
            say(f"missing: {one_line(line)}", err=True)
        for line in recommended:
            say(f"note: {one_line(line)}", err=True)
        with steps() as step:
            step(f"writing the {kind} export of {sheet.name}")
            payload, left_out = export_bytes(
                opened, kind, with_archives=with_archives, strict=strict
            )
    if left_out:
        say(f"left out {left_out} claim(s) without a verdict", err=True)
    if output is None:
        text = payload.decode("utf-8")
        click.echo(visible(text) if kind == "markdown" else json_text(text), nl=False)
        return
    write_export(output, payload, sheet)
    say(f"wrote {output}", err=True)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--into",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Merge into this sheet (created if it does not exist). "
    "Default: a new sheet FILE-sheet.json in the current folder (refused if it exists: "
    "merge into it with --into).",
)
@click.option(
    "--base",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The shared export both sides started from: the merge is then three-way (as "
    "git's is), so deletions and every change on either side are taken.",
)
def import_(file: Path, into: Path | None, base: Path | None) -> None:
    """Import a shared sheet (a `factsheet export` JSON or zip file): new, or merged.

    The file is checked completely before anything is written; any problem is
    reported with its place in the document, and the target stays unchanged.
    Merging adds new claims, quotes and sources by id; where both sides changed a
    verdict differently, this sheet's is kept, both stay in the corrections log,
    the claim is marked as conflicting, and the conflict is listed.
    """
    from factsheet.exchange.files import import_new, merge_file, missing_archives

    target = into or Path(f"{file.stem}-sheet.json")
    if into is None and target.exists():  # a second import would merge without being asked
        raise click.ClickException(
            f"{one_line(str(target))} exists already; nothing was changed. To merge into it: "
            f"factsheet import {shlex.quote(one_line(str(file)))} --into "
            f"{shlex.quote(one_line(str(target)))}"
        )
    if not target.exists():
        with steps() as step:
            step(f"importing {file.name} into a new sheet {target.name}")
            created = import_new(file, target, reviewer=options()["reviewer"])
            missing = missing_archives(created)
            created.close()
        say(f"created {target}")
    else:
        with open_sheet(target) as opened, steps() as step:
            step(f"merging {file.name} into {target.name}")
            lacking = missing_archives(opened)
            report = merge_file(opened, file, base=base)
            missing = missing_archives(opened)
        counts = [f"{n} {table}" for table, n in report.added.items() if n]
        if lacking > missing:  # a zip export brings the archived pages the sheet lacked
            counts.append(f"{lacking - missing} archived page(s) it lacked")
        say(f"merged into {target}: added {', '.join(counts) or 'nothing'}")
        for line in report.updated:
            say(f"  updated {one_line(line)}")
        for line in report.conflicts:
            say(f"  CONFLICT {one_line(line)}")
    if missing:
        say(
            f"note: {missing} archived page(s) the sheet cites are not in its archive folder "
            "(a JSON export carries none): quotes cannot be checked against them until they "
            "come; import the zip export (factsheet export SHEET -o FILE.zip) to bring them",
            err=True,
        )


COMMANDS = [export, import_]
