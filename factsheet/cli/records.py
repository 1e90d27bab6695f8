"""Making and reading a sheet's records: new, info, source, claim, quote, verdict, log."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import click

from factsheet.cli.fetching import fetch_options, policy_from
from factsheet.cli.output import JSON_OPT, SHEET_ARG, emit, open_sheet, options, say
from factsheet.model import DEFAULT_SCALE, Stance, Status, parse_scale
from factsheet.safe_text import fit, one_line
from factsheet.sheet import Sheet


@click.command()
@SHEET_ARG
@click.option("--title", required=True, help="The sheet's title.")
@click.option("--description", default="", help="What the sheet checks.")
@click.option(
    "--scale",
    metavar="LEVELS",
    help="The sheet's own rating scale: comma-separated levels from best to worst, "
    "e.g. 'Correct,Misleading,Wrong' (default: True, Mostly true, Mixed, Mostly false, "
    "False, Unproven).",
)
@JSON_OPT
def new(sheet: Path, title: str, description: str, scale: str | None, as_json: bool) -> None:
    """Create a new, empty SHEET file (refuses to replace an existing one)."""
    with Sheet.create(
        sheet,
        title=title,
        description=description,
        scale=parse_scale(scale) if scale else DEFAULT_SCALE,
        reviewer=options()["reviewer"],
    ) as created:
        emit(
            as_json,
            created.meta.to_dict(),
            lambda: f"created {sheet}; open it with: factsheet {shlex.quote(str(sheet))}",
        )


@click.command()
@SHEET_ARG
@JSON_OPT
def info(sheet: Path, as_json: bool) -> None:
    """Show a summary of SHEET: counts of claims, sources, quotes and verdicts."""
    with open_sheet(sheet, writable=False) as opened:
        summary = opened.summary()
    if as_json:
        data = summary.to_dict()
        del data["statuses"]
        emit(True, data, str)
        return
    lines = [
        one_line(summary.title),
        f"{summary.claims} claims, {summary.sources} sources, {summary.quotes} quotes",
        "verdicts: " + ", ".join(f"{one_line(k)} {n}" for k, n in summary.verdicts.items()),
        "status:   " + ", ".join(f"{one_line(k)} {n}" for k, n in summary.statuses.items()),
    ]
    say("\n".join(lines))


@click.group()
def source() -> None:
    """Add and list sources."""


def describe(result: Any) -> str:
    """One line on an archiving result, for people."""
    if result.error:
        return f"{result.source_id}  failed: {one_line(result.error)}"
    snapshot = result.snapshot
    change = {None: "first snapshot", True: "text changed", False: "text unchanged"}[result.changed]
    note = f" ({one_line(snapshot.note)})" if snapshot.note else ""
    return f"{result.source_id}  archived {snapshot.id}, {change}{note}"


@source.command("add")
@SHEET_ARG
@click.argument("url", required=False)
@click.option(
    "--file",
    "file",
    type=click.Path(path_type=Path),
    help="A local text or HTML file instead of a URL; it is copied into SHEET.archive/.",
)
@click.option("--title", help="Title (default: the page title or the first line).")
@click.option("--author", help="Who wrote it.")
@click.option("--publisher", help="Who published it (site, paper, agency).")
@click.option("--published", metavar="DATE", help="Publication date, e.g. 2016-11-30.")
@click.option("--language", metavar="CODE", help="Language code, e.g. en or de.")
@fetch_options
@JSON_OPT
def source_add(
    sheet: Path,
    url: str | None,
    file: Path | None,
    title: str | None,
    author: str | None,
    publisher: str | None,
    published: str | None,
    language: str | None,
    allow_private: bool,
    max_bytes: int,
    deadline: float,
    as_json: bool,
) -> None:
    """Add a web page (URL) or a local file (--file) to SHEET as a source; print its id.

    A web page is fetched and archived at once: a WARC of exactly what the server
    sent, and its readable text, kept in SHEET.archive/. If the fetch fails, the
    source is still added with the failed attempt recorded (retry with `factsheet
    archive`), and the command exits with status 1.
    """
    if (url is None) == (file is None):
        raise click.UsageError("give either a URL or --file PATH")
    metadata = {
        "title": title,
        "author": author,
        "publisher": publisher,
        "published": published,
        "language": language,
    }
    with open_sheet(sheet) as opened:
        if file is not None:
            added = opened.add_source_file(file, **metadata)
            emit(as_json, added.to_dict(), lambda: added.id)
            return
        result = opened.add_source_url(
            url or "",
            policy=policy_from(allow_private, max_bytes, deadline),
            title=title,
            author=author,
            publisher=publisher,
            published=published,
            language=language,
        )
        record = opened.source(result.source_id).to_dict()
    emit(as_json, record, lambda: result.source_id)
    if result.error:
        say(f"Error: could not archive it: {one_line(result.error)}", err=True)
        sys.exit(1)
    if result.snapshot is not None and result.snapshot.note:
        say(f"note: {one_line(result.snapshot.note)}", err=True)


@source.command("list")
@SHEET_ARG
@JSON_OPT
def source_list(sheet: Path, as_json: bool) -> None:
    """List the sources of SHEET."""
    with open_sheet(sheet, writable=False) as opened:
        sources = opened.sources()
    emit(
        as_json,
        [s.to_dict() for s in sources],
        lambda: "\n".join(
            f"{fit(s.id, 10)}  {fit(s.language or '--', 3)}  {one_line(s.title, 60)}"
            for s in sources
        ),
    )


@click.group()
def claim() -> None:
    """Add, list and triage claims."""


@claim.command("add")
@SHEET_ARG
@click.argument("text")
@click.option("--claimant", metavar="NAME", help="Who made the claim (person or organisation).")
@click.option("--source", "source_id", metavar="ID", help="The source the claim appeared in.")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for more.")
@JSON_OPT
def claim_add(
    sheet: Path,
    text: str,
    claimant: str | None,
    source_id: str | None,
    tags: tuple[str, ...],
    as_json: bool,
) -> None:
    """Add a claim with TEXT to SHEET and print its id."""
    with open_sheet(sheet) as opened:
        added = opened.add_claim(text, claimant=claimant, source=source_id, tags=tags)
    emit(as_json, added.to_dict(), lambda: added.id)


@claim.command("list")
@SHEET_ARG
@JSON_OPT
def claim_list(sheet: Path, as_json: bool) -> None:
    """List the claims of SHEET with their status, verdict and claimant."""
    with open_sheet(sheet, writable=False) as opened:
        claims = opened.claims()
    emit(
        as_json,
        [c.to_dict() for c in claims],
        lambda: "\n".join(
            f"{fit(c.id, 10)}  {fit(c.status, 9)}  {fit(c.rating, 12)}  "
            f"{fit(c.claimant or '-', 14)}  {one_line(c.text, 60)}"
            for c in claims
        ),
    )


@claim.command("status")
@SHEET_ARG
@click.argument("claim_id")
@click.argument("status", type=click.Choice([s.value for s in Status]))
def claim_status(sheet: Path, claim_id: str, status: str) -> None:
    """Set the triage STATUS of a claim."""
    with open_sheet(sheet) as opened:
        changed = opened.set_status(claim_id, status)
    say(f"{changed.id} {changed.status}")


@click.group()
def quote() -> None:
    """Add and list evidence quotes."""


@quote.command("add")
@SHEET_ARG
@click.argument("claim_id")
@click.argument("source_id")
@click.argument("text")
@click.option(
    "--stance",
    type=click.Choice([s.value for s in Stance]),
    default=Stance.CONTEXT.value,
    show_default=True,
    help="How the quote bears on the claim.",
)
@click.option("--note", default="", help="A note on the quote.")
@JSON_OPT
def quote_add(
    sheet: Path,
    claim_id: str,
    source_id: str,
    text: str,
    stance: str,
    note: str,
    as_json: bool,
) -> None:
    """Link TEXT, a passage of source SOURCE_ID, to claim CLAIM_ID as evidence.

    The passage must occur in the source's text; curly or straight quotes,
    dashes, spacing and elisions ("...", "[...]") may differ.
    """
    with open_sheet(sheet) as opened:
        added = opened.add_quote(claim_id, source_id, text, stance=stance, note=note)
    emit(as_json, added.to_dict(), lambda: added.id)


@quote.command("list")
@SHEET_ARG
@click.argument("claim_id", required=False)
@JSON_OPT
def quote_list(sheet: Path, claim_id: str | None, as_json: bool) -> None:
    """List the quotes of SHEET, or of one claim."""
    with open_sheet(sheet, writable=False) as opened:
        quotes = opened.quotes(opened.claim(claim_id).id if claim_id else None)
    emit(
        as_json,
        [q.to_dict() for q in quotes],
        lambda: "\n".join(
            f"{fit(q.id, 10)}  {fit(q.claim, 10)}  {fit(q.source, 10)}  {fit(q.stance, 8)}  "
            f"{one_line(q.text, 50)}"
            for q in quotes
        ),
    )


@click.command()
@SHEET_ARG
@click.argument("claim_id")
@click.argument("rating")
@click.option("--rationale", help="Why: the reasoning a reader can follow.")
@JSON_OPT
def verdict(sheet: Path, claim_id: str, rating: str, rationale: str | None, as_json: bool) -> None:
    """Set the verdict of CLAIM_ID to RATING (a level of the sheet's scale, or 'unrated').

    Every change is recorded in the corrections log (see `factsheet log`).
    """
    with open_sheet(sheet) as opened:
        change = opened.set_verdict(claim_id, rating, rationale=rationale)
        current = opened.claim(claim_id)
    data = change.to_dict() if change else None
    emit(
        as_json,
        data,
        lambda: f"{current.id} {one_line(current.rating)}" + ("" if change else " (unchanged)"),
    )


@click.command()
@SHEET_ARG
@click.argument("claim_id", required=False)
@JSON_OPT
def log(sheet: Path, claim_id: str | None, as_json: bool) -> None:
    """Show the corrections log: every verdict and rationale change, oldest first."""
    with open_sheet(sheet, writable=False) as opened:
        changes = opened.history(opened.claim(claim_id).id if claim_id else None)
    emit(
        as_json,
        [c.to_dict() for c in changes],
        lambda: "\n".join(
            f"{one_line(c.at)}  {one_line(c.claim)}  {one_line(c.by, 16)}: "
            f"{one_line(c.rating_from)} -> {one_line(c.rating_to)}"
            + (f"\n    rationale: {c.rationale_to}" if c.rationale_to else "")
            for c in changes
        ),
    )


COMMANDS = [new, info, source, claim, quote, verdict, log]
