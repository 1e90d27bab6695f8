"""A readable report of a sheet in Markdown: claims, verdicts, evidence, sources, corrections.

Every quote in the report is the source's words as its archived snapshot has them:
the words are read from the snapshot's text at the quote's anchor, the parts of an
elided quote joined by "[…]". A quote that cannot be shown so (its archive is missing,
or its words are not where its anchor says) is not printed as a quote; the report
says why instead, and `unverified_quotes` lists them so that an export can refuse.

Untrusted text (claims, quotes, titles) is written as text: control characters are
made visible and Markdown's special characters escaped, so that no shared sheet
can inject links, HTML or layout into the report.
"""

from __future__ import annotations

import re

from factsheet import anchor
from factsheet.model import UNRATED, Quote, Snapshot, Source
from factsheet.safe_text import one_line, plural, visible
from factsheet.sheet import Sheet

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md(text: str) -> str:
    """Untrusted text as literal Markdown text (one paragraph)."""
    return _SPECIAL.sub(r"\\\1", visible(text)).replace("\n", "  \n")


def unverified_quotes(sheet: Sheet) -> dict[str, str]:
    """Quotes whose words cannot be shown as their archived source's, by id: why."""
    from factsheet.sheet.quotes import quote_problem

    problems = {quote.id: quote_problem(sheet, quote) for quote in sheet.quotes()}
    return {quote_id: problem for quote_id, problem in problems.items() if problem}


def report(sheet: Sheet) -> str:
    meta = sheet.meta
    labels = {rating.key: rating.label for rating in sheet.ratings()} | {UNRATED: "Unrated"}
    sources = sheet.sources()
    numbers = {source.id: n for n, source in enumerate(sources, start=1)}
    by_id = {source.id: source for source in sources}
    unverified = unverified_quotes(sheet)
    lines = [f"# {md(one_line(meta.title))}", ""]
    if meta.publisher:
        publisher = md(one_line(meta.publisher))
        if meta.publisher_url:
            publisher += f" ({md(meta.publisher_url)})"
        lines += [f"Published by {publisher}.", ""]
    if meta.description:
        lines += [md(meta.description), ""]
    summary = sheet.summary()
    lines += [
        f"{plural(summary.claims, 'claim')}, {plural(summary.sources, 'source')}, "
        f"{plural(summary.quotes, 'quote')}.",
        "",
    ]
    for claim in sheet.claims():
        verdict = labels.get(claim.rating, claim.rating)
        lines += [f"## {md(one_line(claim.text))}", ""]
        lines.append(
            f"**Verdict: {md(verdict)}**"
            + (f" · claimed by {md(claim.claimant)}" if claim.claimant else "")
        )
        lines.append("")
        if claim.rationale:
            lines += [md(claim.rationale), ""]
        if claim.review_url:
            lines += [f"Fact-check: {md(claim.review_url)}", ""]
        quotes = sheet.quotes(claim.id)
        if quotes:
            lines += ["### Evidence", ""]
        for quote in quotes:
            lines += _evidence(quote, by_id.get(quote.source), numbers, unverified.get(quote.id))
        lines += _log(sheet, claim.id, labels)
    lines += _sources(sources)
    return "\n".join(lines)


def _evidence(
    quote: Quote, source: Source | None, numbers: dict[str, int], problem: str | None
) -> list[str]:
    """A quote as a blockquote of its source's words, attributed; or why it is not shown."""
    number = numbers.get(quote.source)
    cite = f"[{number}]" if number else md(quote.source)
    title = md(one_line(source.title)) if source else cite
    if problem is not None:
        return [
            f"*A quote from {title} ({cite}) is not shown: it could not be checked against "
            f"the archived page ({md(one_line(problem, 160))}).*",
            "",
        ]
    assert quote.anchor is not None  # quote_problem() has checked
    snapshot = _snapshot(source, quote.anchor["snapshot"]) if source else None
    words = quote.text.split(anchor.OMISSION)
    shown = " \\[…\\] ".join(md(part) for part in words)
    attribution = [title]
    if source is not None:
        attribution += [md(one_line(part)) for part in (source.author, source.publisher) if part]
        if source.published:
            attribution.append(md(source.published))
    where = (
        ", outside the article text (a caption, sidebar or footer)"
        if quote.anchor.get("within") == anchor.PAGE
        else ""
    )
    archived = f", archived {snapshot.taken[:10]}" if snapshot else ""
    lines = [
        f"> {shown}",
        ">",
        f"> — {', '.join(attribution)} {cite}{where}{archived} ({quote.stance})",
        "",
    ]
    if quote.note:
        lines += [f"Note: {md(quote.note)}", ""]
    return lines


def _snapshot(source: Source, snapshot_id: str) -> Snapshot | None:
    found = [s for s in source.snapshots if s.get("id") == snapshot_id]
    return Snapshot.from_dict(found[0]) if found else None


def _log(sheet: Sheet, claim_id: str, labels: dict[str, str]) -> list[str]:
    log = [entry for entry in sheet.history(claim_id) if entry.event == "verdict"]
    if not log:
        return []
    lines = [
        "### Corrections log",
        "",
        "| When | Who | From | To |",
        "| --- | --- | --- | --- |",
    ]
    for change in log:
        lines.append(
            f"| {md(change.at)} | {md(one_line(change.by))} | "
            f"{md(labels.get(change.rating_from, change.rating_from))} | "
            f"{md(labels.get(change.rating_to, change.rating_to))} |"
        )
    return [*lines, ""]


def _sources(sources: list[Source]) -> list[str]:
    """The numbered list of sources the quotes cite: who, when, where, and the archive."""
    if not sources:
        return []
    lines = ["## Sources", ""]
    for number, source in enumerate(sources, start=1):
        parts = [f"**{md(one_line(source.title))}**"]
        parts += [md(one_line(part)) for part in (source.author, source.publisher) if part]
        if source.published:
            parts.append(f"published {md(source.published)}")
        if source.language:
            parts.append(f"language: {md(source.language)}")
        if source.kind == "web":
            parts.append(md(source.location))
        else:
            parts.append("a local file")
        snapshot = source.latest_snapshot()
        if snapshot is not None:
            parts.append(
                f"archived {md(snapshot.taken[:10])} (SHA-256 {md(snapshot.sha256[:16])}…)"
            )
        else:
            parts.append("not archived")
        lines.append(f"{number}. " + ", ".join(parts))
    return [*lines, ""]
