"""Looking across a sheet: are the quotes still in their sources (and is the sheet ready to
publish), a source's text, where else quotes stand, and fuzzy search across a folder."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from factsheet.cli.output import JSON_OPT, SHEET_ARG, open_sheet, say, say_json
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

    with open_sheet(sheet, writable=save) as opened:
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
@click.argument("sheets", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@JSON_OPT
def search(query: str, sheets: tuple[Path, ...], limit: int, as_json: bool) -> None:
    """Fuzzy search for QUERY across quotes, claims and rationales.

    Searches the given SHEETs, or every sheet in ./sheets/. Tolerates typos
    ("smarphones dimme"); the best matches come first, the matched part in «».
    """
    from factsheet.folder import index_sheets, sheets_in

    paths = list(sheets) or sheets_in(Path("sheets"))
    if not paths:
        raise click.UsageError("no sheets given and none in ./sheets/")
    hits = index_sheets(paths, name=str).search(query, limit)
    if as_json:
        say_json([_hit_dict(hit) for hit in hits])
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
        say(
            f"{hit.score:5.1f}  {hit.entry.kind:9}  {one_line(hit.entry.sheet)}  "
            f"{one_line(hit.entry.record_id)}  {shown}"
        )
    if not hits:
        say("no matches")


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


@click.command()
@SHEET_ARG
def provenance(sheet: Path) -> None:
    """Show where else each quote stands, and which sources share long passages.

    Several sources with the same words are often one origin (a wire story, an
    interview retold), not independent confirmations.
    """
    from factsheet.provenance import also_in, shared_passages, source_texts

    with open_sheet(sheet, writable=False) as opened:
        texts = source_texts(opened)
        titles = {source.id: one_line(source.title, 40) for source in opened.sources()}
        for quote in opened.quotes():
            places = also_in(quote, texts)
            if places:
                where = ", ".join(f"{p.source_id} ({p.status})" for p in places)
                say(f"{quote.id}  in {quote.source}, also in: {where}")
                say(f"    {one_line(quote.text, 90)}")
        reuses = shared_passages(texts)
    say("shared passages (8 or more words in common):" if reuses else "no shared passages")
    for reuse in reuses:
        say(
            f"  {reuse.first} ({titles[reuse.first]}) and {reuse.second} "
            f"({titles[reuse.second]}): {len(reuse.passages)} passage(s), longest "
            f"{len(reuse.longest.split())} words: {one_line(reuse.longest, 80)}"
        )


COMMANDS = [check, text, search, provenance]
