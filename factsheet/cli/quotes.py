"""Evidence quotes: add one (a misquote is refused, showing what the source says); list them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from factsheet.anchor import marked
from factsheet.cli.output import JSON_OPT, SHEET_ARG, emit, open_sheet, say
from factsheet.errors import AmbiguousQuoteError, MisquoteError
from factsheet.model import Stance
from factsheet.safe_text import fit, one_line


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
@click.option(
    "--occurrence",
    type=click.IntRange(min=1),
    metavar="N",
    help="Which place of a passage that stands more than once (1 = the first).",
)
@click.option("--prefix", default="", metavar="WORDS", help="Words just before the passage.")
@click.option("--suffix", default="", metavar="WORDS", help="Words just after the passage.")
@click.option(
    "--source-words",
    is_flag=True,
    help="Where TEXT differs from the source, quote the source's words instead.",
)
@JSON_OPT
def quote_add(
    sheet: Path,
    claim_id: str,
    source_id: str,
    text: str,
    stance: str,
    note: str,
    occurrence: int | None,
    prefix: str,
    suffix: str,
    source_words: bool,
    as_json: bool,
) -> None:
    """Link a passage of source SOURCE_ID to claim CLAIM_ID as evidence; TEXT finds it.

    The quote stored (and shown, and published) is always the source's own words.
    TEXT may differ from them only in typography (curly or straight quotes, dashes,
    spacing, case), by elisions ("...", "[...]") and by a misspelling inside a word.
    Any other difference (a word added, dropped or replaced) is refused, showing what
    the source says; --source-words takes the source's words instead. A passage that
    stands more than once needs --occurrence, --prefix or --suffix.
    """
    with open_sheet(sheet) as opened:
        try:
            added = opened.add_quote(
                claim_id,
                source_id,
                text,
                stance=stance,
                note=note,
                occurrence=occurrence,
                prefix=prefix,
                suffix=suffix,
                source_words=source_words,
            )
        except MisquoteError as error:
            explain_misquote(error, sheet)
            sys.exit(1)
        except AmbiguousQuoteError as error:
            explain_ambiguity(error)
            sys.exit(1)
    emit(as_json, added.to_dict(), lambda: added.id)
    corrected = added.typed and added.anchor and added.anchor["status"] != "exact"
    if corrected and not as_json:
        say(f"note: quoted as the source has it: {one_line(added.text, 200)}", err=True)


def explain_misquote(error: MisquoteError, sheet: Path) -> None:
    """A refused quote: what was typed and what the source says, the differences marked."""
    say(f"Error: {one_line(str(error), 300)}", err=True)
    say(f"  you typed:    {one_line(marked(error.typed, error.typed_marks))}", err=True)
    say(f"  source says:  {one_line(marked(error.words, error.word_marks))}", err=True)
    listed = "; ".join(f"{a or '(nothing)'} → {b or '(nothing)'}" for a, b in error.differences)
    say(f"  differences:  {one_line(listed)}", err=True)
    say(
        "To quote the source's words, run the command again with --source-words; to read "
        f"its text: factsheet text {sheet} {error.source_id}",
        err=True,
    )


def explain_ambiguity(error: AmbiguousQuoteError) -> None:
    """A passage that stands in several places, each with its context."""
    say(f"Error: {one_line(str(error), 300)}", err=True)
    for number, place in enumerate(error.occurrences[:20], start=1):
        shown = f"…{place.before[-30:]}«{place.words}»{place.after[:30]}…"
        say(f"  {number}: {one_line(shown)}", err=True)
    if len(error.occurrences) > 20:
        say(f"  (and {len(error.occurrences) - 20} more)", err=True)
    say("Pick one with --occurrence N, or --prefix/--suffix WORDS around it.", err=True)


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


COMMANDS = [quote]
