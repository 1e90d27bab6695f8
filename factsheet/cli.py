"""The `factsheet` command: a thin click layer over `factsheet.sheet`.

Every command opens the sheet, makes one change through the core API and
prints the result; every FactsheetError becomes a one-line `Error:` and a
non-zero exit, with the sheet unchanged.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from factsheet.errors import FactsheetError
from factsheet.model import DEFAULT_SCALE, Stance, Status, parse_scale
from factsheet.safe_text import one_line, visible
from factsheet.sheet import Sheet

SHEET_ARG = click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
JSON_OPT = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


class _Group(click.Group):
    """Opens the app for `factsheet SHEET`, and turns every FactsheetError into one clean
    `Error:` line instead of a traceback."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["open", *args]
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FactsheetError as error:
            raise click.ClickException(one_line(str(error))) from None


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--reviewer",
    envvar="FACTSHEET_REVIEWER",
    metavar="NAME",
    help="Who is reviewing, recorded with every verdict and quote "
    "(default: 'reviewer' in ~/.config/factsheet/config.toml, else your login name).",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for a sheet that another process is editing.",
)
@click.version_option(package_name="factsheet")
@click.pass_context
def cli(ctx: click.Context, reviewer: str | None, wait: float) -> None:
    """factsheet: a keyboard-driven fact-check worksheet.

    `factsheet SHEET` opens the worksheet app on SHEET; `factsheet` alone offers
    the sheets in ./sheets/. Press ? in the app for its keys.

    A sheet is one JSON file holding claims, the sources they appear in, evidence
    quotes linked to claims, and verdicts with their corrections log. Snapshots of
    the sources are kept in a folder beside it (SHEET.archive/).

    Ids are short and random (c-..., s-..., q-...); any unambiguous prefix of at
    least three characters will do.
    """
    ctx.obj = {"reviewer": reviewer, "wait": wait}
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_app, sheet=None)


