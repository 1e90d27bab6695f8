"""Bytes per key: what the real `factsheet` writes to a 120×40 terminal for each key, beside
VisiData showing the same claims.

    python bench/terminal.py [--sizes 1000 10000 100000] [--moves 20]

Over SSH every byte is latency. For each size a sheet is generated (bench/corpus.py)
and opened in a pseudo-terminal; once the screen is still, each key is pressed and
the bytes the app writes until it is still again are counted: j and k (cursor
moves in the claim list), tab (to the evidence pane and back), a digit (a verdict),
and typing five letters in the filter. VisiData (`pip install visidata`; skipped
when it is not installed) shows the same rows (status, verdict, claimant, quotes,
claim) from a TSV file and gets the same cursor moves. Goal: ≤ 3 KB per cursor move.
"""

from __future__ import annotations

import argparse
import csv
import os
import select
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build, size_label, write
from startup import Terminal

QUIET = 0.6  # seconds of silence that mean the screen is still ("also in" comes after 0.25 s)


def still(terminal: Terminal, quiet: float = QUIET, limit: float = 30) -> int:
    """Read until the program has written nothing for `quiet` seconds; bytes read."""
    count = 0
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal.master], [], [], quiet)
        if not ready:
            return count
        chunk = os.read(terminal.master, 1 << 20)
        terminal.output.extend(chunk)
        count += len(chunk)
    return count


def per_key(terminal: Terminal, key: bytes, times: int) -> list[int]:
    counts = []
    for _ in range(times):
        os.write(terminal.master, key)
        counts.append(still(terminal))
    return counts


def factsheet_bytes(sheet: Path, moves: int) -> dict[str, float]:
    terminal = Terminal([sys.executable, "-m", "factsheet", str(sheet)], sheet.parent)
    try:
        terminal.wait_for(" claims", timeout=120)
        first = len(terminal.output) + still(terminal, 1.0)
        figures = {"first screen": first}
        figures["j (down)"] = statistics.median(per_key(terminal, b"j", moves))
        figures["k (up)"] = statistics.median(per_key(terminal, b"k", moves))
        tabs = per_key(terminal, b"\t", 4)
        figures["tab"] = statistics.median(tabs)
        # Alternate two verdicts: the same digit again changes nothing on screen.
        verdicts = [per_key(terminal, digit, 1)[0] for digit in (b"3", b"4") * 2]
        figures["digit (verdict)"] = statistics.median(verdicts)
        os.write(terminal.master, b"f")
        still(terminal)
        figures["filter typing"] = statistics.median(per_key(terminal, b"e", 5))
        os.write(terminal.master, b"\x1b")
        still(terminal)
        return figures
    finally:
        terminal.close()


def visidata_bytes(rows: Path, moves: int) -> dict[str, float] | None:
    command = shutil.which("vd") or shutil.which("visidata")
    if command is None:
        return None
    terminal = Terminal([command, "--play", "", str(rows)], rows.parent)
    try:
        terminal.wait_for("claim", timeout=60)
        first = len(terminal.output) + still(terminal, 1.0)
        down = statistics.median(per_key(terminal, b"j", moves))
        up = statistics.median(per_key(terminal, b"k", moves))
        return {"first screen": first, "j (down)": down, "k (up)": up}
    finally:
        os.write(terminal.master, b"gq")
        terminal.close()


def claims_tsv(corpus_tables: dict, path: Path) -> Path:  # type: ignore[type-arg]
    counts: dict[str, int] = {}
    for quote in corpus_tables["quotes"].values():
        counts[quote["claim"]] = counts.get(quote["claim"], 0) + 1
    with path.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out, delimiter="\t")
        rows.writerow(["status", "verdict", "claimant", "Q", "claim"])
        for claim in corpus_tables["claims"].values():
            rows.writerow(
                [
                    claim["status"],
                    claim["rating"],
                    claim["claimant"] or "",
                    counts.get(claim["id"], 0),
                    " ".join(claim["text"].split()),
                ]
            )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args()
    print(__doc__.splitlines()[0])
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as work:
            corpus = build(size)
            sheet = write(corpus, Path(work) / "bench.json")
            rows = claims_tsv(corpus.tables, Path(work) / "claims.tsv")
            ours = factsheet_bytes(sheet, args.moves)
            theirs = visidata_bytes(rows, args.moves)
        print(f"\n{size_label(size)} quotes ({len(corpus.tables['claims']):,} claims), 120×40")
        print(f"  {'key':<18}{'factsheet':>12}{'VisiData':>12}   goal")
        for key, value in ours.items():
            other = theirs.get(key) if theirs else None
            shown = f"{other:>10,.0f} B" if other is not None else f"{'–':>12}"
            goal = "≤ 3 KB" if key.startswith(("j", "k")) else ""
            print(f"  {key:<18}{value:>10,.0f} B{shown}   {goal}")
        if theirs is None:
            print("  (VisiData is not installed: pip install visidata)")


if __name__ == "__main__":
    main()
