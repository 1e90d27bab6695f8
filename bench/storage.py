"""Storage benchmark: one durable edit and one open, factsheet's storage beside stock TinyDB.

    python bench/storage.py [--sizes 1000 10000 50000] [--edits 20]

For each size a sheet with that many quotes (one claim per ten quotes, five
sources) is generated in a temporary folder. "factsheet" times `set_verdict`
(claim, corrections log and sheet metadata in one atomic, fsynced save);
"stock" times one `update` of a claim through TinyDB's `JSONStorage` (which
also fsyncs, but rewrites the file in place). Figures are medians.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from factsheet.model import Anchor, Claim, Quote, SheetMeta, Source, new_id
from factsheet.sheet import Sheet
from factsheet.storage.fileformat import Encoder, parse


def encode(data: dict[str, dict[str, Any]]) -> bytes:
    """The sheet file for `data` (tables of documents by TinyDB id), as factsheet writes it."""
    return b"".join(Encoder().pieces(parse(orjson.dumps(data), Path("generated.json"))))


SENTENCE = "We could sell 10 billion smartphones and we wouldn’t make a single dime in profits"


def generate(quotes: int, *, claims: int | None = None) -> dict[str, dict[str, Any]]:
    """Sheet data with `quotes` quotes spread over `claims` claims (default: one per ten
    quotes), in TinyDB's layout (documents by integer id, the stable id a field)."""
    per_claim = max(1, quotes // claims) if claims else 10
    counter = iter(range(1, 10**9))

    def key(record_id: str) -> str:
        return str(next(counter))

    sources = {}
    for n in range(5):
        source = Source(id=new_id("s"), title=f"Source {n}", location=f"/tmp/{n}.txt")
        sources[key(source.id)] = source.to_dict()
    source_ids = [record["id"] for record in sources.values()]
    claim_records: dict[str, Any] = {}
    quote_records: dict[str, Any] = {}
    for n in range(quotes):
        if n % per_claim == 0:
            claim = Claim(id=new_id("c"), text=f"Claim {n}: Xiaomi makes no money", claimant="X")
            claim_records[key(claim.id)] = claim.to_dict()
        quote_id = new_id("q")
        anchor = Anchor(SENTENCE, "he said, “", "” he added.", 100, 182, "exact", "snap-1")
        quote = Quote(
            id=quote_id,
            claim=claim.id,
            source=source_ids[n % 5],
            text=f"{SENTENCE} ({n})",
            stance="supports",
            note="Checked against the Reuters original.",
            anchor=anchor.to_dict(),
        )
        quote_records[key(quote_id)] = quote.to_dict()
    meta = SheetMeta(title="Benchmark").to_dict()
    return {
        "sheet": {"1": meta},
        "sources": sources,
        "claims": claim_records,
        "quotes": quote_records,
        "history": {},
    }


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_factsheet(folder: Path, quotes: int, edits: int) -> tuple[float, float]:
    path = folder / "factsheet.json"
    path.write_bytes(encode(generate(quotes)))
    opens = []
    for _ in range(3):
        start = time.perf_counter()
        Sheet.open(path, writable=False).close()
        opens.append(time.perf_counter() - start)
    samples = []
    with Sheet.open(path) as sheet:
        claim_ids = [claim.id for claim in sheet.claims()[:edits]]
        for n, claim_id in enumerate(claim_ids):
            start = time.perf_counter()
            sheet.set_verdict(claim_id, "false", rationale=f"edit {n}")
            samples.append(time.perf_counter() - start)
    return median_ms(samples), median_ms(opens)


def bench_stock(folder: Path, quotes: int, edits: int) -> tuple[float, float]:
    path = folder / "stock.json"
    data = generate(quotes)
    path.write_bytes(encode(data))
    opens = []
    for _ in range(3):
        start = time.perf_counter()
        with TinyDB(path, storage=JSONStorage) as db:
            db.table("claims").all()
        opens.append(time.perf_counter() - start)
    samples = []
    with TinyDB(path, storage=JSONStorage) as db:
        claims = db.table("claims")
        for n, doc_id in enumerate(list(data["claims"])[:edits]):
            start = time.perf_counter()
            claims.update({"rating": "false", "rationale": f"edit {n}"}, doc_ids=[int(doc_id)])
            samples.append(time.perf_counter() - start)
    return median_ms(samples), median_ms(opens)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    print(__doc__.splitlines()[0])
    header = f"{'quotes':>8}  {'edit: factsheet':>16}  {'edit: stock':>12}  {'speed-up':>8}"
    print(header + f"  {'open: factsheet':>16}  {'open: stock':>12}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as work:
            ours_edit, ours_open = bench_factsheet(Path(work), size, args.edits)
            stock_edit, stock_open = bench_stock(Path(work), size, args.edits)
        print(
            f"{size:>8,}  {ours_edit:>13.1f} ms  {stock_edit:>9.1f} ms  "
            f"{stock_edit / ours_edit:>7.1f}x"
            f"  {ours_open:>13.1f} ms  {stock_open:>9.1f} ms"
        )


if __name__ == "__main__":
    main()