def fetch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that bound a fetch, shared by `source add` and `archive`."""
    for option in reversed(
        [
            click.option(
                "--allow-private",
                is_flag=True,
                envvar="FACTSHEET_ALLOW_PRIVATE",
                help="Allow fetching from loopback, private and link-local addresses "
                "(refused by default, since factsheet often runs on servers).",
            ),
            click.option(
                "--max-bytes",
                type=click.IntRange(min=1),
                default=20 * 1024 * 1024,
                show_default=True,
                help="Size cap per page, enforced while downloading and decompressing.",
            ),
            click.option(
                "--deadline",
                type=click.FloatRange(min=1),
                default=30.0,
                show_default=True,
                metavar="SECONDS",
                help="Total time allowed per page, whatever the server's pace.",
            ),
        ]
    ):
        command = option(command)
    return command


def _policy(allow_private: bool, max_bytes: int, deadline: float) -> Any:
    from factsheet.archive.policy import FetchPolicy

    return FetchPolicy(allow_private=allow_private, max_bytes=max_bytes, deadline=deadline)


@cli.command("open")
@click.argument("sheet", required=False, type=click.Path(dir_okay=False, path_type=Path))
@fetch_options
def open_app(sheet: Path | None, allow_private: bool, max_bytes: int, deadline: float) -> None:
    """Open SHEET in the worksheet app (the default: `factsheet SHEET` does the same).

    Without SHEET, opens the sheet in ./sheets/, or offers a choice when there are
    several. If another process is editing the sheet, it opens read-only.
    """
    from factsheet.sheet import sheets_in
    from factsheet.ui.app import FactsheetApp, open_sheet

    options = click.get_current_context().find_root().obj
    policy = _policy(allow_private, max_bytes, deadline)
    if sheet is not None:
        app = FactsheetApp(
            open_sheet(sheet, reviewer=options["reviewer"], wait=options["wait"]),
            fetch_policy=policy,
        )
    else:
        choices = sheets_in(Path("sheets"))
        if not choices:
            raise click.UsageError(
                "no sheet given and no sheets in ./sheets/; "
                "try: factsheet new my.json --title TEXT, then factsheet my.json"
            )
        if len(choices) == 1:
            sheet = choices[0]
            app = FactsheetApp(
                open_sheet(sheet, reviewer=options["reviewer"], wait=options["wait"]),
                fetch_policy=policy,
            )
        else:
            app = FactsheetApp(choices=choices, reviewer=options["reviewer"], fetch_policy=policy)
    app.run()
    if app.crash is not None:
        report_crash(app.crash)
    if app.close_error is not None:
        raise app.close_error


def report_crash(error: BaseException) -> None:
    """One line for an error the app did not handle; the traceback goes to a crash log."""
    import traceback
    from datetime import UTC, datetime

    from factsheet.reviewer import state_dir

    log = state_dir() / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        where = f"; details in {log}"
    except OSError:
        where = ""
    raise click.ClickException(
        f"factsheet stopped on an unexpected error ({type(error).__name__}: "
        f"{one_line(str(error), 120)}); every edit saved before it is in the sheet{where}"
    )


@contextmanager
def _open(path: Path, *, writable: bool = True) -> Iterator[Sheet]:
    options = click.get_current_context().find_root().obj
    with Sheet.open(
        path, writable=writable, wait=options["wait"], reviewer=options["reviewer"]
    ) as sheet:
        yield sheet


def _emit(as_json: bool, data: Any, text: Callable[[], str]) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(text())


@cli.command()
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
    options = click.get_current_context().find_root().obj
    with Sheet.create(
        sheet,
        title=title,
        description=description,
        scale=parse_scale(scale) if scale else DEFAULT_SCALE,
        reviewer=options["reviewer"],
    ) as created:
        _emit(as_json, created.meta.to_dict(), lambda: f"created {sheet}")


@cli.command()
@SHEET_ARG
@JSON_OPT
def info(sheet: Path, as_json: bool) -> None:
    """Show a summary of SHEET: counts of claims, sources, quotes and verdicts."""
    with _open(sheet, writable=False) as opened:
        summary = opened.summary()
    if as_json:
        data = summary.to_dict()
        del data["statuses"]
        _emit(True, data, str)
        return
    lines = [
        one_line(summary.title),
        f"{summary.claims} claims, {summary.sources} sources, {summary.quotes} quotes",
        "verdicts: " + ", ".join(f"{one_line(k)} {n}" for k, n in summary.verdicts.items()),
        "status:   " + ", ".join(f"{one_line(k)} {n}" for k, n in summary.statuses.items()),
    ]
    click.echo("\n".join(lines))


@cli.group()
def source() -> None:
    """Add and list sources."""


def _describe(result: Any) -> str:
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
    with _open(sheet) as opened:
        if file is not None:
            added = opened.add_source_file(file, **metadata)
            _emit(as_json, added.to_dict(), lambda: added.id)
            return
        result = opened.add_source_url(
            url or "", policy=_policy(allow_private, max_bytes, deadline), **metadata
        )
        record = opened.source(result.source_id).to_dict()
    _emit(as_json, record, lambda: result.source_id)
    if result.error:
        click.echo(f"Error: could not archive it: {one_line(result.error)}", err=True)
        sys.exit(1)
    if result.snapshot is not None and result.snapshot.note:
        click.echo(f"note: {one_line(result.snapshot.note)}", err=True)


@cli.command()
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
    with _open(sheet) as opened:
        if every:
            source_ids = tuple(s.id for s in opened.sources() if s.kind == "web")
        results = opened.archive(
            source_ids or None,
            policy=_policy(allow_private, max_bytes, deadline),
            concurrency=concurrency,
        )
        failed = 0
        total = 0
        for total, result in enumerate(results, start=1):
            failed += bool(result.error)
            click.echo(f"[{total}] {_describe(result)}")
    if total == 0:
        click.echo("nothing to archive (every web source has a snapshot; use --all or ids)")
    if failed:
        raise click.ClickException(f"{failed} of {total} sources could not be archived")


@cli.command()
@SHEET_ARG
@click.argument("source_id")
def diff(sheet: Path, source_id: str) -> None:
    """Show how a source's text changed between its last two snapshots (a unified diff)."""
    with _open(sheet, writable=False) as opened:
        text = opened.text_diff(source_id)
    click.echo(visible(text) if text else "the text did not change")


