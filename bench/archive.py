"""Archiving benchmark: a batch of pages with latency, and the memory of one huge response.

    python bench/archive.py [--pages 200] [--latency 0.1] [--huge-mb 200]

Serves `--pages` article pages (the generated sources of bench/corpus.py, 5–50 KB of
prose each, as HTML with page chrome) on ten loopback addresses, each answering after
`--latency` seconds, and prints in one run:
- the time to archive them all with factsheet's batch (fetch, WARC, readable text,
  saved to a sheet), beside a plain sequential httpx loop that only downloads them
  (goal: at least 8× faster);
- the peak memory of a process archiving one `--huge-mb` MB response under the
  default 20 MB cap, beside the same process doing nothing (goal: bounded by the cap).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from archive.pages import Site, article_page, serve

from factsheet import Sheet
from factsheet.archive.fetch import FetchPolicy

ROOT = Path(__file__).resolve().parent.parent
HOSTS = [f"127.0.0.{n}" for n in range(1, 11)]

HUGE = """
import resource, sys, tempfile
from pathlib import Path
from factsheet import Sheet
from factsheet.archive.fetch import FetchPolicy
url = sys.argv[1]
if url != "-":
    with tempfile.TemporaryDirectory() as work, Sheet.create(Path(work) / "s.json", title="M") as s:
        s.add_source_url(url, policy=FetchPolicy(allow_private=True, deadline=120))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--huge-mb", type=int, default=200)
    args = parser.parse_args()
    print(__doc__.splitlines()[0])
    site = Site()
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import build

    texts = list(build(args.pages * 100).texts.values())
    with tempfile.TemporaryDirectory() as pages:
        for n in range(args.pages):
            seed = Path(pages) / f"{n}.txt"
            seed.write_text(texts[n % len(texts)], encoding="utf-8")
            site.slow(f"/page/{n}.html", article_page(seed), args.latency)
    site.endless("/huge", args.huge_mb * 1024 * 1024)
    with ExitStack() as stack:
        bases = [stack.enter_context(serve(site, host)) for host in HOSTS]
        urls = [f"{bases[n % len(bases)]}/page/{n}.html" for n in range(args.pages)]

        start = time.perf_counter()
        with httpx.Client() as client:
            for url in urls:
                client.get(url).raise_for_status()
        sequential = time.perf_counter() - start

        with (
            tempfile.TemporaryDirectory() as work,
            Sheet.create(Path(work) / "bench.json", title="Bench") as sheet,
        ):
            policy = FetchPolicy(allow_private=True)
            ids = [
                sheet.add_source_url(url, policy=policy, archive=False).source_id for url in urls
            ]
            start = time.perf_counter()
            results = list(sheet.archive(ids, policy=policy))
            batch = time.perf_counter() - start
            failed = sum(1 for r in results if r.error)
        print(f"{args.pages} pages, {args.latency * 1000:.0f} ms latency each, 10 hosts:")
        print(f"  plain sequential httpx loop (download only): {sequential:6.2f} s")
        print(
            f"  factsheet batch (fetch, WARC, text, saved):  {batch:6.2f} s"
            f"  ({sequential / batch:.1f}× faster; goal ≥ 8×; {failed} failed)"
        )

        idle = int(_run(HUGE, "-"))
        huge = int(_run(HUGE, f"{bases[0]}/huge"))
        print(f"one {args.huge_mb} MB response, capped at 20 MB:")
        print(f"  peak memory of a process that archives it: {huge / 1024:6.0f} MB")
        print(f"  peak memory of the same process, idle:     {idle / 1024:6.0f} MB")
        print(f"  difference: {(huge - idle) / 1024:.0f} MB (goal: bounded by the cap)")


def _run(code: str, url: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout.strip().splitlines()[-1]


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    main()
