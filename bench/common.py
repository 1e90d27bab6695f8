"""What the benchmarks share: timing the real CLI in a process of its own (with its peak
memory), medians, and one table per size with the baseline beside each figure.

Peak memory is the process's own high-water mark (VmHWM in /proc/self/status), not
`ru_maxrss`: on Linux a child's ru_maxrss starts from its parent's resident size at the
fork, so a large benchmark process would make every command it runs look as large."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# Code a benchmark child runs for its memory figures (bytes): resident now, high-water mark.
MEMORY = (
    "def _status(field):\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith(field + ':'):\n"
    "            return int(line.split()[1]) * 1024\n"
    "    return 0\n"
    "def resident(): return _status('VmRSS')\n"
    "def peak_resident(): return _status('VmHWM')\n"
)

_WRAP = (
    "import atexit, sys\n"
    + MEMORY
    + "atexit.register(lambda: sys.stderr.write('\\nMAXRSS %d\\n' % (peak_resident() // 1024)))\n"
    "from factsheet.cli import main\n"
    "sys.argv = ['factsheet', *sys.argv[1:]]\n"
    "main()\n"
)


class Run:
    """One run of a command: seconds, peak memory in MB, exit status (None: timed out), and
    the processor time it took (user + system: what a busy machine does not inflate)."""

    def __init__(
        self, seconds: float, peak_mb: float, status: int | None, cpu: float = 0.0
    ) -> None:
        self.seconds, self.peak_mb, self.status, self.cpu = seconds, peak_mb, status, cpu

    @property
    def shown(self) -> str:
        if self.status is None:
            return f"> {self.seconds:.0f} s"
        return f"{self.seconds:.2f} s (CPU {self.cpu:.2f} s)"


def factsheet(args: Sequence[str], cwd: Path, timeout: float = 600) -> Run:
    """`factsheet ARGS` end to end in a process of its own."""
    return python(_WRAP, args, cwd, timeout)


def python(code: str, args: Sequence[str], cwd: Path, timeout: float = 600) -> Run:
    start = time.perf_counter()
    used = _children_cpu()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return Run(timeout, 0.0, None)
    took = time.perf_counter() - start
    cpu = _children_cpu() - used
    peak = 0.0
    for line in done.stderr.splitlines():
        if line.startswith("MAXRSS "):
            peak = int(line.split()[1]) / 1024
    return Run(took, peak, done.returncode, cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_time(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def table(title: str, rows: Sequence[tuple[str, str, str, str]]) -> None:
    """One size's figures: what, factsheet, the baseline (named), the goal."""
    print(f"\n{title}")
    widths = [
        max(len(row[n]) for row in [("work", "factsheet", "baseline", "goal"), *rows])
        for n in range(4)
    ]
    header = ("work", "factsheet", "baseline", "goal")
    for row in [header, *rows]:
        print(f"  {row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")
