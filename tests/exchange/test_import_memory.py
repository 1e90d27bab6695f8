"""What an import holds in memory while it reads a shared file, measured in a process of
its own (its resident memory's high-water mark)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from factsheet.exchange import json_format

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from corpus import build

PARSE = textwrap.dedent(
    """
    import sys
    from factsheet.exchange import json_format

    def status(field):
        for line in open("/proc/self/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024

    raw = open(sys.argv[1], "rb").read()
    before = status("VmRSS")
    json_format.parse(raw, "shared.json")
    print((status("VmHWM") - before) / len(raw))
    """
)


def test_reading_an_export_with_an_emoji_takes_little_more_than_its_records(
    tmp_path: Path,
) -> None:
    """One character beyond the first 65,536 (an emoji) made the whole document, read as
    text, take four bytes a character: 8.6 times the file at the peak, now 2.4."""
    corpus = build(1_000)
    claims = list(corpus.tables["claims"].values())
    for claim in claims[:4]:
        claim["rationale"] = ("The margin is five percent, not zero. " * 25_000)[:900_000]
    claims[5]["text"] = "🙂 小米 says so"
    meta = next(iter(corpus.tables["sheet"].values()))
    keys = ("title", "description", "scale", "created", "updated")
    document = {"format": "factsheet", "version": 1, "sheet": {key: meta[key] for key in keys}}
    for kind in ("sources", "claims", "quotes", "history"):
        document[kind] = sorted(corpus.tables[kind].values(), key=lambda record: record["id"])
    shared = tmp_path / "shared.json"
    shared.write_bytes(json_format.dumps(document))
    done = subprocess.run(
        [sys.executable, "-c", PARSE, str(shared)], capture_output=True, text=True, check=True
    )
    assert float(done.stdout) < 4  # the parsed records and one copy of the bytes to compare
