"""Saves that copy unchanged records from the file they replace, and files read a chunk at
a time: every save is exactly the full encoding of what is in memory, whatever mix of
edits, undos, failed edits and other processes' saves came before, and a file is read
as orjson reads it (or refused as before)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import orjson
import pytest

from factsheet.errors import SheetFileError
from factsheet.storage import layout
from factsheet.storage.atomic import FileChangedError, Version
from factsheet.storage.fileformat import encode, new_contents, parse
from factsheet.storage.store import SheetStore


def _meta() -> dict[str, object]:
    return {"title": "t", "description": "", "scale": [], "created": "", "updated": "", "schema": 3}


def _quote(n: int) -> dict[str, object]:
    text = f'words ’{n}’ said "so": {{ {n} }}'
    return {
        "id": f"q-{n}",
        "claim": "c-1",
        "source": "s-1",
        "text": text,
        "anchor": {"exact": text, "status": "exact", "snapshot": "snap-1", "score": 100.0},
    }


def _filled(path: Path, count: int) -> SheetStore:
    """A new sheet at `path` with `count` quotes, open to write."""
    SheetStore.create(path, new_contents(_meta())).close()
    store = SheetStore.open(path)
    with store.change("fill") as writer:
        for n in range(count):
            writer.insert("quotes", _quote(n))
    return store


def _on_disk(store: SheetStore) -> dict[str, dict[str, object]]:
    contents = parse(store.path.read_bytes(), store.path)
    return {name: dict(table.records) for name, table in contents.tables.items()}


def _in_memory(store: SheetStore) -> dict[str, dict[str, object]]:
    return {name: dict(store.records(name)) for name in ("sheet", "quotes", "claims")}


def test_every_save_is_the_full_encoding_whatever_came_before(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    SheetStore.create(path, new_contents(_meta())).close()
    store = SheetStore.open(path)
    other = SheetStore.open(path)
    chance = random.Random(14)
    made = 0
    with store.change("fill") as writer:
        for _ in range(300):
            made += 1
            writer.insert("quotes", _quote(made))
    for step in range(150):
        ids = list(store.records("quotes"))
        action = chance.choice(["add", "edit", "remove", "many", "undo", "fail", "other"])
        if action == "add":
            made += 1
            with store.change("add") as writer:
                writer.insert("quotes", _quote(made))
        elif action == "edit" and ids:
            with store.change("edit") as writer:
                writer.update("quotes", chance.choice(ids), {"note": f"step {step}"})
        elif action == "remove" and ids:
            with store.change("remove") as writer:
                writer.remove("quotes", chance.choice(ids))
        elif action == "many" and len(ids) > 10:
            with store.change("many") as writer:
                for record_id in chance.sample(ids, 5):
                    writer.update("quotes", record_id, {"note": "many"})
                writer.remove("quotes", ids[0])
                made += 1
                writer.insert("quotes", _quote(made))
        elif action == "undo" and (change := store.pop_undo()) is not None:
            with store.change("", undoable=False) as writer:
                for op in reversed(change.ops.values()):
                    writer.put(op.table, op.record_id, op.before, op.doc_id)
        elif action == "fail" and ids:
            with pytest.raises(RuntimeError), store.change("fail") as writer:
                writer.update("quotes", ids[-1], {"note": "never saved"})
                raise RuntimeError
        elif action == "other" and ids:  # another process saves meanwhile
            other.sync()
            with other.change("theirs") as writer:
                writer.update("quotes", chance.choice(list(other.records("quotes"))), {"by": "x"})
        raw = path.read_bytes()
        assert raw == encode(parse(raw, path)), f"step {step}: {action}"
        store.sync()
        assert _on_disk(store) == _in_memory(store) | {"history": {}, "sources": {}, "deleted": {}}
    store.close()
    other.close()


def test_a_save_never_copies_from_a_file_changed_in_place(tmp_path: Path) -> None:
    """The unchanged records are read again from the version the store holds open; if that
    file was written in place (not replaced), nothing of it is copied."""
    path = tmp_path / "s.json"
    _filled(path, 20).close()
    fd = os.open(path, os.O_RDONLY)
    version = Version(fd)
    assert version.read_back() == path.read_bytes()
    with path.open("r+b") as file:  # in place: same inode, new bytes
        file.seek(40)
        file.write(b"X")
    with pytest.raises(FileChangedError):
        version.read_back()
    version.release()


def test_a_sheet_changed_in_place_while_open_is_read_again_before_a_save(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    store = _filled(path, 20)
    raw = path.read_bytes()
    with path.open("r+b") as file:  # another program rewrites a quote in place
        file.write(raw.replace(b"words \xe2\x80\x991\xe2", b"WORDS \xe2\x80\x991\xe2"))
    with store.change("edit") as writer:
        writer.update("quotes", "q-2", {"note": "mine"})
    saved = path.read_bytes()
    assert saved == encode(parse(saved, path))
    assert store.records("quotes")["q-1"]["text"].startswith("WORDS")
    assert store.records("quotes")["q-2"]["note"] == "mine"
    store.close()


def test_a_file_in_the_layout_is_read_as_orjson_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    _filled(path, layout.CHUNK * 2 + 3).close()
    raw = path.read_bytes()
    parsed = layout.parse_layout(raw)
    assert parsed is not None and parsed == orjson.loads(raw)
    quote = parsed["quotes"]["7"]
    assert quote["anchor"]["exact"] is quote["text"]  # kept once in memory
    assert quote["text"] == 'words ’6’ said "so": { 6 }'  # text like the layout's, untouched


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda raw: raw.replace(b'    "2": {', b'    "1": {', 1), "repeats the key '1'"),
        (lambda raw: raw.replace(b'    "300": {', b'    "3": {', 1), "repeats the key '3'"),
        (lambda raw: raw.replace(b'"claim":"c-1"', b'"claim":"c-1","claim":"c-2"', 1), "repeats"),
        (lambda raw: raw.replace(b"}\n  },", b"},\n  },", 1), "is not valid JSON"),
        (lambda raw: raw.replace(b'"q-5",', b'"q-5"', 1), "is not valid JSON"),
        (lambda raw: raw[:-3] + b"\n", "is not valid JSON"),
        # a comma missing where one chunk of lines ends and the next begins
        (lambda raw: raw.replace(b'},\n    "257": {', b'}\n    "257": {', 1), "is not valid"),
    ],
)
def test_a_damaged_file_in_the_layout_is_refused_as_before(
    tmp_path: Path, damage: object, problem: str
) -> None:
    path = tmp_path / "s.json"
    _filled(path, layout.CHUNK + 60).close()
    raw = damage(path.read_bytes())  # type: ignore[operator]
    assert layout.parse_layout(raw) is None
    with pytest.raises(SheetFileError, match=problem):
        parse(raw, path)


def test_a_file_in_another_layout_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    SheetStore.create(path, new_contents(_meta())).close()
    data = json.loads(path.read_bytes())
    data["quotes"] = {"1": _quote(1)}
    pretty = json.dumps(data, indent=4).encode()
    assert layout.parse_layout(pretty) is None
    assert parse(pretty, path).tables["quotes"].records["q-1"] == _quote(1)


def test_records_put_back_over_another_save_are_written_not_taken_from_the_file(
    tmp_path: Path,
) -> None:
    """Another process deletes a claim this one rates meanwhile: the claim comes back with
    its quotes (put back without an edit of their own) while this one's own deletes leave
    the quote table as long as the file's. Each record is written as it is in memory, never
    another's line copied from the file in its place."""
    from filelock import FileLock

    from factsheet.storage.atomic import write_atomically
    from factsheet.storage.locking import lock_path

    path = tmp_path / "s.json"
    contents = new_contents(_meta())
    for claim in ("c-1", "c-2", "c-3"):
        contents.tables["claims"].records[claim] = {"id": claim, "rating": "unrated"}
    for n, claim in ((1, "c-1"), (2, "c-1"), (3, "c-2"), (4, "c-2")):
        contents.tables["quotes"].records[f"q-{n}"] = dict(_quote(n), claim=claim)
    for table in contents.tables.values():
        for number, key in enumerate(table.records, start=1):
            table.doc_ids[key] = table.top = number
    path.write_bytes(encode(contents))
    here = SheetStore.open(path, background_saves=True)
    with FileLock(lock_path(path)):
        with here.change("rate; drop c-2's quotes") as writer:
            writer.update("claims", "c-1", {"rating": "false"})
            writer.remove("quotes", "q-3")
            writer.remove("quotes", "q-4")
            writer.remove("claims", "c-3")  # every table as long as the file's
        elsewhere = parse(path.read_bytes(), path)
        for table, key in (("claims", "c-1"), ("quotes", "q-1"), ("quotes", "q-2")):
            del elsewhere.tables[table].records[key]
            del elsewhere.tables[table].doc_ids[key]
        write_atomically(path, encode(elsewhere))
    here.flush()
    here.close()
    raw = path.read_bytes()
    assert raw == encode(parse(raw, path))
    saved = parse(raw, path).tables
    assert saved["claims"].records["c-1"]["rating"] == "false"
    assert set(saved["claims"].records) == {"c-1", "c-2"}
    assert set(saved["quotes"].records) == {"q-1", "q-2"}
    assert saved["quotes"].records["q-1"] == dict(_quote(1), claim="c-1")


def test_a_large_file_in_the_layout_is_read_without_all_its_bytes_in_memory(
    tmp_path: Path,
) -> None:
    """Opening a sheet takes little more memory than its records: the file's bytes are read
    a few hundred lines at a time, never all at once beside the records made from them."""
    import tracemalloc

    from factsheet.storage.fileformat import read_version

    path = tmp_path / "s.json"
    contents = new_contents(_meta())
    quotes = contents.tables["quotes"]
    for n in range(20_000):
        quote = dict(_quote(n), note=f"checked against the page {n} " * 8)
        quotes.records[quote["id"]] = quote  # type: ignore[index]
        quotes.doc_ids[quote["id"]] = quotes.top = n + 1  # type: ignore[index]
    path.write_bytes(encode(contents))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        version, read, places = read_version(path)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    version.release()
    assert read.tables["quotes"].records == quotes.records
    assert places is not None and places["quotes"][2] == 20_000
    assert peak - held < size / 2, f"{(peak - held) / size:.2f}× the file beyond the records"
