"""Startup and keypress benchmark: the real `factsheet` in a pseudo-terminal, 120×40, on
realistic sheets, beside a bare Textual app and the demo sheet.

    python bench/startup.py [--sizes 1000 10000 100000] [--presses 20]

Prints the first frame of a bare Textual app with the same widgets and no data (the
baseline) and of factsheet with the demo sheet; then, for each generated sheet
(bench/corpus.py): the first frame, and for each key the time from the keypress to
the end of the screen's update (the last byte of the burst of output it causes),
median and p95: j (move), a digit (verdict), s (status), typing in the filter (two
words typed and rubbed out, letter by letter), and submitting a form (a new claim,
from ctrl+s to the list showing it). Each key is pressed `--presses` times (the form
half as often), so that the p95 is not merely the slowest of a few. Beside j, the
baseline: j in a bare Textual app showing the same claims in a DataTable with the
highlighted one beside it, measured before and after factsheet's keys (the machine's
speed changes from minute to minute). Goal: every key p95 ≤ 50 ms at 100k quotes.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, table
from corpus import build, size_label, write

DEMO = Path(__file__).resolve().parent.parent / "sheets" / "xiaomi.json"

BARE_APP = """
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Input, Static

class Bare(App):
    def compose(self):
        yield Static("bare app ready")
        with Horizontal():
            with Vertical():
                yield Input()
                yield DataTable()
            with Vertical():
                yield Static()
                yield DataTable()
                yield Static()
                yield Static()
        yield Footer()

    def on_mount(self):
        self.query_one(Input).display = False

Bare().run()
"""

# The baseline for a cursor move: a bare Textual app with the sheet's claims in a
# DataTable (Textual's own table, which draws only the rows in view) and the highlighted
# claim in a pane beside it, j bound to the cursor.
BARE_KEYS = """
import json, sys
from textual.app import App
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

class BareKeys(App):
    CSS = "DataTable { height: 16; } #detail { height: 1fr; }"
    BINDINGS = [Binding("j", "down", "Down")]

    def compose(self):
        yield Static(id="counts")
        yield DataTable(cursor_type="row")
        yield Static(id="detail")
        yield Footer()

    def on_mount(self):
        rows = json.load(open(sys.argv[1]))
        table = self.query_one(DataTable)
        table.add_columns("id", "verdict", "status", "claim")
        table.add_rows(rows)
        table.focus()
        self.query_one("#counts").update(f"{len(rows):,} rows ready")

    def action_down(self):
        self.query_one(DataTable).action_cursor_down()

    def on_data_table_row_highlighted(self, event):
        row = self.query_one(DataTable).get_row_at(event.cursor_row)
        self.query_one("#detail").update("\\n\\n".join(str(cell) for cell in row))

