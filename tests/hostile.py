"""Strings that must reach the screen as text, never as markup or terminal commands, and
sheets that carry them: one made through the API, one written by hand."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from factsheet import Sheet
from factsheet.model import SCHEMA_VERSION

MARKUP = "[bold red]x[/] [@click=app.quit] [link=https://example.com]y[/link]"
OSC_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
OSC_TITLE = "\x1b]2;PWNED\x07"
CLEAR_SCREEN = "\x1b[2J"
C1_CSI = "\x9b31m"
CLAIM = f"{OSC_TITLE}{OSC_CLIPBOARD}{CLEAR_SCREEN}\x00\u202eevil {MARKUP}"
CLAIMANT = "\x9b31m[i]Mallory[/i]"
SOURCE_TEXT = f"Page title\n\nBefore {OSC_TITLE} the quoted words {MARKUP} after.\n"
# Every character a terminal may act on or that reorders text: C0 (but newline and tab),
# DEL, C1, bidi controls and marks, line and paragraph separators.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
# Legitimate text that must round-trip byte for byte: Arabic and Hebrew with direction
# marks, CJK, a newline.
ARABIC = "قال المتحدث \u200fإن الشركة\u200f لا تربح"
HEBREW = "\u200fהחברה אינה מרוויחה\u200e (Xiaomi)"
CJK = "小米称硬件业务不赚钱，利润率不超过5%"


SECRET = "root:x:0:0:the secret outside the archive"


def link_text_outside(sheet_path: Path, secret: Path) -> str:
    """Replace the text of the sheet's first archived source by a symbolic link to `secret`
    (a file outside the archive folder, as a shared or hand-made archive might hold);
    returns the source's id."""
    secret.write_text(SECRET, encoding="utf-8")
    with Sheet.open(sheet_path, writable=False) as sheet:
        source = next(s for s in sheet.sources() if s.snapshots)
    text = sheet_path.with_name(f"{sheet_path.stem}.archive") / source.snapshots[-1]["text"]
    text.unlink()
    text.symlink_to(secret)
    return source.id


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


def evil(name: str) -> str:
    """A hostile value for one field: every kind of control, markup, and a bidi override."""
    return f"{name} {OSC_TITLE}{C1_CSI}\u202e{CLEAR_SCREEN}\x7f {MARKUP}"


def hand_written_sheet(folder: Path, name: str = "hand.json") -> Path:
    """A sheet written by hand (as another program or a shared file would): valid by every
    rule, with hostile text in every field that takes text (scale keys and labels, the
    reviewer, log ratings, tags, conflict notes, snapshot notes, anchors, attempts). Ids,
    timestamps and stances have fixed forms, which the rules hold them to."""
    path = folder / name
    archive = folder / f"{Path(name).stem}.archive"
    (archive / "text").mkdir(parents=True)
    (archive / "files").mkdir()
    page = f"{evil('Page')}\nthe quoted words {MARKUP}\n{evil('More')}\n"
    (archive / "text" / "page.txt").write_text(page, encoding="utf-8")
    (archive / "files" / "page.txt").write_text(page, encoding="utf-8")
    later = page.replace("More", "Changed")
    (archive / "text" / "later.txt").write_text(later, encoding="utf-8")
    digest = hashlib.sha256(page.encode()).hexdigest()
    good, bad = evil("good"), evil("bad")
    scale = [
        {"key": good, "label": evil("Good"), "value": 2},
        {"key": bad, "label": evil("Bad"), "value": 1},
    ]
    snapshot = {
        "id": "snap-a1",
        "taken": "2024-01-01T00:00:00Z",
        "kind": "file",
        "sha256": digest,
        "original": "files/page.txt",
        "text": "text/page.txt",
        "content_type": evil("text/plain"),
        "size": len(page),
        "url": evil("http://example.com/"),
        "final_url": evil("http://example.com/final"),
        "status": 200,
        "truncated": evil("length"),
        "note": evil("note"),
    }
    source = {
        "id": "s-a1",
        "title": evil("Title"),
        "location": evil("/tmp/page.txt"),
        "kind": "file",
        "author": evil("Author"),
        "publisher": evil("Publisher"),
        "published": evil("2024"),
        "language": evil("en"),
        "added": "2024-01-01T00:00:00Z",
        "snapshots": [snapshot, {**snapshot, "id": "snap-a2", "text": "text/later.txt"}],
        "attempts": [{"at": "2024-01-02T00:00:00Z", "url": evil("url"), "error": evil("error")}],
    }
    claim = {
        "id": "c-a1",
        "text": evil("Claim") + f"\n{ARABIC}\n{HEBREW}\n{CJK}",
        "claimant": evil("Claimant"),
        "source": "s-a1",
        "status": "in-review",
        "rating": bad,
        "rationale": evil("Rationale") + "\nsecond line",
        "tags": [evil("tag")],
        "created": "2024-01-01T00:00:00Z",
        "updated": "2024-01-03T00:00:00Z",
        "conflict": evil("conflict"),
        "assignee": evil("assignee"),
        "crosscheck": {
            "by": evil("cross-checker"),
            "at": "2024-01-04T00:00:00Z",
            "result": "disputed",
            "note": evil("cross-check note"),
        },
        "claimant_kind": None,
        "review_url": None,
    }
    start = page.index("the quoted words")
    quote = {
        "id": "q-a1",
        "claim": "c-a1",
        "source": "s-a1",
        "text": f"the quoted words {MARKUP}",
        "stance": "refutes",
        "note": evil("Note"),
        "anchor": {
            "exact": f"the quoted words {MARKUP}",
            "prefix": evil("prefix"),
            "suffix": evil("suffix"),
            "start": start,
            "end": start + len(f"the quoted words {MARKUP}"),
            "status": "exact",
            "snapshot": "snap-a2",
            "score": 100.0,
        },
        "created": "2024-01-01T00:00:00Z",
        "by": evil("by"),
        "typed": evil("typed"),
    }
    change = {
        "id": "v-a1",
        "claim": "c-a1",
        "at": "2024-01-03T00:00:00Z",
        "by": evil("Reviewer"),
        "rating_from": evil("from"),
        "rating_to": bad,
        "rationale_from": evil("old rationale"),
        "rationale_to": evil("Rationale") + "\nsecond line",
        "event": "verdict",
        "note": evil("log note"),
    }
    meta = {
        "title": evil("Sheet"),
        "description": evil("Description"),
        "scale": scale,
        "created": "2024-01-01T00:00:00Z",
        "updated": "2024-01-03T00:00:00Z",
        "schema": SCHEMA_VERSION,
    }
    write_tables(
        path,
        {
            "sheet": [meta],
            "sources": [source],
            "claims": [claim],
            "quotes": [quote],
            "history": [change],
        },
    )
    return path


def write_tables(path: Path, tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """Write a sheet file in TinyDB's layout (documents numbered from 1), by hand."""
    data = {
        name: {str(n): record for n, record in enumerate(records, start=1)}
        for name, records in tables.items()
    }
    raw = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    path.write_bytes(raw)
    return raw
