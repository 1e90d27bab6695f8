"""Copying to the reviewer's own clipboard, through the terminal (OSC 52), so that it
works over SSH and in tmux: a quote with its source and archive date, a claim, a URL.

What is copied is the stored text with control characters made visible (they are not
words anyone wrote, and pasted into a shell they could act).
"""

from __future__ import annotations

from textual.widget import Widget

from factsheet.model import Claim, Quote, Source
from factsheet.safe_text import one_line, visible


def copy(node: Widget, text: str, what: str) -> None:
    """Put `text` on the clipboard and say so."""
    node.app.copy_to_clipboard(visible(text))
    node.notify(f"Copied {what} to your clipboard ({len(text)} characters).", timeout=4)


def claim_text(claim: Claim) -> str:
    return f"{claim.text} ({claim.claimant})" if claim.claimant else claim.text


def citation(quote: Quote, source: Source | None) -> str:
    """The quote in quotation marks, then where it is from: title, author, publisher,
    date, the address and the date of the snapshot it was found in."""
    if source is None:
        return f"“{quote.text}”"
    parts = [f"“{source.title}”"] + [
        part for part in (source.author, source.publisher, source.published) if part
    ]
    line = f"“{quote.text}”\n— {', '.join(parts)}"
    if source.kind != "file":
        line += f", {source.location}"
    taken = archived(quote, source)
    if taken:
        line += f" (archived {taken})"
    return line


def archived(quote: Quote, source: Source) -> str:
    """The date of the snapshot the quote was found in (else the latest one), or ""."""
    wanted = (quote.anchor or {}).get("snapshot")
    snapshots = source.snapshots
    chosen = next((s for s in snapshots if s.get("id") == wanted), None)
    if chosen is None and snapshots:
        chosen = snapshots[-1]
    return one_line(str(chosen.get("taken", "")))[:10] if chosen else ""


def location(source: Source) -> str:
    """A web source's URL (the final one after redirects, when known), or a file's path."""
    latest = source.latest_snapshot()
    if latest is not None and latest.final_url:
        return latest.final_url
    return source.location
