"""Strings that must reach the screen as text, never as markup or terminal commands."""

from __future__ import annotations

from pathlib import Path

from factsheet import Sheet

MARKUP = "[bold red]x[/] [@click=app.quit] [link=https://example.com]y[/link]"
OSC_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
OSC_TITLE = "\x1b]2;PWNED\x07"
CLEAR_SCREEN = "\x1b[2J"
CLAIM = f"{OSC_TITLE}{OSC_CLIPBOARD}{CLEAR_SCREEN}\x00\u202eevil {MARKUP}"
CLAIMANT = "\x9b31m[i]Mallory[/i]"
SOURCE_TEXT = f"Page title\n\nBefore {OSC_TITLE} the quoted words {MARKUP} after.\n"


def hostile_sheet(folder: Path) -> Path:
    """A sheet whose claim, claimant, source text and quote carry hostile strings."""
    path = folder / "hostile.json"
    page = folder / "page.txt"
    page.write_text(SOURCE_TEXT, encoding="utf-8")
    with Sheet.create(path, title=f"Hostile {OSC_TITLE}", reviewer="tester") as sheet:
        source = sheet.add_source_file(page, title=f"Page {MARKUP}")
        claim = sheet.add_claim(CLAIM, claimant=CLAIMANT, source=source.id)
        sheet.add_quote(claim.id, source.id, f"the quoted words {MARKUP}", note=OSC_CLIPBOARD)
        sheet.set_verdict(claim.id, "false", rationale=f"{MARKUP} {CLEAR_SCREEN}")
    return path