@source.command("list")
@SHEET_ARG
@JSON_OPT
def source_list(sheet: Path, as_json: bool) -> None:
    """List the sources of SHEET."""
    with _open(sheet, writable=False) as opened:
        sources = opened.sources()
    _emit(
        as_json,
        [s.to_dict() for s in sources],
        lambda: "\n".join(
            f"{s.id}  {one_line(s.language or '--', 3):3}  {one_line(s.title, 60)}" for s in sources
        ),
    )


@cli.group()
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
    with _open(sheet) as opened:
        added = opened.add_claim(text, claimant=claimant, source=source_id, tags=tags)
    _emit(as_json, added.to_dict(), lambda: added.id)


@claim.command("list")
@SHEET_ARG
@JSON_OPT
def claim_list(sheet: Path, as_json: bool) -> None:
    """List the claims of SHEET with their status, verdict and claimant."""
    with _open(sheet, writable=False) as opened:
        claims = opened.claims()
    _emit(
        as_json,
        [c.to_dict() for c in claims],
        lambda: "\n".join(
            f"{c.id}  {one_line(c.status, 9):9}  {one_line(c.rating, 12):12}  "
            f"{one_line(c.claimant or '-', 14):14}  "
            f"{one_line(c.text, 60)}"
            for c in claims
        ),
    )


@claim.command("status")
@SHEET_ARG
@click.argument("claim_id")
@click.argument("status", type=click.Choice([s.value for s in Status]))
def claim_status(sheet: Path, claim_id: str, status: str) -> None:
    """Set the triage STATUS of a claim."""
    with _open(sheet) as opened:
        changed = opened.set_status(claim_id, status)
    click.echo(f"{changed.id} {changed.status}")


@cli.group()
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
    with _open(sheet) as opened:
        added = opened.add_quote(claim_id, source_id, text, stance=stance, note=note)
    _emit(as_json, added.to_dict(), lambda: added.id)


@quote.command("list")
@SHEET_ARG
@click.argument("claim_id", required=False)
@JSON_OPT
def quote_list(sheet: Path, claim_id: str | None, as_json: bool) -> None:
    """List the quotes of SHEET, or of one claim."""
    with _open(sheet, writable=False) as opened:
        quotes = opened.quotes(opened.claim(claim_id).id if claim_id else None)
    _emit(
        as_json,
        [q.to_dict() for q in quotes],
        lambda: "\n".join(
            f"{q.id}  {q.claim}  {q.source}  {q.stance:8}  {one_line(q.text, 50)}" for q in quotes
        ),
    )


@cli.command()
@SHEET_ARG
@click.argument("claim_id")
@click.argument("rating")
@click.option("--rationale", help="Why: the reasoning a reader can follow.")
@JSON_OPT
def verdict(sheet: Path, claim_id: str, rating: str, rationale: str | None, as_json: bool) -> None:
    """Set the verdict of CLAIM_ID to RATING (a level of the sheet's scale, or 'unrated').

    Every change is recorded in the corrections log (see `factsheet log`).
    """
    with _open(sheet) as opened:
        change = opened.set_verdict(claim_id, rating, rationale=rationale)
        current = opened.claim(claim_id)
    data = change.to_dict() if change else None
    _emit(
        as_json,
        data,
        lambda: f"{current.id} {one_line(current.rating)}" + ("" if change else " (unchanged)"),
    )


