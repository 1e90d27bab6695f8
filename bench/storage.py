"""Storage benchmark on realistic sheets: open, durable edits, import, export, check and
merge, each beside its baseline in the same run.

    python bench/storage.py [--sizes 1000 10000 100000] [--edits 10]
    python bench/storage.py --sheet /work/corpus/c100k.json   # a corpus made before

For each size a sheet is generated with bench/corpus.py (or the --sheet given is copied,
with its archive folder, into a temporary folder). Baselines: open beside a plain
`orjson.loads` of the same file (time and the memory it takes); one durable edit
(`set_verdict`, `add_quote`; `delete_claim` on its own) beside stock TinyDB's
`update`/`insert` on the same file and beside the floor for any atomic save of the
whole file (orjson dump, fsync, rename); `factsheet import` and `export` beside orjson
load + sorted dump of the same records. Commands are timed end to end as a user runs
them, in a process of their own (with its peak memory). Goals at 100k quotes: open
memory ≤ 3× the file; import ≤ 10 s; export ≤ 4 s; check ≤ 10 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import orjson
from tinydb import TinyDB
from tinydb.storages import JSONStorage

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import MEMORY, factsheet, median_time, python, table
from corpus import build, size_label, write

from factsheet.sheet import Sheet

OPEN = (
    MEMORY
    + """
import gc, sys, time
from pathlib import Path
import orjson
from factsheet.sheet import Sheet

gc.collect()
before = resident()
start, cpu = time.perf_counter(), time.process_time()
if sys.argv[2] == "orjson":
    data = orjson.loads(Path(sys.argv[1]).read_bytes())
else:
    data = Sheet.open(sys.argv[1], writable=sys.argv[2] == "writable")
