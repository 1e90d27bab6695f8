"""Making and reading a sheet's records: new, info, edit, source, claim, verdict, log."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import click

from factsheet.cli.fetching import fetch_options, policy_from
from factsheet.cli.output import JSON_OPT, SHEET_ARG, emit, open_sheet, options, say
from factsheet.errors import ChangedMeanwhileError, NotFoundError
from factsheet.model import DEFAULT_SCALE, Status, parse_scale
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


@click.command()
@SHEET_ARG
@click.option("--title", help="The sheet's title.")
@click.option("--description", help="What the sheet checks.")
@click.option(
    "--publisher",
    metavar="NAME",
    help="The organisation that publishes the fact-checks (the ClaimReview author).",
)
@click.option("--publisher-url", metavar="URL", help="The publisher's web address.")
@JSON_OPT
def edit(
    sheet: Path,
    title: str | None,
    description: str | None,
    publisher: str | None,
    publisher_url: str | None,
    as_json: bool,
) -> None:
    """Change what SHEET says about itself: title, description, publisher ('' clears)."""
    with open_sheet(sheet) as opened:
        opened.edit_details(
            title=title, description=description, publisher=publisher, publisher_url=publisher_url
        )
        meta = opened.meta
    emit(
        as_json,
        meta.to_dict(),
        lambda: (
            f"{one_line(meta.title)}\npublisher: {one_line(meta.publisher or '-')} "
            f"{one_line(meta.publisher_url)}"
        ),
    )


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


@claim.command("edit")
@SHEET_ARG
@click.argument("claim_id")
@click.option("--text", help="The claim's text.")
@click.option("--claimant", metavar="NAME", help="Who made the claim ('' for nobody).")
@click.option(
    "--claimant-kind",
    type=click.Choice(["person", "organization", ""]),
    help="Whether the claimant is a person or an organization ('' for not said).",
)
@click.option("--source", "source_id", metavar="ID", help="The source it appeared in ('' none).")
@click.option(
    "--review-url", metavar="URL", help="Where the published fact-check of this claim stands."
)
@JSON_OPT
def claim_edit(
    sheet: Path,
    claim_id: str,
    text: str | None,
    claimant: str | None,
    claimant_kind: str | None,
    source_id: str | None,
    review_url: str | None,
    as_json: bool,
) -> None:
    """Change a claim: its text, claimant and its kind, source, or fact-check URL."""
    with open_sheet(sheet) as opened:
        changed = opened.edit_claim(
            claim_id,
            text=text,
            claimant=claimant,
            source=source_id,
            claimant_kind=claimant_kind,
            review_url=review_url,
        )
    emit(as_json, changed.to_dict(), lambda: changed.id)


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
            f"{fit(c.claimant or '-', 14)}  {fit(c.assignee or '-', 10)}  "
            f"{one_line(c.text, 60)}" + ("  [CONFLICT]" if c.conflict else "")
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


@claim.command("assign")
@SHEET_ARG
@click.argument("claim_id")
@click.argument("reviewer", required=False)
@click.option("--me", is_flag=True, help="Assign it to yourself (see --reviewer).")
@click.option("--nobody", is_flag=True, help="Take the assignment away.")
def claim_assign(sheet: Path, claim_id: str, reviewer: str | None, me: bool, nobody: bool) -> None:
    """Give CLAIM_ID to REVIEWER to check (or --me, or --nobody); logged with who and when.

    In the app, `assignee:me` in the filter lists the claims assigned to you.
    """
    if sum([reviewer is not None, me, nobody]) != 1:
        raise click.UsageError("give a REVIEWER, or --me, or --nobody")
    with open_sheet(sheet) as opened:
        name = opened.reviewer if me else (None if nobody else reviewer)
        changed = opened.assign(claim_id, name)
    say(f"{changed.id} assigned to {changed.assignee or 'nobody'}")


@claim.command("delete")
@SHEET_ARG
@click.argument("claim_id")
def claim_delete(sheet: Path, claim_id: str) -> None:
    """Delete CLAIM_ID with its quotes and its corrections log."""
    with open_sheet(sheet) as opened:
        count = len(opened.quotes(opened.claim(claim_id).id))
        deleted = opened.delete_claim(claim_id)
        try:
            opened.claim(deleted.id)
        except NotFoundError:
            pass  # deleted, as asked
        else:  # still there: another process changed it meanwhile, and that stands
            raise ChangedMeanwhileError(
                f"{deleted.id} was not deleted: another process changed it meanwhile, and "
                "its change keeps the claim with its quotes (marked ! as a conflict); "
                "delete it again once you have looked"
            )
    say(f"deleted {deleted.id} and {count} quote(s): {one_line(deleted.text, 60)}")


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
        lambda: "\n".join(_log_line(c) for c in changes),
    )


def _log_line(change: Any) -> str:
    """One entry of the corrections log, for people."""
    head = f"{one_line(change.at)}  {one_line(change.claim)}  {one_line(change.by, 16)}: "
    if change.event != "verdict":
        return head + f"{one_line(change.event)} {one_line(change.note, 120)}"
    line = head + f"{one_line(change.rating_from)} -> {one_line(change.rating_to)}"
    if change.rationale_to != change.rationale_from and change.rationale_to:
        line += f"\n    rationale: {change.rationale_to}"
    return line


COMMANDS = [new, info, edit, source, claim, verdict, log]
