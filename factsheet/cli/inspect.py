"""Looking across a sheet: are the quotes still in their sources (and is the sheet ready to
publish), a source's text, where else quotes stand, and fuzzy search across a folder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from factsheet.cli.output import JSON_OPT, SHEET_ARG, open_sheet, say, say_json, steps
from factsheet.errors import FactsheetError
from factsheet.safe_text import one_line


@click.command()
@SHEET_ARG
@click.option(
    "--save", is_flag=True, help="Record the re-anchored places of the quotes in the sheet."
)
@click.option(
    "--publish",
    is_flag=True,
    help="Also check that the sheet is ready to publish: every rated claim has a rationale "
    "and a quote, every quote is its source's words, every web source is archived with its "
    "hash, and the corrections log records every verdict.",
)
@click.option(
    "--require-crosscheck",
    is_flag=True,
    help="With --publish: every rated claim also needs a second reviewer's agreeing "
    "cross-check (factsheet crosscheck).",
)
@JSON_OPT
def check(sheet: Path, save: bool, publish: bool, require_crosscheck: bool, as_json: bool) -> None:
    """Check that every quote is still in the latest snapshot of its source.

    A quote stays anchored where the page only moved it or changed its typography.
    When the latest snapshot no longer has a quote's words, the quote is listed as
    "changed", with how the source words it now; the quote keeps the words of the
    older snapshot that has them. Nothing in the sheet changes unless --save is
    given. Exits with status 1 if any quote is changed or not found (or, with
    --publish, anything stands in the way of publishing), so that a newsroom can
    run it in CI.
    """
    from factsheet.checks import publish_findings

    with open_sheet(sheet, writable=save) as opened, steps() as step:
        step(f"checking {len(opened.records('quotes')):,} quotes against their archived pages")
        checks = opened.check_quotes(save=save)
        publish = publish or require_crosscheck
        findings = (
            publish_findings(opened, require_crosscheck=require_crosscheck) if publish else []
        )
    failed = [c for c in checks if c.failed]
    if as_json:
        data: Any = [asdict(c) for c in checks]
        if publish:
            data = {"quotes": data, "publish": [asdict(f) for f in findings]}
        say_json(data)
    else:
        for c in checks:
            if c.after != c.before or c.moved or c.failed:
                score = f" ({c.score:.0f})" if c.after == "fuzzy" else ""
                moved = ", re-anchored" if c.moved and not c.failed else ""
                detail = f": {one_line(c.detail)}" if c.detail else ""
                say(f"{c.quote_id}  {c.source_id}  {c.before} -> {c.after}{score}{moved}{detail}")
        counts = Counter(c.after for c in checks)
        tally = ", ".join(f"{n} {status}" for status, n in counts.items())
        say(f"{len(checks)} quotes: {tally}" if checks else "no quotes to check")
        if publish:
            for finding in findings:
                say(f"{one_line(finding.record)}  {one_line(finding.problem)}")
            say("ready to publish" if not (findings or failed) else "not ready to publish")
    if failed:
        raise click.ClickException(
            f"{len(failed)} quote(s) not in the latest snapshot of their source "
            "(changed or not found)"
        )
    if findings:
        raise click.ClickException(f"{len(findings)} thing(s) stand in the way of publishing")


@click.command()
@SHEET_ARG
@click.argument("source_id")
@click.option("--page", is_flag=True, help="The page's full visible text, not the article's.")
@click.option(
    "--snapshot", "snapshot_id", metavar="ID", help="An older snapshot (default: latest)."
)
def text(sheet: Path, source_id: str, page: bool, snapshot_id: str | None) -> None:
    """Print the text a source's quotes are found in: its latest snapshot's readable text
    (headline and article), or with --page everything the page showed (captions,
    sidebars, footers), which quotes from outside the article are found in."""
    with open_sheet(sheet, writable=False) as opened:
        source = opened.source(source_id)
        texts = opened.snapshot_texts(source.id, snapshot_id)
    if page and "page" not in texts:
        raise click.ClickException(
            f"this snapshot of {source.id} keeps no full page text (only pages archived by "
            "this version do); its readable text is all there is"
        )
    say(texts["page" if page else "article"], nl=False)


@click.command()
@click.argument("query")
@click.argument("sheets", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@JSON_OPT
def search(query: str, sheets: tuple[Path, ...], limit: int, as_json: bool) -> None:
    """Fuzzy search for QUERY across quotes, claims and rationales.

    Searches the given SHEETs, or every sheet in ./sheets/ and here. Tolerates typos
    ("smarphones dimme"); texts with the words as typed come first, then the most
    similar (under a line that says so), whatever their score; the matched part is
    shown in «». Each sheet's index is kept in ~/.cache/factsheet/search, brought up
    to date when the sheet changes, and dropped once the sheet is gone.
    """
    from factsheet.folder import sheets_here
    from factsheet.search import snippet
    from factsheet.search.kept import search_sheets

    paths = list(sheets) or sheets_here()
    if not paths:
        raise click.UsageError("no sheets given, and none in ./sheets/ or here")
    skipped: list[str] = []

    def unreadable(path: Path, error: FactsheetError) -> None:
        skipped.append(f"skipped {path}: {error}")

    with steps() as step:  # sheets found here, not named: one that cannot be read is skipped
        hits = search_sheets(paths, query, limit, step, None if sheets else unreadable)
    for line in skipped:
        say(f"warning: {one_line(line)}", err=True)
    if as_json:
        say_json([_hit_dict(hit) for hit in hits])
        return
    if not hits:
        say("no matches")
    for n, hit in enumerate(hits):
        if not hit.exact and (n == 0 or hits[n - 1].exact):
            say(_near_heading(query, first=n == 0))
        before, matched, after = snippet(hit, 30, 40)
        shown = one_line(before) + "«" + one_line(matched) + "»" + one_line(after)
        say(
            f"{hit.score:5.1f}  {hit.entry.kind:9}  {one_line(hit.entry.sheet)}  "
            f"{one_line(hit.entry.record_id)}  {shown}"
        )


def _near_heading(query: str, first: bool) -> str:
    """The line above the near matches: results that do not hold the query's words as typed
    come after those that do, whatever their score."""
    if first:
        return f"nothing holds “{one_line(query, 40)}” as typed; the nearest texts:"
    return "near matches (not as typed):"


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
        "as_typed": hit.exact,
    }


@click.command()
@SHEET_ARG
def provenance(sheet: Path) -> None:
    """Show where else each quote stands, and which sources share long passages.

    Several sources with the same words are often one origin (a wire story, an
    interview retold), not independent confirmations. Each set of sources sharing
    passages is listed once, with all of them ("a, b and c: 2 passage(s)..."), not
    pair by pair. Passages on many pages (comment forms, share buttons, cookie
    banners, wire copy everywhere) are listed once as common text instead.
    """
    from factsheet.provenance import PassageIndex, site_of, source_texts, words

    with open_sheet(sheet, writable=False) as opened:
        sources = opened.sources()
        titles = {source.id: one_line(source.title, 40) for source in sources}
        with _progress("reading the sources"):
            texts = source_texts(opened)
            index = PassageIndex(texts, {source.id: site_of(source) for source in sources})
        with _progress("comparing the sources"):
            reuse = index.shared_passages()
        quotes = opened.quotes()
        with _progress(f"looking for {len(quotes):,} quotes") as step:
            found = [
                (quote, elsewhere)
                for quote, elsewhere in index.also_in_all(quotes, step)
                if elsewhere.common or elsewhere.places
            ]
    lines = []  # said at once: one write, not one per line
    for quote, elsewhere in found:
        if elsewhere.common:
            lines.append(
                f"{quote.id}  in {quote.source}, also in {elsewhere.total}"
                f"{'+' if elsewhere.at_least else ''} other sources: common text"
            )
        else:
            where = ", ".join(f"{p.source_id} ({p.status})" for p in elsewhere.places)
            lines.append(f"{quote.id}  in {quote.source}, also in: {where}")
        lines.append(f"    {one_line(quote.text, 90)}")
    lines.append(
        "shared passages (8 or more words in common):" if reuse.shared else "no shared passages"
    )
    for shared in reuse.shared:
        named = [f"{source_id} ({titles[source_id]})" for source_id in shared.sources]
        lines.append(
            f"  {', '.join(named[:-1])} and {named[-1]}: {len(shared.passages)} passage(s), "
            f"longest {len(words(shared.longest))} words: {one_line(shared.longest, 80)}"
        )
    if reuse.common:
        lines.append("common text (page chrome or wire copy, not a shared origin):")
        for common in reuse.common:
            lines.append(f"  in {common.sources} sources: {one_line(common.passage, 80)}")
    say("\n".join(lines))


@contextmanager
def _progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """Say on stderr what a long step is doing (when stderr is a terminal); the step may
    say how far it is with the function given (done, of)."""
    with steps() as step:
        step(what)

        def done_of(done: int, of: int) -> None:
            if of:
                step(f"{what} {100 * done // of}%")

        yield done_of


COMMANDS = [check, text, search, provenance]