took, cpu = time.perf_counter() - start, time.process_time() - cpu
gc.collect()
held = resident() - before
peak = max(peak_resident() - before, held)
print(took, held, peak, cpu)
"""
)


_PEAK = "sys.stderr.write('\\nMAXRSS %d\\n' % (peak_resident() // 1024))\n"  # for `python`


def open_figures(path: Path, how: str) -> tuple[str, float, float]:
    """(seconds as shown, MB held after opening, MB at the peak while opening), beyond what
    the process held before (interpreter, factsheet and orjson imported)."""
    took, held, peak, cpu = (
        float(x) for x in python_out(OPEN, [str(path), how], path.parent).split()
    )
    return f"{took:.2f} s (CPU {cpu:.2f} s)", held / 1e6, peak / 1e6


def python_out(code: str, args: list[str], cwd: Path) -> str:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def plain_save(path: Path, data: object) -> None:
    """The floor for an atomic save of the whole sheet: dump, write, fsync, rename."""
    tmp = path.with_name(f".{path.name}.plain")
    with open(tmp, "wb") as out:
        out.write(orjson.dumps(data))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def bench(size: int, work: Path, edits: int, given: Path | None = None) -> None:
    if given is None:
        corpus = build(size)
        sheet = write(corpus, work / "bench.json")
        counts = {name: len(records) for name, records in corpus.tables.items()}
    else:
        sheet = work / "bench.json"
        shutil.copy(given, sheet)
        shutil.copytree(given.with_name(f"{given.stem}.archive"), work / "bench.archive")
        counts = {name: len(records) for name, records in orjson.loads(sheet.read_bytes()).items()}
        size = counts["quotes"]
    megabytes = sheet.stat().st_size / 1e6
    rows = []

    took, held, peak = open_figures(sheet, "read-only")
    o_took, o_held, o_peak = open_figures(sheet, "orjson")
    rows.append(("file size", f"{megabytes:.1f} MB", "", ""))
    rows.append(("open, read-only", took, f"orjson.loads {o_took}", ""))
    rows.append(
        (
            "open, read-only: memory",
            f"{held:.0f} MB held, {peak:.0f} MB peak",
            f"orjson {o_held:.0f} / {o_peak:.0f} MB",
            "",
        )
    )
    w_took, w_held, w_peak = open_figures(sheet, "writable")
    rows.append(("open, writable", w_took, "", ""))
    rows.append(
        (
            "open: memory held",
            f"{w_held:.0f} MB = {w_held / megabytes:.1f}×",
            f"orjson {o_held:.0f} MB = {o_held / megabytes:.1f}×",
            "≤ 3× the file",
        )
    )
    rows.append(
        (
            "open: peak memory",
            f"{w_peak:.0f} MB = {w_peak / megabytes:.1f}×",
            f"orjson {o_peak:.0f} MB = {o_peak / megabytes:.1f}×",
            "",
        )
    )

    # Durable edits, in this process.
    with Sheet.open(sheet, reviewer="bench") as opened:
        claims = [claim.id for claim in opened.claims()[:edits]]
        quote = opened.quotes()[0]
        counter = iter(range(10**6))
        verdict = median_time(
            lambda: opened.set_verdict(
                claims[next(counter) % len(claims)], "false", rationale=f"edit {next(counter)}"
            ),
            edits,
        )
        adding = median_time(
            lambda: opened.add_quote(quote.claim, quote.source, quote.anchor["exact"]), edits
        )
        quoted = opened.quote_counts()
        doomed = iter([claim.id for claim in opened.claims()[edits:] if quoted.get(claim.id)])
        deleting = median_time(lambda: opened.delete_claim(next(doomed)), edits)
    stock_path = work / "stock.json"
    shutil.copy(sheet, stock_path)
    with TinyDB(stock_path, storage=JSONStorage) as db:
        table_ = db.table("claims")
        doc_ids = [int(k) for k in list(orjson.loads(stock_path.read_bytes())["claims"])[:edits]]
        n = iter(range(10**6))
        stock_update = median_time(
            lambda: table_.update({"rating": "false"}, doc_ids=[doc_ids[next(n) % len(doc_ids)]]),
            max(2, edits // 3),
        )
        quotes_ = db.table("quotes")
        record = dict(quote.to_dict(), id="q-stock")
        stock_insert = median_time(lambda: quotes_.insert(record), max(2, edits // 3))
    data = orjson.loads(sheet.read_bytes())
    floor = median_time(lambda: plain_save(work / "plain.json", data), 3)
    rows.append(
        (
            "edit: set a verdict",
            f"{verdict * 1000:.0f} ms",
            f"TinyDB update {stock_update * 1000:.0f} ms; orjson save {floor * 1000:.0f} ms",
            "",
        )
    )
    rows.append(
        (
            "edit: add a quote",
            f"{adding * 1000:.0f} ms",
            f"TinyDB insert {stock_insert * 1000:.0f} ms",
            "≈ a verdict",
        )
    )
    rows.append(("edit: delete a claim (its quotes, its log)", f"{deleting * 1000:.0f} ms", "", ""))

    # Commands, end to end.
    export = factsheet(["export", sheet, "-o", work / "share.json"], work)
    floor_export = python(
        MEMORY + "import sys, orjson, time\n"
        "data = orjson.loads(open(sys.argv[1], 'rb').read())\n"
        "out = {k: sorted(v.values(), key=lambda r: r.get('id', '')) for k, v in data.items()}\n"
        "open(sys.argv[2], 'wb').write(orjson.dumps(out, option=orjson.OPT_SORT_KEYS"
        " | orjson.OPT_INDENT_2))\n" + _PEAK,
        [sheet, work / "floor.json"],
        work,
    )
    rows.append(
        (
            "export json",
            f"{export.shown}, {export.peak_mb:.0f} MB",
            f"orjson load+sorted dump {floor_export.shown}, {floor_export.peak_mb:.0f} MB",
            "≤ 4 s",
        )
    )
    imported = factsheet(["import", work / "share.json"], work, timeout=300)
    floor_import = python(
        MEMORY + "import sys, orjson\nd = orjson.loads(open(sys.argv[1], 'rb').read())\n"
        "open(sys.argv[2], 'wb').write(orjson.dumps(d))\n" + _PEAK,
        [work / "share.json", work / "floor2.json"],
        work,
    )
    shared_mb = (work / "share.json").stat().st_size / 1e6
    rows.append(
        (
            "import json",
            f"{imported.shown}, {imported.peak_mb:.0f} MB = "
            f"{imported.peak_mb / shared_mb:.1f}× the export",
            f"orjson load+dump {floor_import.shown}, {floor_import.peak_mb:.0f} MB",
            "≤ 10 s",
        )
    )
    check = factsheet(["check", sheet], work, timeout=300)
    rows.append(("check", f"{check.shown}, {check.peak_mb:.0f} MB", "", "≤ 10 s"))
    info = factsheet(["info", sheet], work)
    rows.append(("info (open + count)", f"{info.shown}, {info.peak_mb:.0f} MB", "", ""))
    merged_into = work / "merge.json"
    shutil.copy(sheet, merged_into)
    shutil.copytree(sheet.with_name("bench.archive"), work / "merge.archive")
    merge = factsheet(["import", work / "share.json", "--into", merged_into], work, timeout=300)
    rows.append(("merge (its own export)", merge.shown, "", ""))
    table(
        f"{size_label(size)} quotes: {counts['sources']:,} sources, "
        f"{counts['claims']:,} claims, {megabytes:.0f} MB",
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--sheet", type=Path, help="a corpus sheet made before (read only)")
    args = parser.parse_args()
    print(__doc__.splitlines()[0])
    if args.sheet is not None:
        with tempfile.TemporaryDirectory() as work:
            bench(0, Path(work), args.edits, args.sheet.resolve())
        return
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as work:
            bench(size, Path(work), args.edits)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    started = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - started:.0f} s; re-run on a quiet machine for firm figures)")
