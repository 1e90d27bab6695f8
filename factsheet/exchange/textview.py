"""A sheet as plain text, one fact per line, for `git diff` (the diff text converter).

Claims, their verdicts, rationales, quotes and log entries, and the sources with their
snapshots, in a stable order, so that a diff of two versions of a sheet shows what a
reviewer changed rather than JSON lines. Untrusted text is made visible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factsheet.safe_text import one_line

if TYPE_CHECKING:
    from factsheet.sheet import Sheet


def render(sheet: Sheet) -> str:
    meta = sheet.meta
    labels = {rating.key: rating.label for rating in sheet.ratings()}
    lines = [
        f"sheet: {one_line(meta.title)}",
        f"scale: {', '.join(one_line(r.label) for r in sheet.ratings())}",
    ]
    for source in sheet.sources():
        lines.append(f"source {source.id}: {one_line(source.title)}")
        lines.append(f"  at: {one_line(source.location)}")
        for snapshot in source.snapshots:
            lines.append(
                f"  snapshot {one_line(snapshot['id'])} {one_line(snapshot['taken'])} "
                f"sha256 {one_line(snapshot['sha256'][:16])}"
            )
    for claim in sheet.claims():
        lines.append(f"claim {claim.id}: {one_line(claim.text)}")
        verdict = labels.get(claim.rating, "unrated" if claim.rating == "unrated" else claim.rating)
        details = [f"status {claim.status}", f"verdict {one_line(verdict)}"]
        if claim.claimant:
            details.append(f"claimant {one_line(claim.claimant)}")
        if claim.assignee:
            details.append(f"assigned to {one_line(claim.assignee)}")
        if claim.crosscheck:
            details.append(f"cross-check {one_line(str(claim.crosscheck.get('result')))}")
        lines.append("  " + " · ".join(details))
        if claim.conflict:
            lines.append(f"  CONFLICT: {one_line(claim.conflict)}")
        if claim.rationale:
            lines.append(f"  rationale: {one_line(claim.rationale)}")
        for quote in sheet.quotes(claim.id):
            lines.append(
                f"  quote {quote.id} ({quote.stance}, {quote.source}): «{one_line(quote.text)}»"
            )
        for change in sheet.history(claim.id):
            what = (
                f"{one_line(change.rating_from)} -> {one_line(change.rating_to)}"
                if change.event == "verdict"
                else f"{one_line(change.event)} {one_line(change.note)}"
            )
            lines.append(f"  log {one_line(change.at)} {one_line(change.by)}: {what}")
    return "\n".join(lines) + "\n"
