"""A readable report of a sheet in Markdown: claims, verdicts, evidence, corrections log.

Untrusted text (claims, quotes, titles) is written as text: control characters are
made visible and Markdown's special characters escaped, so that no shared sheet
can inject links, HTML or layout into the report.
"""

from __future__ import annotations

import re

from factsheet.model import UNRATED
from factsheet.safe_text import one_line, visible
from factsheet.sheet import Sheet

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md(text: str) -> str:
    """Untrusted text as literal Markdown text (one paragraph)."""
    return _SPECIAL.sub(r"\\\1", visible(text)).replace("\n", "  \n")


def report(sheet: Sheet) -> str:
    meta = sheet.meta
    labels = {rating.key: rating.label for rating in sheet.ratings()} | {UNRATED: "Unrated"}
    sources = {source.id: source for source in sheet.sources()}
    lines = [f"# {md(one_line(meta.title))}", ""]
    if meta.description:
        lines += [md(meta.description), ""]
    summary = sheet.summary()
    lines += [
        f"{summary.claims} claims, {summary.sources} sources, {summary.quotes} quotes.",
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
        quotes = sheet.quotes(claim.id)
        if quotes:
            lines += ["### Evidence", ""]
        for quote in quotes:
            source = sources.get(quote.source)
            snapshot = source.latest_snapshot() if source else None
            where = md(one_line(source.title)) if source else md(quote.source)
            archived = f", archived {snapshot.taken[:10]}" if snapshot else ""
            lines += [f"> {md(quote.text)}", ">", f"> — {where}{archived} ({quote.stance})", ""]
            if quote.note:
                lines += [f"Note: {md(quote.note)}", ""]
        log = sheet.history(claim.id)
        if log:
            lines += [
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
            lines.append("")
    return "\n".join(lines)