@cli.command()
@SHEET_ARG
@JSON_OPT
def check(sheet: Path, as_json: bool) -> None:
    """Check that every quote is still in the latest snapshot of its source.

    Quotes are re-anchored where the page changed (normalised, or fuzzy with a
    score); those no longer found are listed. Exits with status 1 if any quote is
    not found, so that a newsroom can run it in CI.
    """
    with _open(sheet) as opened:
        checks = opened.check_quotes()
    missing = [c for c in checks if c.after == "not found"]
    if as_json:
        _emit(True, [asdict(c) for c in checks], str)
    else:
        for c in checks:
            if c.after != c.before or c.moved or c.after == "not found":
                score = f" ({c.score:.0f})" if c.after == "fuzzy" else ""
                moved = ", re-anchored" if c.moved and c.after != "not found" else ""
                click.echo(f"{c.quote_id}  {c.source_id}  {c.before} -> {c.after}{score}{moved}")
        counts = Counter(c.after for c in checks)
        tally = ", ".join(f"{n} {status}" for status, n in counts.items())
        click.echo(f"{len(checks)} quotes: {tally}" if checks else "no quotes to check")
    if missing:
        raise click.ClickException(f"{len(missing)} quote(s) not found in their sources")


@cli.command()
@click.argument("query")
@click.argument("sheets", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@JSON_OPT
def search(query: str, sheets: tuple[Path, ...], limit: int, as_json: bool) -> None:
    """Fuzzy search for QUERY across quotes, claims and rationales.

    Searches the given SHEETs, or every sheet in ./sheets/. Tolerates typos
    ("smarphones dimme"); the best matches come first, the matched part in «».
    """
    from factsheet.search import SearchIndex, sheet_entries
    from factsheet.sheet import sheets_in

    paths = list(sheets) or sheets_in(Path("sheets"))
    if not paths:
        raise click.UsageError("no sheets given and none in ./sheets/")
    index = SearchIndex()
    for path in paths:
        with _open(path, writable=False) as opened:
            index.add_many(sheet_entries(opened, str(path)))
    hits = index.search(query, limit)
    if as_json:
        _emit(True, [_hit_dict(hit) for hit in hits], str)
        return
    for hit in hits:
        text = hit.entry.text
        shown = (
            one_line(text[: hit.start][-30:])
            + "«"
            + one_line(text[hit.start : hit.end])
            + "»"
            + one_line(text[hit.end :][:40])
        )
        click.echo(
            f"{hit.score:5.1f}  {hit.entry.kind:9}  {one_line(hit.entry.sheet)}  "
            f"{hit.entry.record_id}  {shown}"
        )
    if not hits:
        click.echo("no matches")


def _hit_dict(hit: Any) -> dict[str, Any]:
    entry = hit.entry
    return {
        "score": hit.score,
        "kind": entry.kind,
        "sheet": entry.sheet,
        "id": entry.record_id,
        "claim": entry.claim_id,
        "text": entry.text,
        "match": [hit.start, hit.end],
    }


@cli.command()
@SHEET_ARG
def provenance(sheet: Path) -> None:
    """Show where else each quote stands, and which sources share long passages.

    Several sources with the same words are often one origin (a wire story, an
    interview retold), not independent confirmations.
    """
    from factsheet.provenance import also_in, shared_passages, source_texts

    with _open(sheet, writable=False) as opened:
        texts = source_texts(opened)
        titles = {source.id: one_line(source.title, 40) for source in opened.sources()}
        for quote in opened.quotes():
            places = also_in(quote, texts)
            if places:
                where = ", ".join(f"{p.source_id} ({p.status})" for p in places)
                click.echo(f"{quote.id}  in {quote.source}, also in: {where}")
                click.echo(f"    {one_line(quote.text, 90)}")
        reuses = shared_passages(texts)
    click.echo("shared passages (8 or more words in common):" if reuses else "no shared passages")
    for reuse in reuses:
        click.echo(
            f"  {reuse.first} ({titles[reuse.first]}) and {reuse.second} "
            f"({titles[reuse.second]}): {len(reuse.passages)} passage(s), longest "
            f"{len(reuse.longest.split())} words: {one_line(reuse.longest, 80)}"
        )


@cli.command()
@SHEET_ARG
@click.argument("claim_id", required=False)
@JSON_OPT
def log(sheet: Path, claim_id: str | None, as_json: bool) -> None:
    """Show the corrections log: every verdict and rationale change, oldest first."""
    with _open(sheet, writable=False) as opened:
        changes = opened.history(opened.claim(claim_id).id if claim_id else None)
    _emit(
        as_json,
        [c.to_dict() for c in changes],
        lambda: "\n".join(
            f"{c.at}  {c.claim}  {one_line(c.by, 16)}: "
            f"{one_line(c.rating_from)} -> {one_line(c.rating_to)}"
            + (f"\n    rationale: {visible(c.rationale_to)}" if c.rationale_to else "")
            for c in changes
        ),
    )


@cli.command()
@SHEET_ARG
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
    help="Write to this file (atomically) instead of standard output.",
)
@click.option(
    "--with-archives",
    is_flag=True,
    help="With --format json: write one zip file holding the sheet and every snapshot (needs -o).",
)
def export(sheet: Path, kind: str, output: Path | None, with_archives: bool) -> None:
    """Export SHEET for sharing or publishing."""
    from factsheet.exchange.files import export_bytes, write_export

    if with_archives and output is None:
        raise click.UsageError("--with-archives writes a zip file: give -o FILE")
    with _open(sheet, writable=False) as opened:
        payload, left_out = export_bytes(opened, kind, with_archives=with_archives)
    if left_out:
        click.echo(f"left out {left_out} claim(s) without a verdict", err=True)
    if output is None:
        click.echo(payload.decode("utf-8"), nl=False)
        return
    write_export(output, payload)
    click.echo(f"wrote {output}", err=True)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--into",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Merge into this sheet (created if it does not exist). "
    "Default: a new sheet FILE-sheet.json in the current folder.",
)
def import_(file: Path, into: Path | None) -> None:
    """Import a shared sheet (a `factsheet export` JSON or zip file): new, or merged.

    The file is checked completely before anything is written; any problem is
    reported with its place in the document, and the target stays unchanged.
    Merging adds new claims, quotes and sources by id; where both sides changed a
    verdict differently, this sheet's is kept, both stay in the corrections log,
    and the conflict is listed.
    """
    from factsheet.exchange import bundle, merge
    from factsheet.exchange.files import merge_file, read_shared

    options = click.get_current_context().find_root().obj
    target = into or Path(f"{file.stem}-sheet.json")
    if not target.exists():
        document, files = read_shared(file)
        with merge.create_from(document, target, reviewer=options["reviewer"]) as created:
            bundle.unpack(files, created.archive_dir)
        click.echo(f"created {target}")
        return
    with _open(target) as opened:
        report = merge_file(opened, file)
    added = ", ".join(f"{count} {table}" for table, count in report.added.items() if count)
    click.echo(f"merged into {target}: added {added or 'nothing'}")
    for line in report.updated:
        click.echo(f"  updated {one_line(line)}")
    for line in report.conflicts:
        click.echo(f"  CONFLICT {one_line(line)}")


def main() -> None:
    """Console-script entry point: click's error handling, but Ctrl+C exits with 130."""
    try:
        status = cli.main(prog_name="factsheet", standalone_mode=False)
    except (KeyboardInterrupt, click.Abort):
        click.echo("interrupted; the sheet holds every change saved before.", err=True)
        sys.stdout.flush()
        # Every change is saved when it is made; fetches still blocked in a read would only
        # delay the exit until their timeout, so the process ends here.
        os._exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    sys.exit(status if isinstance(status, int) else 0)
