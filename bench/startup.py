"""Startup and keypress benchmark: the real `factsheet` in a pseudo-terminal, 120×40.

    python bench/startup.py [--claims 10000] [--quotes 100000] [--runs 5]

Prints, in one run:
- process start to first frame with the demo sheet, beside a bare Textual app with
  the same widgets and no data (goal: within 1.5× the bare app);
- for a generated sheet of 10,000 claims and 100,000 quotes: process start to first
  frame, and the time from a keypress to its change on screen, for moving the
  selection (j) and for setting a verdict (5) (goals: under 1 s and under 50 ms).

"First frame" is the moment the terminal has received the text the first screen
shows; a keypress is timed until the terminal has received the changed row.
"""

from __future__ import annotations

import argparse
import fcntl
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

from storage import encode, generate

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

    def settle(self, quiet: float = 0.5) -> None:
        """Read until the app has been silent for `quiet` seconds."""
        while True:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                return
            self.output.extend(os.read(self.master, 1 << 20))

    def press(self, key: bytes, then_shows: str) -> float:
        self.settle()
        os.write(self.master, key)
        return self.wait_for(then_shows)

    def close(self) -> None:
        os.write(self.master, b"q")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self.master)


def first_frame(command: list[str], shows: str, cwd: Path) -> float:
    terminal = Terminal(command, cwd)
    try:
        terminal.wait_for(shows)
        return time.perf_counter() - terminal.started
    finally:
        terminal.close()


def median_of(runs: int, measure) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(measure() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    factsheet = [sys.executable, "-m", "factsheet"]
    print(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        demo = folder / "xiaomi.json"
        shutil.copy(DEMO, demo)
        shutil.copytree(DEMO.with_name("xiaomi.archive"), folder / "xiaomi.archive")
        bare = median_of(
            args.runs,
            lambda: first_frame([sys.executable, "-c", BARE_APP], "bare app ready", folder),
        )
        ours = median_of(
            args.runs, lambda: first_frame([*factsheet, str(demo)], "14 claims", folder)
        )
        print(f"first frame, bare Textual app, same widgets:  {bare * 1000:7.0f} ms")
        print(
            f"first frame, factsheet with the demo sheet:   {ours * 1000:7.0f} ms"
            f"  ({ours / bare:.2f}× the bare app; goal ≤ 1.5×)"
        )

        big = folder / "big.json"
        data = generate(args.quotes, claims=args.claims)
        big.write_bytes(encode(data))
        size_mb = big.stat().st_size / 1e6
        claims = len(data["claims"])
        opened = median_of(
            max(1, args.runs // 2),
            lambda: first_frame([*factsheet, str(big)], f"{claims} claims", folder),
        )
        print(
            f"first frame, {claims:,} claims / {args.quotes:,} quotes ({size_mb:.0f} MB):"
            f" {opened * 1000:7.0f} ms  (goal < 1000 ms)"
        )
        terminal = Terminal([*factsheet, str(big)], folder)
        try:
            terminal.wait_for(f"{claims} claims")
            moves, verdicts = [], []
            for n in range(1, 11):
                moves.append(terminal.press(b"j", f"Claim {n * 10}:"))
                verdicts.append(terminal.press(b"5", "False"))
            print(
                f"keypress j (move) to screen:   median {statistics.median(moves) * 1000:6.1f} ms"
                f", max {max(moves) * 1000:6.1f} ms  (goal < 50 ms)"
            )
            print(
                f"keypress 5 (verdict) to screen: median {statistics.median(verdicts) * 1000:6.1f}"
                f" ms, max {max(verdicts) * 1000:6.1f} ms  (goal < 50 ms)"
            )
        finally:
            terminal.close()


if __name__ == "__main__":
    main()