BareKeys().run()
"""


class Terminal:
    """A process on a pseudo-terminal of a fixed size, with timed reads of its output."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env={**os.environ, "TERM": "xterm-256color"},
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()

    def wait_for(self, text: str, timeout: float = 60) -> float:
        """Seconds from now until `text` has arrived (searching only output from now on)."""
        start = time.perf_counter()
        mark = len(self.output)
        wanted = text.encode()
        while time.perf_counter() - start < timeout:
            if wanted in self.output[mark:]:
                return time.perf_counter() - start
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                self.output.extend(os.read(self.master, 1 << 20))
        raise TimeoutError(f"{text!r} did not appear within {timeout} s")

    def settle(self, quiet: float = 0.6, limit: float = 3.0) -> None:
        """Read until the app has been silent for `quiet` seconds (or for `limit` seconds:
        a focused input's blinking cursor is never silent)."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                return
            self.output.extend(os.read(self.master, 1 << 20))

    def burst(self, key: bytes, quiet: float = 0.12, limit: float = 30) -> float:
        """Press `key`; seconds until the last byte of the output it caused (the burst
        ends at `quiet` seconds of silence)."""
        self.settle()
        start = time.perf_counter()
        os.write(self.master, key)
        last = start
        waiting = limit  # for the first byte; then until `quiet` seconds of silence
        while time.perf_counter() - start < limit:
            ready, _, _ = select.select([self.master], [], [], waiting)
            waiting = quiet
            if not ready:
                break
            self.output.extend(os.read(self.master, 1 << 20))
            last = time.perf_counter()
        return last - start

    def close(self) -> None:
        os.write(self.master, b"\x1b\x1bq")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self.master)


def first_frame(command: list[str], shows: str, cwd: Path) -> float:
    terminal = Terminal(command, cwd)
    try:
        terminal.wait_for(shows, timeout=180)
        return time.perf_counter() - terminal.started
    finally:
        terminal.close()


def bare_moves(claims: list[list[str]], work: Path, presses: int) -> list[float]:
    """j in the bare Textual app (`BARE_KEYS`) showing these claims."""
    rows = work / "rows.json"
    rows.write_text(json.dumps(claims))
    terminal = Terminal([sys.executable, "-c", BARE_KEYS, str(rows)], work)
    try:
        terminal.wait_for("rows ready", timeout=180)
        return [terminal.burst(b"j") for _ in range(presses)]
    finally:
        terminal.close()


# Typed into the filter, one keystroke at a time: two words, each rubbed out again (a
# word narrows the list letter by letter; rubbing it out widens it to every claim).
FILTER_TYPING = b"hardware" + b"\x7f" * 8 + b"gewinn" + b"\x7f" * 6


def keys(sheet: Path, presses: int) -> dict[str, list[float]]:
    factsheet = [sys.executable, "-m", "factsheet", str(sheet)]
    terminal = Terminal(factsheet, sheet.parent)
    found: dict[str, list[float]] = {}
    try:
        terminal.wait_for(" claims", timeout=180)
        found["j (move)"] = [terminal.burst(b"j") for _ in range(presses)]
        # Two verdicts in turn: the same digit again changes nothing to draw.
        digits = [b"3", b"4"] * max(2, presses // 2)
        found["digit (verdict)"] = [terminal.burst(digit) for digit in digits]
        found["s (status)"] = [terminal.burst(b"s") for _ in range(max(3, presses))]
        terminal.burst(b"f")
        found["filter typing"] = [terminal.burst(bytes([c])) for c in FILTER_TYPING]
        terminal.burst(b"\x1b")
        submits = []
        for n in range(max(3, presses // 2)):
            terminal.burst(b"a")
            for char in f"Bench claim {n}".encode():
                os.write(terminal.master, bytes([char]))
            terminal.settle()  # the typing shown: what is timed is the save alone
            submits.append(terminal.burst(b"\x13"))  # ctrl+s
        found["form submit (claim)"] = submits
    finally:
        terminal.close()
    return found


def spread(seconds: list[float]) -> str:
    ms = [t * 1000 for t in seconds]
    return f"median {statistics.median(ms):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args()
    print(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        demo = folder / "xiaomi.json"
        shutil.copy(DEMO, demo)
        shutil.copytree(DEMO.with_name("xiaomi.archive"), folder / "xiaomi.archive")
        bare = statistics.median(
            first_frame([sys.executable, "-c", BARE_APP], "bare app ready", folder)
            for _ in range(3)
        )
        ours = statistics.median(
            first_frame([sys.executable, "-m", "factsheet", str(demo)], "14 claims", folder)
            for _ in range(3)
        )
        table(
            "first frame, demo sheet",
            [
                (
                    "first frame",
                    f"{ours * 1000:.0f} ms",
                    f"bare Textual app {bare * 1000:.0f} ms",
                    "≤ 1.5× the bare app",
                )
            ],
        )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as work:
            corpus = build(size)
            sheet = write(corpus, Path(work) / "bench.json")
            claims = len(corpus.tables["claims"])
            frame = first_frame(
                [sys.executable, "-m", "factsheet", str(sheet)], f"{claims:,} claims", sheet.parent
            )
            claim_rows = [
                [claim["id"], claim.get("rating", ""), claim["status"], claim["text"]]
                for claim in corpus.tables["claims"].values()
            ]
            # The baseline before and after, so that a machine slowing down shows in both.
            baseline = bare_moves(claim_rows, Path(work), args.presses)
            found = keys(sheet, args.presses)
            baseline += bare_moves(claim_rows, Path(work), args.presses)
        rows = [("first frame", f"{frame * 1000:.0f} ms", f"bare app {bare * 1000:.0f} ms", "")]
        for key, times in found.items():
            rows.append(
                (
                    f"{key} ×{len(times)}",
                    spread(times),
                    f"bare DataTable {spread(baseline)}" if key == "j (move)" else "",
                    "p95 ≤ 50 ms",
                )
            )
        table(f"{size_label(size)} quotes, {claims:,} claims, 120×40", rows)


if __name__ == "__main__":
    main()
